"""A deck's source article: its sections and paragraphs, and where a quoted phrase stands in it.

A question may carry `evidence`, a short phrase quoted from the article that
supports its answer. `quizapp validate` finds each phrase in the article, so
that a bank and its article cannot drift apart unnoticed when either is
edited, and `--coverage` shows which paragraphs no question asks about.

The article comes from outside like the bank: nothing here prints, and
callers show its text through `quizapp.text.safe`. It is never stored.

How a plain-text article is read (checked against real articles: text copied
from a news page has one paragraph per line and headings on lines of their own):

* a paragraph is one line; in a hard-wrapped article (no line longer than
  `WRAPPED_WIDTH` characters, as an editor or an e-mail wraps text) it is the
  run of lines up to the next blank line;
* a heading is a short line (at most `MAX_HEADING_WORDS` words) that does not
  end like a sentence (`. ! ? : ; ,` or `…`, perhaps inside a closing quote)
  and has more text after it; in a hard-wrapped article it also stands alone
  between blank lines. A Markdown heading (`## Title`) is always one;
* the text before the first heading (a headline and a summary, usually) is a
  section of its own.

A phrase is compared in the form typed answers are (`normalise`): case,
accents, punctuation (so straight and curly quotes, apostrophes and dashes
alike) and line breaks do not matter. Its words must stand in the article in
the same order, and one typo is forgiven in a phrase of 5 or more characters.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from quizapp.bank.model import Deck
from quizapp.bank.problems import Problem, Severity
from quizapp.text.normalise import MIN_LENGTH_FOR_TYPOS, normalise
from quizapp.text.wording import plural

MAX_EVIDENCE_WORDS = 12
"""Longer evidence is warned: a phrase that supports the answer, not a copy of the article."""
MAX_HEADING_WORDS = 12
"""A line longer than this is a paragraph, whatever its end."""
WRAPPED_WIDTH = 100
"""An article with no line longer than this is taken to be hard-wrapped."""
MAX_ARTICLE_BYTES = 1_000_000
"""A news article is tens of KB; a file far larger is not the article a deck was written from."""
PREVIEW_WORDS = 8
"""`--coverage` shows this many words of each paragraph, so it never prints the article."""

SENTENCE_ENDS = ".!?:;,…"
"""A line ending in one of these (perhaps inside closing quotes) is text, not a heading."""
_CLOSERS = "\"'”’»)]*_"
"""Quotes, brackets and emphasis marks that may follow a sentence's final punctuation."""
_MARKDOWN_HEADING = re.compile(r"\s*#{1,6}\s+\S")
_MARKDOWN_MARKS = re.compile(r"^\s*#{1,6}\s+")
_WORD = re.compile(r"\S+")


class ArticleUnreadable(Exception):
    """The article file could not be read as text; the message says why, for a person."""


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph of the article."""

    text: str
    """As written, with its line breaks turned into spaces."""
    line: int
    """The line it starts on (1-based)."""
    heading: bool
    """True for a heading, False for a paragraph."""
    first_word: int
    """Index of its first normalised word in the article."""
    end_word: int
    """Index just past its last normalised word."""

    def preview(self, words: int = PREVIEW_WORDS) -> str:
        """Its first `words` words and `…`: enough to recognise it, too little to copy it."""
        parts = self.text.split()
        return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


@dataclass(frozen=True)
class Passage:
    """Some words of the article: where a phrase was found, or what came closest to it."""

    text: str
    """The article's own words, line breaks turned into spaces (at most `MAX_EVIDENCE_WORDS`)."""
    line: int
    """The line of the article they start on."""
    block: int
    """Index of the heading or paragraph they start in, in `Article.blocks`."""


@dataclass(frozen=True)
class Section:
    """A heading (None for the text before the first one) and the paragraphs under it."""

    heading: int | None
    """Index of the heading in `Article.blocks`."""
    paragraphs: tuple[int, ...]
    """Indexes of its paragraphs in `Article.blocks`."""


class Article:
    """An article's text split into headings and paragraphs, searchable by normalised words."""

    def __init__(self, text: str, label: str) -> None:
        self.label = label
        """The file as the user (or the bank) named it, for messages."""
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._text = text
        self._line_starts = [0] + [match.end() for match in re.finditer(r"\n", text)]
        self._words: list[str] = []
        """Every word of the article in normalised form (`Korea’s` gives `korea`, `s`)."""
        self._spans: list[tuple[int, int]] = []
        """Where in the text each normalised word was written (a whole `\\S+` token)."""
        blocks = []
        for start, end, heading in _block_spans(text):
            first = len(self._words)
            for token in _WORD.finditer(text, start, end):
                for word in normalise(token.group()).split():
                    self._words.append(word)
                    self._spans.append(token.span())
            if len(self._words) > first:
                written = _MARKDOWN_MARKS.sub("", text[start:end])
                blocks.append(
                    Block(
                        " ".join(written.split()),
                        self._line_of(start),
                        heading,
                        first,
                        len(self._words),
                    )
                )
        self.blocks: tuple[Block, ...] = tuple(blocks)
        """Headings and paragraphs in the order they stand."""
        self._block_starts = [block.first_word for block in self.blocks]
        self._joined = " " + " ".join(self._words) + " "
        """The words with one space around each, for finding a phrase with `str.find`."""
        self._offsets: list[int] = []
        """Where each word starts in `_joined`."""
        offset = 1
        for word in self._words:
            self._offsets.append(offset)
            offset += len(word) + 1

    @property
    def sections(self) -> tuple[Section, ...]:
        """The paragraphs grouped under their headings; a heading may have none (a part's title)."""
        sections: list[Section] = []
        heading: int | None = None
        paragraphs: list[int] = []
        for index, block in enumerate(self.blocks):
            if block.heading:
                if heading is not None or paragraphs:
                    sections.append(Section(heading, tuple(paragraphs)))
                heading, paragraphs = index, []
            else:
                paragraphs.append(index)
        if heading is not None or paragraphs:
            sections.append(Section(heading, tuple(paragraphs)))
        return tuple(sections)

    def find(self, phrase: str) -> Passage | None:
        """Where `phrase` stands in the article (its first place), or None.

        Word for word in normalised form; one typo is forgiven when the phrase
        has at least `MIN_LENGTH_FOR_TYPOS` characters (a typo may also join or
        split two words, so windows one word shorter and longer are tried).
        """
        key = normalise(phrase)
        if not key:
            return None
        count = len(key.split())
        at = self._joined.find(f" {key} ")
        if at >= 0:
            return self._passage(bisect.bisect_right(self._offsets, at + 1) - 1, count)
        if len(key) < MIN_LENGTH_FOR_TYPOS:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        for size in (count, count - 1, count + 1):
            if 1 <= size <= len(self._words):
                found = process.extractOne(
                    key, self._windows(size), scorer=OSA.distance, score_cutoff=1
                )
                if found is not None:
                    return self._passage(found[2], size)
        return None

    def closest(self, phrase: str) -> Passage | None:
        """The passage of as many words as `phrase` that reads most like it (None: no text)."""
        from rapidfuzz import fuzz, process

        key = normalise(phrase)
        size = min(max(len(key.split()), 1), len(self._words))
        if not size:
            return None
        found = process.extractOne(key, self._windows(size), scorer=fuzz.ratio)
        return self._passage(found[2], size) if found is not None else None

    def block_of(self, passage: Passage) -> Block:
        """The heading or paragraph a passage starts in."""
        return self.blocks[passage.block]

    # -- inside --------------------------------------------------------------

    def _windows(self, size: int) -> Iterator[str]:
        """Every run of `size` consecutive words, as one normalised string, in order."""
        words, offsets, joined = self._words, self._offsets, self._joined
        for first in range(len(words) - size + 1):
            last = first + size - 1
            yield joined[offsets[first] : offsets[last] + len(words[last])]

    def _passage(self, first: int, size: int) -> Passage:
        last = min(first + size, first + MAX_EVIDENCE_WORDS, len(self._words)) - 1
        start, end = self._spans[first][0], self._spans[last][1]
        text = " ".join(self._text[start:end].split())
        if last < first + size - 1:
            text += " …"
        block = bisect.bisect_right(self._block_starts, first) - 1
        return Passage(text, self._line_of(start), block)

    def _line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)


def _block_spans(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is a heading) of each heading and paragraph, as the module docstring says."""
    lines: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, offset + len(line)))
        offset += len(line) + 1
    wrapped = all(len(text[start:end].rstrip()) <= WRAPPED_WIDTH for start, end in lines)
    groups: list[list[tuple[int, int]]] = [[]]
    for start, end in lines:
        if text[start:end].strip():
            groups[-1].append((start, end))
        elif groups[-1]:
            groups.append([])
    groups = [group for group in groups if group]
    if not wrapped:
        groups = [[line] for group in groups for line in group]
    for number, group in enumerate(groups):
        first = text[group[0][0] : group[0][1]]
        has_more = number + 1 < len(groups) or len(group) > 1
        if _MARKDOWN_HEADING.match(first) or (
            has_more and _looks_like_heading(first) and (len(group) == 1 or not wrapped)
        ):
            yield group[0][0], group[0][1], True
            group = group[1:]
        if group:
            yield group[0][0], group[-1][1], False


def _looks_like_heading(line: str) -> bool:
    """Short, and not ending like a sentence."""
    words = line.split()
    return 0 < len(words) <= MAX_HEADING_WORDS and line.rstrip().rstrip(_CLOSERS)[-1:] not in (
        *SENTENCE_ENDS,
        "",
    )


def read_article(path: Path, label: str | None = None) -> Article:
    """Read an article file (UTF-8 plain text, a BOM is fine); `ArticleUnreadable` says why not."""
    label = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleUnreadable(
                f"the article {label} is {size / 1e6:.1f} MB, over the limit of "
                f"{MAX_ARTICLE_BYTES // 1_000_000} MB: give the article alone, as plain text"
            )
        data = path.read_bytes()
    except OSError as error:
        raise ArticleUnreadable(
            f"cannot read the article {label}: {error.strerror or error}"
        ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ArticleUnreadable(
            f"the article {label} is not UTF-8 text (line {line}, byte {error.start}); "
            "save it as plain text (UTF-8)"
        ) from None
    article = Article(text, label)
    if not article.blocks:
        raise ArticleUnreadable(f"the article {label} has no text")
    return article


def article_path(deck: Deck) -> Path | None:
    """The article a deck names with `source: {file: ...}`, relative to the bank file."""
    return deck.path.parent / deck.source.file if deck.source.file else None


@dataclass(frozen=True)
class EvidenceCheck:
    """What checking one deck's evidence against its article found."""

    warnings: tuple[Problem, ...]
    """A phrase not in the article (with the closest passage), or too long."""
    found: Mapping[str, Passage]
    """Where each question's evidence stands, by question id (found ones only)."""
    with_evidence: int
    """How many questions carry evidence."""


def check_evidence(deck: Deck, article: Article) -> EvidenceCheck:
    """Find every question's evidence in `article`; warn where it is missing or too long."""
    label = str(deck.path)
    warnings: list[Problem] = []
    found: dict[str, Passage] = {}
    with_evidence = 0
    for question in deck.questions:
        if not question.evidence:
            continue
        with_evidence += 1
        words = len(question.evidence.split())
        if words > MAX_EVIDENCE_WORDS:
            warnings.append(
                Problem(
                    label,
                    question.line,
                    f"the evidence has {words} words; quote at most {MAX_EVIDENCE_WORDS}, "
                    "enough to support the answer (a bank should not copy the article)",
                    question.id,
                    Severity.WARNING,
                )
            )
        passage = article.find(question.evidence)
        if passage is not None:
            found[question.id] = passage
            continue
        warnings.append(
            Problem(
                label,
                question.line,
                _not_found_message(question.evidence, article),
                question.id,
                Severity.WARNING,
            )
        )
    return EvidenceCheck(tuple(warnings), found, with_evidence)


def _not_found_message(evidence: str, article: Article) -> str:
    closest = article.closest(evidence)
    message = f"the evidence “{evidence}” is not in the article {article.label}"
    if closest is not None:
        message += (
            f"; the closest passage, at {article.label}:{closest.line}, reads “{closest.text}”"
        )
    return message + ": quote the article's own words (case, quotes and one typo do not matter)"


def coverage_report(deck: Deck, article: Article, check: EvidenceCheck) -> list[str]:
    """Lines listing each section and paragraph with the ids of the questions citing it.

    Paragraphs are shown by their line and first few words only. What no
    question cites is listed again at the end, as what is left to ask about: a
    whole section at once when none of it is cited, else each paragraph.
    """
    citing: dict[int, list[str]] = {}
    for question_id, passage in check.found.items():
        citing.setdefault(passage.block, []).append(question_id)
    sections = article.sections
    paragraphs = [index for section in sections for index in section.paragraphs]
    uncited_count = sum(index not in citing for index in paragraphs)
    lines = [
        f"Coverage of {article.label} by {deck.path}: "
        f"{len(paragraphs) - uncited_count} of {len(paragraphs)} paragraphs cited; "
        f"evidence found for {len(check.found)} of {len(deck.questions)} questions"
    ]
    uncited: list[str] = []
    for section in sections:
        blocks = (
            (section.heading, *section.paragraphs)
            if section.heading is not None
            else section.paragraphs
        )
        ids = [question_id for index in blocks for question_id in citing.get(index, [])]
        title = _section_title(article, section)
        lines.append(f"{title} — {_cited_by(ids)}" if ids or section.paragraphs else title)
        for index in section.paragraphs:
            block = article.blocks[index]
            lines.append(f"  line {block.line}: {block.preview()} — {_cited_by(citing.get(index))}")
        if section.paragraphs and not ids:
            uncited.append(
                f"  {title}: the whole section, {plural(len(section.paragraphs), 'paragraph')}"
            )
        elif ids:
            uncited += [
                f"  line {article.blocks[index].line}: {article.blocks[index].preview()}"
                for index in section.paragraphs
                if index not in citing
            ]
    if not uncited:
        lines.append("Every paragraph is cited by at least one question.")
    else:
        lines.append(
            f"Not cited by any question ({uncited_count} of {len(paragraphs)} paragraphs):"
        )
        lines += uncited
    return lines


def _section_title(article: Article, section: Section) -> str:
    """`§ Heading (line 8)`, or `(before the first heading)`."""
    if section.heading is None:
        return "(before the first heading)"
    heading = article.blocks[section.heading]
    return f"§ {heading.text} (line {heading.line})"


def _cited_by(ids: list[str] | None) -> str:
    return ", ".join(dict.fromkeys(ids)) if ids else "not cited"
