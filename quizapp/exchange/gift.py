"""GIFT: Moodle's text format for questions, read into banks and written from them.

    $CATEGORY: $course$/top/The summit
    // a comment line
    ::summit-host:: Where is the summit held? {
      =South Korea#Right: the guests travel there.
      ~China#China is the guest's country.
      ####The introduction names South Korea.
    }

A question runs until a blank line; `::name::` names it (its id), the
answers stand in braces: `=right ~wrong` (choice; `%50%` weights make it
multi), `T`/`F` (true/false), `=a =b` only (short answer: text), `#3.14:0.01`
or `#1..2` (number), `=left -> right` (matching); text after the braces makes
it a missing-word question (a cloze here). `#feedback` follows an answer,
`####feedback` is the question's. `\\~ \\= \\# \\{ \\} \\:` and `\\\\` are
escapes, `\\n` a new line. Essays (`{}`) and descriptions (no braces) have no
answer to check, so they are notes, not questions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from quizapp.bank.model import BLANK_GAP, Deck, Question, QuestionKind
from quizapp.exchange.notes import ExportedFile, ImportedBank, ImportProblem, ImportSource, Note
from quizapp.exchange.plain import html_to_text, plain_text

# After plain_text no control character is left, so they stand for the escapes.
_ESCAPES = {
    "\\\\": "\x01",
    "\\~": "\x02",
    "\\=": "\x03",
    "\\#": "\x04",
    "\\{": "\x05",
    "\\}": "\x06",
    "\\:": "\x0e",
    "\\n": "\x0f",
}
_LITERAL = {"\x01": "\\", "\x02": "~", "\x03": "=", "\x04": "#", "\x05": "{", "\x06": "}"}
_LITERAL |= {"\x0e": ":", "\x0f": "\n"}
_ESCAPE_RE = re.compile(r"\\[\\~=#{}:n]")
_Clean = Callable[[str], str]
"""How a question's text pieces are made plain (escapes undone; HTML reduced for [html])."""
_NAME = re.compile(r"^\s*::(.*?)::", re.DOTALL)
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_ANSWER_START = re.compile(r"[=~]")
_TRUE_FALSE = {"t": True, "true": True, "f": False, "false": False}
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_RANGE = re.compile(rf"^({_NUMBER})\s*\.\.\s*({_NUMBER})$")
_TOLERANCE = re.compile(rf"^({_NUMBER})(?:\s*:\s*({_NUMBER}))?$")
NO_ANSWER = "an essay question has no answer to check"


def _literal(text: str) -> str:
    """Text with the escape placeholders turned back into what they stand for."""
    for mark, char in _LITERAL.items():
        text = text.replace(mark, char)
    return text


@dataclass
class _Block:
    """One question's lines, joined, with escapes already replaced by placeholders."""

    text: str
    line: int
    topic: str

    def line_at(self, offset: int) -> int:
        """The file line of a character offset in `text`."""
        return self.line + self.text.count("\n", 0, max(offset, 0))


@dataclass
class _Answer:
    """One `=`/`~` answer: its mark, weight (percent), text and feedback."""

    mark: str
    weight: float
    text: str
    feedback: str
    line: int


@dataclass
class _Reader:
    source: ImportSource
    imported: ImportedBank = field(default_factory=lambda: ImportedBank({"questions": []}))
    ids: set[str] = field(default_factory=set)
    choices_made: list[str] = field(default_factory=list)
    """Where the question being read had to be interpreted: comments above it in the bank."""

    def note(self, line: int, why: str) -> None:
        self.imported.notes.append(Note(f"{self.source.label}:{line}", why))

    # -- the file into blocks -------------------------------------------------

    def blocks(self, text: str) -> list[_Block]:
        """The questions' lines, split at blank lines; comments and categories taken out."""
        found: list[_Block] = []
        lines: list[str] = []
        start = 0
        topic = ""
        for number, raw in enumerate(text.splitlines(), start=1):
            line, removed = plain_text(raw)
            if removed:
                self.note(number, f"removed {', '.join(removed)} from the text")
            stripped = line.strip()
            if stripped.startswith("//"):
                continue
            if stripped.upper().startswith("$CATEGORY:"):
                topic = _topic(stripped[len("$CATEGORY:") :])
                continue
            if not stripped:
                if lines:
                    found.append(_Block("\n".join(lines), start, topic))
                    lines = []
                continue
            if not lines:
                start = number
            lines.append(_ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], line))
        if lines:
            found.append(_Block("\n".join(lines), start, topic))
        return found

    # -- one block into a question --------------------------------------------

    def question(self, block: _Block) -> dict[str, Any] | None:
        """The bank question of one block, or None (with a note) for an essay or description."""
        text = block.text
        name = ""
        if named := _NAME.match(text):
            name = _literal(named.group(1)).strip()
            text = text[named.end() :]
        offset = len(block.text) - len(text)
        is_html = False
        if shown := _FORMAT.match(text):
            is_html = shown.group(1).lower() == "html"
            if is_html:
                self.choices_made.append("GIFT [html]: the text is kept, its markup dropped.")
            text = text[shown.end() :]
            offset += shown.end()
        opening = text.find("{")
        if opening < 0:
            if "}" in text:
                raise ImportProblem(
                    block.line_at(offset + text.find("}")),
                    "a } without its {: write \\} for a brace in the text",
                )
            self.note(block.line, "a description (no answer in braces) is not a question")
            return None
        closing = text.find("}", opening)
        if closing < 0:
            raise ImportProblem(
                block.line_at(offset + opening),
                "this { is never closed: end the answers with }, or write \\{ for a brace",
            )
        before, inside, after = text[:opening], text[opening + 1 : closing], text[closing + 1 :]
        if "}" in before:
            raise ImportProblem(
                block.line_at(offset + before.find("}")),
                "a } before the answers' {: write \\} for a brace in the text",
            )
        for stray in "{}":
            if stray in after:
                raise ImportProblem(
                    block.line_at(offset + closing + 1 + after.find(stray)),
                    f"a second {stray} in one question: a question has one {{...}}; "
                    f"write \\{stray} for a brace in the text",
                )
        answers_line = block.line_at(offset + opening)

        def clean(piece: str) -> str:
            piece = _literal(piece)
            return html_to_text(piece) if is_html else piece.strip()

        prompt_before, prompt_after = clean(before), clean(after)
        if prompt_after and is_html:
            prompt_before, prompt_after = f"{prompt_before} ", f" {prompt_after}".rstrip()
        elif prompt_after:
            prompt_before, prompt_after = _literal(before).lstrip(), _literal(after).rstrip()
        general = ""
        if "####" in inside:
            inside, general = inside.split("####", 1)
            general = clean(general)
        body = inside.strip()
        answers_line += inside[: len(inside) - len(inside.lstrip())].count("\n")
        data: dict[str, Any] = {"id": self.unique_id(name)}
        if not body:
            self.note(block.line, NO_ANSWER)
            return None
        if body.startswith("#"):
            self.numerical(data, body[1:], answers_line, clean)
        elif "->" in body:
            self.matching(data, body, answers_line, clean)
        elif (tf := body.split("#", 1)[0].strip().lower()) in _TRUE_FALSE:
            data["type"] = "truefalse"
            data["answer"] = _TRUE_FALSE[tf]
            if len(body.split("#")) > 2:
                self.choices_made.append(
                    "GIFT gave feedback for a right and a wrong answer: both are the explanation."
                )
            feedback = [clean(part) for part in body.split("#")[1:]]
            general = _joined(general, *reversed(feedback))
        else:
            answers = self.answers(body, answers_line, clean)
            if any(a.mark == "~" for a in answers):
                general = self.choices(data, answers, answers_line, general)
            else:
                general = self.short(data, answers, answers_line, general)
        if prompt_after:
            self.missing_word(data, prompt_before, prompt_after, block.line)
            prompt_before = data["prompt"]
        data["prompt"] = prompt_before
        if not prompt_before.strip():
            raise ImportProblem(block.line, "this question has no text before its answers")
        general = _joined(data.pop("explanation", ""), general)
        if general:
            data["explanation"] = general
        if block.topic:
            data["topic"] = block.topic
        return data

    def unique_id(self, name: str) -> str:
        """A question id from a `::name::`: lowercase letters, digits and `-`, unique."""
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        base = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
        if not base:
            base = f"q{len(self.imported.deck['questions']) + 1}"
        candidate, number = base, 2
        while candidate in self.ids:
            candidate, number = f"{base}-{number}", number + 1
        self.ids.add(candidate)
        return candidate

    def answers(self, body: str, line: int, clean: _Clean) -> list[_Answer]:
        """The `=`/`~` answers inside the braces, each with its weight and feedback."""
        starts = [m.start() for m in _ANSWER_START.finditer(body)]
        if not starts or body[: starts[0]].strip():
            raise ImportProblem(line, "every answer starts with = (right) or ~ (wrong)")
        found: list[_Answer] = []
        for here, end in zip(starts, [*starts[1:], len(body)], strict=True):
            piece = body[here + 1 : end].strip()
            weight = 100.0 if body[here] == "=" else 0.0
            if weighted := _WEIGHT.match(piece):
                weight = float(weighted.group(1))
                piece = piece[weighted.end() :]
            text, _, feedback = piece.partition("#")
            found.append(
                _Answer(
                    body[here],
                    weight,
                    clean(text),
                    clean(feedback),
                    line + body.count("\n", 0, here),
                )
            )
        for answer in found:
            if not answer.text:
                raise ImportProblem(answer.line, "an empty answer: write its text after = or ~")
        return found

    def choices(self, data: dict[str, Any], answers: list[_Answer], line: int, general: str) -> str:
        texts = [a.text for a in answers]
        if len(set(texts)) < len(texts):
            raise ImportProblem(line, "the same answer is listed twice")
        right = [a for a in answers if a.weight > 0]
        if not right:
            raise ImportProblem(
                line,
                "a choice question with no right answer: mark it with =, "
                "or give the right ones of a multiple-answer question a weight: ~%50%",
            )
        if any(a.mark == "=" for a in answers):
            # Moodle's rule: with an = the question takes one answer, without it several.
            full = [a for a in answers if a.mark == "=" or a.weight >= 100] or right
            data["type"] = "choice"
            data["choices"] = texts
            data["answer"] = full[0].text
            chosen = full[:1]
            for partial in right:
                if partial is not full[0]:
                    self.note(
                        partial.line,
                        f"{_quoted(partial.text)} also earns {partial.weight:g}% in a one-answer "
                        "question: quizapp counts only the first right answer",
                    )
            for penalty in answers:
                if penalty.weight < 0:
                    self.note(
                        penalty.line,
                        f"a penalty ({penalty.weight:g}%) for {_quoted(penalty.text)}: "
                        "quizapp only counts it wrong",
                    )
        else:
            chosen = right
            data["type"] = "multi"
            self.choices_made.append(
                "GIFT weights: every choice with a positive weight is a right answer."
            )
            data["choices"] = texts
            data["answer"] = [a.text for a in right]
            weights = {round(a.weight, 3) for a in right}
            if len(weights) > 1 or abs(sum(a.weight for a in right) - 100) > 0.1:
                self.note(
                    line,
                    "weights "
                    + ", ".join(f"{a.weight:g}%" for a in right)
                    + " do not map: quizapp scores multi by the set of right answers "
                    "(every positive weight counts as a right answer)",
                )
        why_wrong = {a.text: a.feedback for a in answers if a.feedback and a not in chosen}
        if why_wrong:
            data["why_wrong"] = why_wrong
        return _joined(general, *(a.feedback for a in chosen))

    def short(self, data: dict[str, Any], answers: list[_Answer], line: int, general: str) -> str:
        accepted = [a for a in answers if a.weight >= 100]
        for other in answers:
            if other.weight < 100:
                self.note(
                    other.line,
                    f"{_quoted(other.text)} is worth {other.weight:g}%: quizapp accepts an answer "
                    "fully or not at all, so it is left out",
                )
        if not accepted:
            raise ImportProblem(line, "a short answer question needs a right answer: =answer")
        data["type"] = "text"
        data["answer"] = list(dict.fromkeys(a.text for a in accepted))
        return _joined(general, *(a.feedback for a in accepted))

    def numerical(self, data: dict[str, Any], body: str, line: int, clean: _Clean) -> None:
        body = body.strip()
        pieces = [p for p in re.split(r"(?=[=~])", body) if p.strip()] if "=" in body else [body]
        kept: tuple[float, float, float, str] | None = None
        others: list[str] = []
        for piece in pieces:
            piece = piece.strip()
            weight = 100.0
            if piece[0] in "=~":
                weight = 100.0 if piece[0] == "=" else 0.0
                piece = piece[1:].strip()
            if weighted := _WEIGHT.match(piece):
                weight = float(weighted.group(1))
                piece = piece[weighted.end() :].strip()
            value, _, feedback = piece.partition("#")
            number, tolerance = _numeric(value.strip(), line)
            if kept is None and weight >= 100:
                kept = (weight, number, tolerance, clean(feedback))
            else:
                others.append(f"{_plain(number)}±{_plain(tolerance)} ({weight:g}%)")
        if kept is None:
            raise ImportProblem(
                line, "a numerical question needs a 100% answer: {#value:tolerance}"
            )
        if others:
            self.note(
                line,
                "other graded answers left out (quizapp keeps the 100% one): " + ", ".join(others),
            )
        data["type"] = "number"
        data["answer"] = kept[1]
        if kept[2]:
            data["tolerance"] = kept[2]
        if kept[3]:
            data["explanation"] = kept[3]

    def matching(self, data: dict[str, Any], body: str, line: int, clean: _Clean) -> None:
        answers = self.answers(body, line, lambda text: text)
        pairs: dict[str, str] = {}
        extra: list[str] = []
        for answer in answers:
            if answer.mark != "=" or "->" not in answer.text:
                raise ImportProblem(
                    answer.line,
                    "-> belongs to a matching question, where every answer is =left -> right",
                )
            left, _, right = answer.text.partition("->")
            left, right = clean(left), clean(right)
            if not right:
                raise ImportProblem(
                    answer.line, "a matching pair needs a right side: =left -> right"
                )
            if not left:
                extra.append(right)
            elif left in pairs:
                raise ImportProblem(answer.line, f"{_quoted(left)} is matched twice")
            else:
                pairs[left] = right
            if answer.feedback:
                self.note(answer.line, "feedback on a matching pair is left out")
        data["type"] = "match"
        data["pairs"] = pairs
        if extra:
            data["extra"] = extra

    def missing_word(self, data: dict[str, Any], before: str, after: str, line: int) -> None:
        kind = data["type"]
        if kind in ("choice", "text"):
            answers = [data["answer"]] if kind == "choice" else list(data["answer"])
            texts = [before, after, *answers, *data.get("choices", [])]
            if not any(
                "{{" in t or "}}" in t or "|" in a or "\n" in a for t in texts for a in answers
            ):
                data["prompt"] = f"{before}{{{{{'|'.join(answers)}}}}}{after}"
                if kind == "choice":
                    data["choices"] = {1: data["choices"]}
                    if data.pop("why_wrong", None):
                        self.note(line, "feedback on a missing word's wrong choices is left out")
                data.pop("answer")
                data["type"] = "cloze"
                self.choices_made.append("GIFT missing word: the braces are the blank.")
                return
            self.note(line, "the missing word holds | or {{ }}, so it stays a question on its own")
        data["prompt"] = f"{before}_____{after}"


def _quoted(text: str, limit: int = 40) -> str:
    """`text` quoted on one line for a message, shortened past `limit` characters."""
    flat = " ".join(text.split())
    return f"'{flat if len(flat) <= limit else flat[: limit - 1] + '…'}'"


def _joined(*parts: str) -> str:
    return "\n\n".join(dict.fromkeys(p for p in parts if p))


def _topic(path: str) -> str:
    parts = [p.replace("//", "/").strip() for p in re.split(r"(?<!/)/(?!/)", path.strip())]
    parts = [p for p in parts if p and p.lower() != "top" and not re.fullmatch(r"\$\w+\$", p)]
    return parts[-1] if parts else ""


def _numeric(value: str, line: int) -> tuple[float, float]:
    if ranged := _RANGE.match(value):
        low, high = Decimal(ranged.group(1)), Decimal(ranged.group(2))
        if high < low:
            raise ImportProblem(line, f"the range {value} runs backwards: write low..high")
        return float((low + high) / 2), float((high - low) / 2)
    if tolerant := _TOLERANCE.match(value):
        return float(tolerant.group(1)), abs(float(tolerant.group(2) or 0))
    raise ImportProblem(
        line, f"{_quoted(_literal(value))} is not a number: write {{#3.14:0.01}} or {{#3.1..3.2}}"
    )


def read_bank(source: ImportSource) -> ImportedBank:
    """Every question of a GIFT file, or `ImportProblem` at the first malformed one."""
    reader = _Reader(source)
    for block in reader.blocks(source.text()):
        reader.choices_made = []
        question = reader.question(block)
        if question is not None:
            for line in reader.choices_made:
                reader.imported.comment(len(reader.imported.deck["questions"]), line)
            reader.imported.deck["questions"].append(question)
    if not reader.imported.deck["questions"]:
        raise ImportProblem(
            None, "no questions found (text, then answers in braces: {=right ~wrong})"
        )
    return reader.imported


# -- export -------------------------------------------------------------------


def escape(text: str) -> str:
    """`text` as GIFT text: its special characters escaped, its line breaks `\\n`."""
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _plain(value: float) -> str:
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _answer(mark: str, text: str, weight: str = "", feedback: str = "") -> str:
    if not weight and _WEIGHT.match(text):
        weight = "%100%" if mark == "=" else "%0%"
    line = f"  {mark}{weight}{escape(text)}"
    return line + (f"#{escape(feedback)}" if feedback else "")


_MOODLE_GRADES = (
    "100",
    "50",
    "33.33333",
    "25",
    "20",
    "16.66667",
    "14.28571",
    "12.5",
    "11.11111",
    "10",
)
"""Moodle accepts only its own list of grades: 100/n for n right answers, n up to 10."""


def _question_lines(q: Question, left_out: list[Note]) -> list[str] | None:
    where = f"question {q.id}"
    general = [f"  ####{escape(q.explanation)}"] if q.explanation else []
    answers: list[str] = []
    before, after = q.prompt, ""
    arrows = [t for t in (*q.choices, *q.accepted) if "->" in t]
    if arrows and q.kind is not QuestionKind.MATCH:
        left_out.append(Note(where, "GIFT reads -> in an answer as a matching pair"))
        return None
    match q.kind:
        case QuestionKind.CHOICE:
            answers = [
                _answer(
                    "=" if c in q.correct_choices else "~",
                    c,
                    feedback=q.why_wrong.get(c, ""),
                )
                for c in q.choices
            ]
        case QuestionKind.MULTI:
            right = len(q.correct_choices)
            if right > len(_MOODLE_GRADES):
                left_out.append(Note(where, "Moodle's grades cannot split 100% among so many"))
                return None
            share = f"%{_MOODLE_GRADES[right - 1]}%"
            answers = [
                _answer(
                    "~",
                    c,
                    share if c in q.correct_choices else "%-100%",
                    q.why_wrong.get(c, ""),
                )
                for c in q.choices
            ]
        case QuestionKind.TRUEFALSE:
            answers = ["  TRUE" if "True" in q.correct_choices else "  FALSE"]
        case QuestionKind.TEXT:
            answers = [_answer("=", a) for a in q.accepted]
        case QuestionKind.NUMBER:
            value = _plain(q.number or 0.0)
            answers = [f"  #{value}:{_plain(q.tolerance)}" if q.tolerance else f"  #{value}"]
            if q.unit:
                left_out.append(Note(where, f"GIFT has no unit: '{q.unit}' left out"))
        case QuestionKind.MATCH:
            if any("->" in left for left, _ in q.pairs):
                left_out.append(Note(where, "a left item holds ->, which GIFT reads as the arrow"))
                return None
            answers = [f"  ={escape(a)} -> {escape(b)}" for a, b in q.pairs]
            answers += [f"  = -> {escape(x)}" for x in q.extra]
            if q.why_wrong:
                left_out.append(Note(where, "GIFT's matching has no feedback per pair"))
        case QuestionKind.CLOZE:
            if len(q.blanks) != 1:
                left_out.append(
                    Note(
                        where,
                        "GIFT holds one missing word per question, this cloze has "
                        f"{len(q.blanks)} blanks (Moodle XML's cloze can hold them)",
                    )
                )
                return None
            gap = BLANK_GAP.format(number=1)
            before, _, after = q.prompt.partition(gap)
            if not after.strip():
                after = "_"
                left_out.append(Note(where, "GIFT needs text after a missing word: '_' added"))
            blank, offered = q.blanks[0], q.blank_choices[0]
            if offered:
                answers = [_answer("=" if c == blank[0] else "~", c) for c in offered]
                if len(blank) > 1:
                    left_out.append(Note(where, "other accepted answers of a blank with choices"))
            else:
                answers = [_answer("=", a) for a in blank]
        case QuestionKind.ORDER:
            left_out.append(Note(where, "GIFT has no ordering question"))
            return None
    if q.kind is QuestionKind.CLOZE:
        lines = [f"::{q.id}::{_format(q)}{escape(before)}{{", *answers, *general, "}"]
        lines[-1] += escape(after)
    else:
        lines = [f"::{q.id}::{_format(q)}{escape(before)} {{", *answers, *general, "}"]
    return lines


def _format(q: Question) -> str:
    texts = (q.prompt, q.explanation, *q.choices, *q.accepted, *(x for b in q.blanks for x in b))
    markup = any(c in t for t in texts for c in "<>&")
    return "[plain]" if markup or q.prompt.startswith("[") else ""


def _comments(q: Question, left_out: list[Note]) -> list[str]:
    parts = {
        "hint": q.hint,
        "section": q.section,
        "evidence": q.evidence,
        "difficulty": q.difficulty.value if q.difficulty else "",
        "points": _plain(q.points) if q.points != 1 else "",
        "time_limit": _plain(q.time_limit) if q.time_limit else "",
    }
    kept = {k: v for k, v in parts.items() if v}
    if kept:
        left_out.append(
            Note(
                f"question {q.id}",
                f"GIFT has no {', '.join(kept)}: written as // comments only",
            )
        )
    return [f"// {key}: {' '.join(value.split())}" for key, value in kept.items()]


def write_bank(deck: Deck) -> ExportedFile:
    """The deck as a GIFT file Moodle imports, and every question or part it leaves out."""
    left_out: list[Note] = []
    out = [f"// {' '.join(deck.title.split())} (deck {deck.id}), exported by quizapp", ""]
    topic = ""
    for q in deck.questions:
        lines = _question_lines(q, left_out)
        if lines is None:
            continue
        if q.topic != topic:
            name = q.topic.replace("/", "//") if q.topic else ""
            out += [f"$CATEGORY: $course$/top/{name}".rstrip("/"), ""]
            topic = q.topic
        out += [*_comments(q, left_out), *lines, ""]
    return ExportedFile("\n".join(out).encode("utf-8"), left_out)
