"""A bank checked against its article: evidence phrases, `source: {file:}`, `--source`, `--coverage`.

The article used here is a short made-up one written for these tests; the
real article the bundled bank was written from is read from ../shared/source
when it is there, and never copied into the project.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from quizapp.bank import BankError, load_deck
from quizapp.bank.article import (
    MAX_EVIDENCE_WORDS,
    Article,
    ArticleUnreadable,
    check_evidence,
    read_article,
)
from quizapp.bank.schema import bank_schema
from quizapp.cli import main
from tests.cli_helpers import quizapp

REAL_ARTICLE = Path(__file__).resolve().parents[1].parent / "shared/source/article-apec-lee-xi.txt"
BUNDLED_BANK = Path(__file__).resolve().parents[1] / "questions/apec-2025-korea-china.yaml"

ARTICLE = """\
Riverside Bridge reopens after two years of repairs.
The old stone bridge at Millford carries traffic again from Monday, the town council said.

Why the bridge closed
Engineers found cracks in the central arch during a routine survey in the spring of 2023, and the council shut the bridge the same week. Cyclists were sent on a detour of about four kilometres, and the ferry ran every twenty minutes to keep the market supplied.
Some shopkeepers said trade fell by a third while the bridge was closed.
What changed
The arch was rebuilt with the original stones, numbered one by one and put back in their places. The council’s “heritage first” rule meant that no concrete could be seen from the river.
The work cost 4.2 million euros — twice the first estimate — and was paid for by the region.
Looking ahead
A festival on the bridge is planned for the first Saturday in June.
"""
"""Made up for these tests, laid out as text copied from a news page: a paragraph per line."""

PARAGRAPH_LINES = [1, 2, 5, 6, 8, 9, 11]
HEADINGS = ["Why the bridge closed", "What changed", "Looking ahead"]


def hard_wrapped(text: str) -> str:
    """The same article as an editor wraps it: 60 columns, blank lines between paragraphs."""
    blocks = []
    for line in text.strip().splitlines():
        if line.strip():
            blocks.append(textwrap.fill(line, 60))
    return "\n\n".join(blocks) + "\n"


BANK = """\
title: The bridge
source:
  title: Riverside Bridge reopens
  file: sources/bridge.txt
questions:
  - id: closed-years
    type: number
    prompt: For how many years was the bridge closed?
    answer: 2
    explanation: The repairs took two years.
    evidence: reopens after two years of repairs
  - id: cause
    type: choice
    prompt: What did the engineers find?
    choices: [Cracks in the arch, A sunken pier, Rotten beams]
    answer: Cracks in the arch
    explanation: A routine survey found them.
    evidence: "Engineers found cracks in the central arch"
  - id: detour
    type: number
    prompt: How long was the cyclists' detour?
    answer: 4
    unit: kilometres
    explanation: About four kilometres.
    evidence: the FERRY ran every twenty minutes
  - id: rule
    type: text
    prompt: Which rule kept concrete out of sight?
    answer: heritage first
    explanation: The council's own rule.
    evidence: The council's "heritage first" rule
"""

SOURCE_LINE = 4
"""The line of `file:` in BANK."""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def make_bank(tmp_path: Path, bank: str = BANK, article: str | None = ARTICLE) -> Path:
    """The bank in tmp_path/banks, its article (when given) in tmp_path/banks/sources."""
    if article is not None:
        write(tmp_path / "banks/sources/bridge.txt", article)
    return write(tmp_path / "banks/bridge.yaml", bank)


def with_question(extra: str) -> str:
    """BANK with one more question appended (YAML written at the question's indent)."""
    return BANK + textwrap.indent(textwrap.dedent(extra), "  ")


def question_line(bank: str, question_id: str) -> int:
    return bank.splitlines().index(f"  - id: {question_id}") + 1


# -- reading an article ------------------------------------------------------------------


def test_an_article_is_read_as_headings_and_paragraphs() -> None:
    """A paragraph per line; short lines that do not end like a sentence are headings."""
    article = Article(ARTICLE, "bridge.txt")
    assert [block.text for block in article.blocks if block.heading] == HEADINGS
    assert [block.line for block in article.blocks if not block.heading] == PARAGRAPH_LINES
    assert [
        (None if s.heading is None else article.blocks[s.heading].text, len(s.paragraphs))
        for s in article.sections
    ] == [(None, 2), ("Why the bridge closed", 2), ("What changed", 2), ("Looking ahead", 1)]


def test_a_hard_wrapped_article_gives_the_same_paragraphs() -> None:
    """Wrapped at 60 columns, a paragraph runs to the blank line; a line alone is a heading."""
    one_per_line = Article(ARTICLE, "bridge.txt")
    wrapped = Article(hard_wrapped(ARTICLE), "bridge.txt")
    assert max(len(line) for line in hard_wrapped(ARTICLE).splitlines()) <= 60
    assert [(b.text, b.heading) for b in wrapped.blocks] == [
        (b.text, b.heading) for b in one_per_line.blocks
    ]
    assert len(wrapped.blocks[3].text.split()) > 40  # the long paragraph, joined from its lines


def test_markdown_headings_and_windows_line_ends() -> None:
    """`## Title` is a heading even when it ends like a sentence; CR LF is one line break."""
    article = Article(
        "# Bridge news.\r\nThe bridge is open.\r\n\r\n## What next\r\nA fair.\r\n", "x"
    )
    assert [(b.text, b.heading, b.line) for b in article.blocks] == [
        ("Bridge news.", True, 1),
        ("The bridge is open.", False, 2),
        ("What next", True, 4),
        ("A fair.", False, 5),
    ]


@pytest.mark.skipif(not REAL_ARTICLE.is_file(), reason="the source article is not on this machine")
def test_the_real_article_has_the_sections_the_bundled_bank_names() -> None:
    """The article the bundled bank was written from: its headings are what `section:` names."""
    article = read_article(REAL_ARTICLE)
    headings = [block.text for block in article.blocks if block.heading]
    assert len(headings) == 6
    assert sum(not block.heading for block in article.blocks) == 9
    assert article.sections[0].heading is None  # the headline and summary come first
    named = {question.section for question in load_deck(BUNDLED_BANK).questions}
    assert named - set(headings) == {"Highlights"}  # the summary before the first heading


# -- finding evidence --------------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "TWICE THE FIRST ESTIMATE",  # case
        'The council\'s "heritage first" rule',  # straight quotes for curly ones
        "cost 4.2 million euros - twice",  # a hyphen for a dash
        "cost 4.2 million euros -- twice",
        "the   council\nshut the bridge",  # spaces and a line break
        "twice the frist estimate",  # one typo: two letters swapped
        "twice the first estimat",  # one typo: a letter missing
        "a detour of about fourkilometres",  # one typo: a space missing
    ],
)
def test_evidence_is_found_despite_case_quotes_spacing_and_one_typo(phrase: str) -> None:
    passage = Article(ARTICLE, "bridge.txt").find(phrase)
    assert passage is not None
    assert passage.line in (5, 8, 9)


def test_a_phrase_split_by_the_wrapping_is_found_on_the_line_it_starts() -> None:
    """In a wrapped article a phrase may run over a line break; its line is where it starts."""
    text = hard_wrapped(ARTICLE)
    phrase = "the ferry ran every twenty minutes to keep"
    assert not any(phrase in line for line in text.splitlines())
    passage = Article(text, "bridge.txt").find(phrase)
    assert passage is not None
    assert passage.text == phrase
    assert text.splitlines()[passage.line - 1].endswith("and the ferry ran every twenty")


@pytest.mark.parametrize(
    "phrase",
    [
        "twice the frist estimatte",  # two typos
        "the ferry ran every thirty minutes",  # another fact
        "estimate twice",  # words out of order
        "arc",  # short: one typo would be too many ("arch")
    ],
)
def test_other_phrases_are_not_found(phrase: str) -> None:
    assert Article(ARTICLE, "bridge.txt").find(phrase) is None


def test_a_phrase_not_found_is_reported_with_the_closest_passage(tmp_path: Path) -> None:
    bank = with_question(
        """\
        - id: ferry
          type: truefalse
          prompt: The ferry ran every half hour.
          answer: false
          explanation: It ran every twenty minutes.
          evidence: the ferry ran every thirty minutes
        """
    )
    path = make_bank(tmp_path, bank)
    deck = load_deck(path)
    check = check_evidence(deck, read_article(tmp_path / "banks/sources/bridge.txt", "bridge.txt"))
    assert [str(problem) for problem in check.warnings] == [
        f"{path}:{question_line(bank, 'ferry')}: question ferry: warning: the evidence "
        "“the ferry ran every thirty minutes” is not in the article bridge.txt; the closest "
        "passage, at bridge.txt:5, reads “the ferry ran every twenty minutes”: quote the "
        "article's own words (case, quotes and one typo do not matter)"
    ]
    assert set(check.found) == {"closed-years", "cause", "detour", "rule"}
    assert check.with_evidence == 5


def test_evidence_longer_than_twelve_words_is_warned(tmp_path: Path) -> None:
    """Even when it is in the article: a bank quotes a phrase, it does not copy the article."""
    long = "Engineers found cracks in the central arch during a routine survey in the spring"
    assert len(long.split()) == MAX_EVIDENCE_WORDS + 2
    bank = with_question(
        f"""\
        - id: survey
          type: truefalse
          prompt: A routine survey found the cracks.
          answer: true
          explanation: It was in the spring.
          evidence: {long}
        """
    )
    path = make_bank(tmp_path, bank)
    check = check_evidence(load_deck(path), read_article(tmp_path / "banks/sources/bridge.txt"))
    assert [str(problem) for problem in check.warnings] == [
        f"{path}:{question_line(bank, 'survey')}: question survey: warning: the evidence has "
        "14 words; quote at most 12, enough to support the answer (a bank should not copy "
        "the article)"
    ]
    assert "survey" in check.found


# -- the bank format -----------------------------------------------------------------------


def test_evidence_and_source_file_are_read_into_the_deck(tmp_path: Path) -> None:
    deck = load_deck(make_bank(tmp_path))
    assert deck.source.file == "sources/bridge.txt"
    assert deck.field_lines["source.file"] == SOURCE_LINE
    assert deck.questions[3].evidence == 'The council\'s "heritage first" rule'


def test_evidence_and_source_file_must_be_text(tmp_path: Path) -> None:
    bank = BANK.replace("file: sources/bridge.txt", "file: [a.txt, b.txt]").replace(
        "evidence: reopens after two years of repairs", "evidence: {two: years}"
    )
    path = make_bank(tmp_path, bank)
    with pytest.raises(BankError) as raised:
        load_deck(path)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{path}:{SOURCE_LINE}: 'source file' must be text, not a list",
        f"{path}:11: question closed-years: 'evidence' must be text, not a mapping",
    ]


def test_the_schema_accepts_evidence_and_source_file() -> None:
    """Editors complete and accept the two keys, and refuse evidence that is not text."""
    validator = jsonschema.Draft202012Validator(bank_schema())
    data = yaml.safe_load(BANK)
    assert list(validator.iter_errors(data)) == []
    data["questions"][0]["evidence"] = ["two", "years"]
    assert list(validator.iter_errors(data))


# -- quizapp validate ------------------------------------------------------------------------


def test_validate_finds_the_article_relative_to_the_bank(tmp_path: Path) -> None:
    """`source: {file: sources/bridge.txt}` is read next to the bank, not the working folder."""
    make_bank(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = quizapp("validate", "--strict", "../banks/bridge.yaml", cwd=elsewhere)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "../banks/bridge.yaml: 4 of 4 evidence phrases found in ../banks/sources/bridge.txt",
        "OK: 4 questions in 1 deck",
    ]


def test_validate_warns_of_evidence_not_in_the_article_and_strict_fails(tmp_path: Path) -> None:
    bank = BANK.replace("the FERRY ran every twenty minutes", "the ferry ran every hour")
    make_bank(tmp_path, bank)
    result = quizapp("validate", "banks/bridge.yaml", cwd=tmp_path)
    line = question_line(bank, "detour")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].startswith(
        f"banks/bridge.yaml:{line}: question detour: warning: the evidence “the ferry ran every "
        "hour” is not in the article banks/sources/bridge.txt; the closest passage, at "
        "banks/sources/bridge.txt:5, reads “and the ferry ran every”: quote the article's own words"
    )
    assert result.stdout.splitlines()[1:] == [
        "banks/bridge.yaml: 3 of 4 evidence phrases found in banks/sources/bridge.txt",
        "OK: 4 questions in 1 deck (1 warning; --strict counts them as problems)",
    ]
    strict = quizapp("validate", "--strict", "banks/bridge.yaml", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[-1] == (
        "quizapp: 1 warning, counted as problems with --strict"
    )


def test_the_source_option_gives_the_article_for_every_deck(tmp_path: Path) -> None:
    """`--source` needs no `file:` in the bank, and wins over one that points elsewhere."""
    write(tmp_path / "bridge.txt", ARTICLE)
    write(tmp_path / "a.yaml", BANK.replace("  file: sources/bridge.txt\n", ""))
    write(
        tmp_path / "b.yaml",
        BANK.replace("title: The bridge", "title: B\ndeck: b").replace(
            "sources/bridge.txt", "missing.txt"
        ),
    )
    result = quizapp("validate", "--source", "bridge.txt", "a.yaml", "b.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "a.yaml: 4 of 4 evidence phrases found in bridge.txt",
        "b.yaml: 4 of 4 evidence phrases found in bridge.txt",
        "OK: 8 questions in 2 decks",
    ]


def test_without_an_article_evidence_is_not_checked(tmp_path: Path) -> None:
    """No `file:` and no `--source`: nothing is said about evidence, however wrong."""
    bank = BANK.replace("  file: sources/bridge.txt\n", "").replace(
        "reopens after two years of repairs", "words that are in no article at all, anywhere"
    )
    make_bank(tmp_path, bank, article=None)
    result = quizapp("validate", "--strict", "banks/bridge.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "OK: 4 questions in 1 deck\n",
        "",
    )


def test_a_missing_article_named_by_the_bank_is_one_clear_error(tmp_path: Path) -> None:
    make_bank(tmp_path, article=None)
    result = quizapp("validate", "banks/bridge.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"banks/bridge.yaml:{SOURCE_LINE}: cannot read the article banks/sources/bridge.txt: "
        "No such file or directory (source file: is relative to the bank)",
        "quizapp: 1 problem found; fix the bank and try again",
    ]
    assert "Traceback" not in result.stdout + result.stderr


def test_a_missing_source_option_file_is_one_usage_error(tmp_path: Path) -> None:
    make_bank(tmp_path)
    result = quizapp("validate", "--source", "nowhere.txt", "banks", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "quizapp: error: --source: cannot read the article nowhere.txt: No such file or directory"
    ]


def test_an_article_that_is_not_text_is_named_with_its_path(tmp_path: Path) -> None:
    pdf = write(tmp_path / "article.pdf", "")
    pdf.write_bytes(b"%PDF-1.7\n\xe2\x28\xa1 binary")
    with pytest.raises(ArticleUnreadable, match=r"article\.pdf is not UTF-8 text \(line 2"):
        read_article(pdf)
    empty = write(tmp_path / "empty.txt", "\n \n")
    with pytest.raises(ArticleUnreadable, match=r"the article .*empty\.txt has no text"):
        read_article(empty)
    with pytest.raises(ArticleUnreadable, match=r"cannot read the article .*: Is a directory"):
        read_article(tmp_path)


COVERAGE_BANK = BANK.replace(
    "evidence: the FERRY ran every twenty minutes", "evidence: a detour of about four kilometres"
)


def test_coverage_lists_each_paragraph_with_its_questions_and_the_uncited(tmp_path: Path) -> None:
    make_bank(tmp_path, COVERAGE_BANK)
    result = quizapp("validate", "--coverage", "banks/bridge.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "banks/bridge.yaml: 4 of 4 evidence phrases found in banks/sources/bridge.txt",
        "",
        "Coverage of banks/sources/bridge.txt by banks/bridge.yaml: 3 of 7 paragraphs cited; "
        "evidence found for 4 of 4 questions",
        "(before the first heading) — closed-years",
        "  line 1: Riverside Bridge reopens after two years of repairs. — closed-years",
        "  line 2: The old stone bridge at Millford carries traffic … — not cited",
        "§ Why the bridge closed (line 4) — cause, detour",
        "  line 5: Engineers found cracks in the central arch during … — cause, detour",
        "  line 6: Some shopkeepers said trade fell by a third … — not cited",
        "§ What changed (line 7) — rule",
        "  line 8: The arch was rebuilt with the original stones, … — rule",
        "  line 9: The work cost 4.2 million euros — twice … — not cited",
        "§ Looking ahead (line 10) — not cited",
        "  line 11: A festival on the bridge is planned for … — not cited",
        "Not cited by any question (4 of 7 paragraphs):",
        "  line 2: The old stone bridge at Millford carries traffic …",
        "  line 6: Some shopkeepers said trade fell by a third …",
        "  line 9: The work cost 4.2 million euros — twice …",
        "  § Looking ahead (line 10): the whole section, 1 paragraph",
        "OK: 4 questions in 1 deck",
    ]


def test_coverage_shows_only_the_first_words_of_each_paragraph(tmp_path: Path) -> None:
    """The output never carries a paragraph's text beyond its opening words."""
    make_bank(tmp_path, COVERAGE_BANK)
    result = quizapp("validate", "--coverage", "banks/bridge.yaml", cwd=tmp_path)
    for paragraph in ARTICLE.splitlines():
        words = paragraph.split()
        if len(words) > 9:
            assert " ".join(words[7:10]) not in result.stdout


def test_coverage_needs_an_article(tmp_path: Path) -> None:
    make_bank(tmp_path, BANK.replace("  file: sources/bridge.txt\n", ""), article=None)
    result = quizapp("validate", "--coverage", "banks/bridge.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "quizapp: error: --coverage needs the article: give it with --source ARTICLE, "
        "or name it in the bank as source: {file: ARTICLE}\n"
    )


def test_coverage_of_an_article_with_control_characters_shows_them_harmlessly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An article is untrusted text: an escape sequence in it is shown, never obeyed."""
    make_bank(
        tmp_path, COVERAGE_BANK, ARTICLE.replace("The old stone", "The \x1b]52;c;aGk=\x07old")
    )
    assert main(["validate", "--coverage", str(tmp_path / "banks/bridge.yaml")]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "line 2: The ␛]52;c;aGk=␇old" in out


def test_validate_with_an_article_does_not_import_textual(tmp_path: Path) -> None:
    make_bank(tmp_path)
    result = quizapp("validate", "--coverage", "banks", cwd=tmp_path, trace_imports=True)
    assert result.returncode == 0
    assert "quizapp.bank.article" in result.stderr  # the trace was captured
    assert "textual" not in result.stderr


@pytest.mark.skipif(not REAL_ARTICLE.is_file(), reason="the source article is not on this machine")
def test_the_bundled_bank_validates_against_the_real_article() -> None:
    """Every evidence phrase the bundled bank quotes stands in its article."""
    result = quizapp("validate", "--strict", "--source", str(REAL_ARTICLE), cwd=REAL_ARTICLE.parent)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("OK: ")


def test_coverage_of_several_decks_says_which_have_no_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One deck names its article, another does not: the first is covered, the second named."""
    bank = make_bank(tmp_path, COVERAGE_BANK)
    other = write(
        tmp_path / "banks/other.yaml",
        BANK.replace("title: The bridge", "title: Other\ndeck: other").replace(
            "  file: sources/bridge.txt\n", ""
        ),
    )
    assert main(["validate", "--coverage", str(bank), str(other)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2].startswith(f"Coverage of {tmp_path}/banks/sources/bridge.txt by {bank}: ")
    assert out[-2:] == [
        f"Coverage of {other}: no article; name it in the bank as source: {{file: ARTICLE}}, "
        "or give --source ARTICLE",
        "OK: 8 questions in 2 decks",
    ]
