"""CSV and TSV: quizapp's spreadsheet layout (in and out), and Quizlet's export (in).

The layout is one header row naming the columns, then one row per question:

    id,type,prompt,choices,answer,explanation,topic,hint,section,difficulty,points,
    why_wrong,evidence,unit,typos,time_limit

Only `prompt` is required; columns may stand in any order and be left out
(a missing `type` is inferred: choices given, `choice`; else `text`). Lists
inside a cell are separated by `|`, with `\\|` for a bar in the text and
`\\\\` for a backslash (`\\:`, `\\;` and `\\>` are a colon, semicolon and `>`
where those separate too):

* choice, multi: `choices` = `Busan|Gyeongju|Seoul`, `answer` = `Gyeongju`
  (multi: `Busan|Seoul`); truefalse: `answer` = `true` or `false`;
* text: `answer` = the accepted answers, `Ishiba|Ishiba Shigeru`;
* number: `answer` = `11` or `30 ± 5` (or `30 +- 5`), unit in `unit`;
* order: `answer` = the items in the right order (shown shuffled);
* cloze: the prompt holds `{{answer|also accepted}}` blanks as in a bank;
  `choices` = `2: October|November|December; 3: ...` for picked blanks;
* match: `choices` = `Lee -> South Korea | Xi -> China | -> Japan` (an
  item without a left side is an extra, wrong match);
* `why_wrong` = `choice: feedback | choice: feedback` (match: left item).

A file whose first row names no layout column and whose rows have exactly
two cells is Quizlet's export (term, definition; tab or comma between them,
a line break or `;` between rows): each row becomes a `text` question
"What is the term for: DEFINITION?" answered by the term.

Exported files are UTF-8 with a BOM (so Excel reads accents right), every
cell through `csv_cell`, so a cell a spreadsheet would run as a formula is
written with a leading `'`; on import a leading `'` before `= + - @` is
dropped again, and no cell is ever read as a formula.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from quizapp.bank.blanks import parse_blanks
from quizapp.bank.model import BLANK_GAP, Deck, Question, QuestionKind, format_number
from quizapp.bank.problems import Severity
from quizapp.bank.validate import (
    FALSE_WORDS,
    ID_PATTERN,
    TRUE_WORDS,
    build_deck,
    default_deck_id,
)
from quizapp.bank.yaml_reader import YamlSyntaxError, read_yaml
from quizapp.exchange.bank_writer import bank_text
from quizapp.exchange.notes import ExportedFile, ImportedBank, ImportProblem, ImportSource, Note
from quizapp.exchange.plain import plain_text
from quizapp.text.normalise import normalise
from quizapp.text.safe import csv_cell

COLUMNS = (
    "id",
    "type",
    "prompt",
    "choices",
    "answer",
    "explanation",
    "topic",
    "hint",
    "section",
    "difficulty",
    "points",
    "why_wrong",
    "evidence",
    "unit",
    "typos",
    "time_limit",
)
"""The layout's columns, in the order an export writes them."""

SEPARATOR = "|"
"""Between the items of a list inside a cell."""
ESCAPED = frozenset("\\|:;>")
"""Characters a backslash makes literal inside a list cell."""
BOM = "\ufeff"
_KINDS = ", ".join(k.value for k in QuestionKind)
_TOLERANCE = re.compile(r"^(?P<number>[^±]+?)\s*(?:±|\+-|\+/-)\s*(?P<tolerance>.+)$")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_FORMULA = re.compile(r"^\s*(?:=|[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*\()")
_PROTECTED = re.compile(r"^'+ *[=+\-@\t\r]")
"""A cell `csv_cell` protected with a leading `'` (one is dropped on import)."""
_GAP = re.compile(re.escape(BLANK_GAP).replace(r"\{number\}", r"(\d+)"))
QUIZLET_PROMPT = "What is the term for: {definition}?"


# -- lists inside a cell ------------------------------------------------------

_Chars = list[tuple[str, bool]]
"""A cell as (character, escaped) pairs: an escaped character never separates."""


def _chars(text: str) -> _Chars:
    """`text` as characters, each marked escaped when a backslash stood before it."""
    result: _Chars = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in ESCAPED:
            result.append((text[index + 1], True))
            index += 2
            continue
        result.append((char, False))
        index += 1
    return result


def _split(chars: _Chars, separator: str, limit: int = -1) -> list[_Chars]:
    """`chars` cut at each unescaped `separator` (at most `limit` cuts)."""
    parts: list[_Chars] = []
    current: _Chars = []
    index = 0
    width = len(separator)
    while index < len(chars):
        window = chars[index : index + width]
        if (
            limit != 0
            and len(window) == width
            and all(not escaped for _, escaped in window)
            and "".join(c for c, _ in window) == separator
        ):
            parts.append(current)
            current = []
            index += width
            limit -= 1
            continue
        current.append(chars[index])
        index += 1
    parts.append(current)
    return parts


def _text(chars: _Chars) -> str:
    """The text of `chars`, escapes undone, spaces at the ends dropped."""
    return "".join(c for c, _ in chars).strip()


def _items(cell: str) -> list[str]:
    """The `|`-separated items of a cell, empty ones dropped."""
    if not cell.strip():
        return []
    return [text for part in _split(_chars(cell), SEPARATOR) if (text := _text(part))]


def _escape(text: str, special: str = "") -> str:
    """`text` as a list item: backslashes, bars and `special` characters escaped."""
    out = []
    for char in text:
        if char == "\\" or char == SEPARATOR or char in special:
            out.append("\\")
        out.append(char)
    return "".join(out)


def _join(items: Iterable[str], special: str = "") -> str:
    """`items` as one list cell: escaped, separated by `|`."""
    return SEPARATOR.join(_escape(item, special) for item in items)


# -- import -------------------------------------------------------------------


def read_bank(source: ImportSource) -> ImportedBank:
    """Every question of a CSV/TSV file in quizapp's layout or Quizlet's export."""
    text = source.text()
    if not text.strip():
        raise ImportProblem(None, "the file is empty; the first row names the columns")
    delimiter = _delimiter(source, text)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    try:
        first = next(csv.reader([first_line], delimiter=delimiter))
    except (csv.Error, StopIteration):
        first = []
    if _is_header(first):
        return _Layout(source, _rows(text, delimiter)).read()
    return _read_quizlet(source, text)


def _delimiter(source: ImportSource, text: str) -> str:
    """Tab for a `.tsv`; else what the header row is separated by (`,`, `;` or tab)."""
    if source.label.lower().endswith(".tsv"):
        return "\t"
    head = text[:8192]
    first_line = head.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: first_line.count(d) for d in ",;\t"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Each row with the line it starts on; `ImportProblem` where the CSV is malformed."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as error:
            raise ImportProblem(
                start,
                f"this row is not valid CSV ({error}); put a cell holding quotes, "
                f"line breaks or '{_name(delimiter)}' in double quotes, doubling inner quotes",
            ) from None
        rows.append((start, row))


def _name(delimiter: str) -> str:
    """A delimiter as a message names it."""
    return {"\t": "tab", ",": ",", ";": ";"}.get(delimiter, delimiter)


def _column(name: str) -> str:
    """A header cell as a column name: `Why wrong` is `why_wrong`."""
    return re.sub(r"[\s-]+", "_", name.strip().lstrip(BOM).strip().lower())


def _is_header(row: list[str]) -> bool:
    """Whether `row` names the layout's columns (and the file is not Quizlet's)."""
    names = {_column(cell) for cell in row}
    return "prompt" in names or len(names & set(COLUMNS)) >= 2


class _Layout:
    """Reading quizapp's layout, row by row."""

    def __init__(self, source: ImportSource, rows: list[tuple[int, list[str]]]) -> None:
        self.source = source
        self.rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
        self.imported = ImportedBank({"questions": []})
        self.line = 0

    def note(self, why: str) -> None:
        """Say something about the row being read."""
        self.imported.notes.append(Note(f"{self.source.label}:{self.line}", why))

    def read(self) -> ImportedBank:
        """The header, then every row: bank data, or `ImportProblem` at the first bad row."""
        header_line, header = self.rows[0]
        self.line = header_line
        columns = [_column(cell) for cell in header]
        for index, name in enumerate(columns):
            if name not in COLUMNS:
                close = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.6)
                fix = f"did you mean '{close[0]}'?" if close else f"use {', '.join(COLUMNS)}"
                raise ImportProblem(
                    header_line,
                    f"column {index + 1} is named '{header[index].strip()}', which the layout "
                    f"does not know; {fix}",
                )
            if columns.index(name) != index:
                raise ImportProblem(header_line, f"two columns are named '{name}'; keep one")
        if "prompt" not in columns:
            raise ImportProblem(header_line, "the header row has no 'prompt' column; add one")
        given_ids: dict[str, int] = {}
        rows = []
        for line, row in self.rows[1:]:
            self.line = line
            if len(row) != len(columns):
                raise ImportProblem(
                    line,
                    f"this row has {len(row)} cells but the header names {len(columns)} "
                    "columns; put a cell holding the separator in double quotes, and give "
                    "every row the same columns",
                )
            cells = {
                name: self._cell(name, value) for name, value in zip(columns, row, strict=True)
            }
            qid = cells["id"].strip() if "id" in cells else ""
            if qid:
                if not ID_PATTERN.match(qid):
                    raise ImportProblem(
                        line,
                        f"column id: '{qid}' is not an id; use lowercase letters, digits and "
                        "'-', like call-length (or leave it empty to number the question)",
                    )
                if qid in given_ids:
                    raise ImportProblem(
                        line,
                        f"column id: '{qid}' is the id of the row at line {given_ids[qid]} too; "
                        "ids must be unique",
                    )
                given_ids[qid] = line
            rows.append((line, cells))
        if not rows:
            raise ImportProblem(None, "no questions: add one row per question under the header")
        number = 0
        lines: dict[str, int] = {}
        for index, (line, cells) in enumerate(rows):
            self.line = line
            question = self._question(index, cells)
            if not question.get("id"):
                number += 1
                while f"q{number}" in given_ids:
                    number += 1
                question = {"id": f"q{number}", **question}
                given_ids[f"q{number}"] = line
            self.imported.deck["questions"].append(question)
            lines[question["id"]] = line
        self._validate(lines)
        return self.imported

    def _validate(self, lines: dict[str, int]) -> None:
        """The validator's first problem with a question, said at that question's row.

        The command validates the bank again before writing it, but its
        messages name lines of a bank never written; here they name the row.
        """
        data = {"deck": "check", "title": "check", "questions": self.imported.deck["questions"]}
        try:
            document = read_yaml(bank_text(ImportedBank(data), []))
        except YamlSyntaxError as error:  # pragma: no cover - the writer writes valid YAML
            raise ImportProblem(None, error.message) from None
        _, problems = build_deck(document, Path(self.source.label), self.source.label)
        for problem in problems:
            if problem.severity is Severity.ERROR:
                line = lines.get(problem.question_id or "")
                where = f"question {problem.question_id}: " if problem.question_id else ""
                raise ImportProblem(line, where + problem.message)

    def _cell(self, name: str, value: str) -> str:
        """A cell as text: no control characters, a protecting `'` dropped, never a formula."""
        text, removed = plain_text(value)
        if removed:
            self.note(f"column {name}: removed {', '.join(removed)} from the text")
        if _PROTECTED.match(text):
            return text[1:]
        if _FORMULA.match(text) and not _NUMBER.match(text.strip()):
            self.note(f"column {name}: '{text.strip()[:40]}' looks like a formula; read as text")
        return text

    def problem(self, column: str, message: str) -> ImportProblem:
        """What is wrong with `column` of the row being read."""
        return ImportProblem(self.line, f"column {column}: {message}")

    def _question(self, index: int, cells: dict[str, str]) -> dict[str, Any]:
        """One row as a bank question."""
        get = {name: cells.get(name, "").strip() for name in COLUMNS}
        if not get["prompt"]:
            raise self.problem("prompt", "the prompt is empty; write the question there")
        kind = self._kind(index, get)
        question: dict[str, Any] = {}
        if get["id"]:
            question["id"] = get["id"]
        question["type"] = kind.value
        question["prompt"] = cells["prompt"].strip()
        question.update(self._answer(kind, index, get))
        for name in ("explanation", "hint", "topic", "section", "evidence"):
            if get[name]:
                question[name] = cells[name].strip()
        if get["difficulty"]:
            if get["difficulty"].lower() not in ("easy", "medium", "hard"):
                raise self.problem("difficulty", "write easy, medium or hard (or leave it empty)")
            question["difficulty"] = get["difficulty"].lower()
        for name in ("points", "time_limit"):
            if get[name]:
                value = self._number(name, get[name])
                if value <= 0:
                    raise self.problem(name, "must be more than 0 (or leave it empty)")
                question[name] = value
        if get["typos"]:
            if kind not in (QuestionKind.TEXT, QuestionKind.CLOZE):
                raise self.problem("typos", f"a {kind.value} question has no typos; leave it empty")
            if get["typos"] not in ("0", "1"):
                raise self.problem("typos", "write 0 (exact spelling) or 1 (forgive one typo)")
            question["typos"] = int(get["typos"])
        if get["unit"] and kind is not QuestionKind.NUMBER:
            raise self.problem("unit", f"a {kind.value} question has no unit; leave it empty")
        return question

    def _kind(self, index: int, get: dict[str, str]) -> QuestionKind:
        """The row's type, or the one its cells imply (said in a comment)."""
        if get["type"]:
            try:
                return QuestionKind(get["type"].lower())
            except ValueError:
                close = difflib.get_close_matches(get["type"].lower(), list(QuestionKind), n=1)
                guess = f"did you mean '{close[0]}'? " if close else ""
                raise self.problem(
                    "type", f"unknown type '{get['type']}'; {guess}use one of {_KINDS}"
                ) from None
        if "{{" in get["prompt"]:
            kind = QuestionKind.CLOZE
        elif get["choices"]:
            kind = QuestionKind.CHOICE if len(_items(get["answer"])) <= 1 else QuestionKind.MULTI
        else:
            kind = QuestionKind.TEXT
        self.imported.comment(index, f"type: {kind.value} inferred (the type cell was empty)")
        return kind

    def _number(self, column: str, text: str) -> int | float:
        """A number cell, as an int where it is written as one."""
        cleaned = text.strip().replace(" ", "")
        if not _NUMBER.match(cleaned):
            raise self.problem(column, f"'{text}' is not a number; write it like 42 or 2.5")
        value = float(cleaned)
        if value != value or value in (float("inf"), float("-inf")):
            raise self.problem(column, f"'{text}' is not a number of a sensible size")
        if value.is_integer() and abs(value) < 2**53 and re.fullmatch(r"[-+]?\d+", cleaned):
            return int(value)
        return value

    def _answer(self, kind: QuestionKind, index: int, get: dict[str, str]) -> dict[str, Any]:
        """The keys that hold a question's answer, by type."""
        choices = _items(get["choices"])
        answers = _items(get["answer"])
        why_wrong = get["why_wrong"]
        if why_wrong and kind not in (QuestionKind.CHOICE, QuestionKind.MULTI, QuestionKind.MATCH):
            raise self.problem(
                "why_wrong", f"a {kind.value} question has no why_wrong; leave it empty"
            )
        if kind in (QuestionKind.TRUEFALSE, QuestionKind.TEXT, QuestionKind.NUMBER) and choices:
            raise self.problem("choices", f"a {kind.value} question has no choices; leave it empty")
        match kind:
            case QuestionKind.CHOICE | QuestionKind.MULTI:
                return self._choices(kind, choices, answers, why_wrong)
            case QuestionKind.TRUEFALSE:
                word = get["answer"].lower()
                if word not in TRUE_WORDS | FALSE_WORDS:
                    raise self.problem("answer", "a truefalse answer is true or false")
                return {"answer": word in TRUE_WORDS}
            case QuestionKind.TEXT:
                if not answers:
                    raise self.problem(
                        "answer",
                        "give the accepted answer(s), separated by |, like Ishiba|Ishiba Shigeru",
                    )
                return {"answer": answers if len(answers) > 1 else answers[0]}
            case QuestionKind.NUMBER:
                return self._number_answer(get)
            case QuestionKind.ORDER:
                items = answers
                if not items and choices:
                    items = choices
                    self.imported.comment(index, "items taken from the choices column, in order")
                elif choices:
                    raise self.problem(
                        "choices",
                        "an order question lists its items in answer; leave choices empty",
                    )
                if len(items) < 2:
                    raise self.problem(
                        "answer", "list at least 2 items in the right order, separated by |"
                    )
                return {"items": items}
            case QuestionKind.CLOZE:
                if get["answer"]:
                    raise self.problem(
                        "answer",
                        "a cloze question writes its answers in the prompt as {{answer}}; "
                        "leave answer empty",
                    )
                return self._cloze_choices(get["choices"], get["prompt"])
            case QuestionKind.MATCH:
                if get["answer"]:
                    raise self.problem(
                        "answer",
                        "a match question lists its pairs in choices (left -> right | ...); "
                        "leave answer empty",
                    )
                return self._match(get["choices"], why_wrong)
        raise AssertionError(kind)  # pragma: no cover

    def _choices(
        self, kind: QuestionKind, choices: list[str], answers: list[str], why_wrong: str
    ) -> dict[str, Any]:
        if len(choices) < 2:
            raise self.problem("choices", "give at least 2 choices, separated by |, like a|b|c")
        if not answers:
            raise self.problem("answer", "give the right choice (copied from choices)")
        if kind is QuestionKind.CHOICE and len(answers) > 1:
            raise self.problem(
                "answer", "a choice question has one answer; for several use type multi"
            )
        for answer in answers:
            if answer not in choices:
                close = difflib.get_close_matches(answer, choices, n=1, cutoff=0.6)
                guess = f"; did you mean '{close[0]}'?" if close else ""
                raise self.problem(
                    "answer",
                    f"'{answer}' is not one of the choices{guess} "
                    "(copy it exactly from the choices column)",
                )
        result: dict[str, Any] = {
            "choices": choices,
            "answer": answers[0] if kind is QuestionKind.CHOICE else answers,
        }
        if why_wrong:
            result["why_wrong"] = self._why_wrong(why_wrong, choices, "choice")
        return result

    def _why_wrong(self, cell: str, keys: list[str], what: str) -> dict[str, str]:
        """`key: feedback | key: feedback`; a key may hold `:` when it names a known key."""
        result: dict[str, str] = {}
        known = set(keys)
        for part in _split(_chars(cell), SEPARATOR):
            if not _text(part):
                continue
            # The first ':' after which the text before it is a known key; else the first ':'.
            cuts = [i for i, (c, escaped) in enumerate(part) if c == ":" and not escaped]
            cut = next((i for i in cuts if _text(part[:i]) in known), cuts[0] if cuts else -1)
            if cut < 0:
                raise self.problem(
                    "why_wrong", f"write each as {what}: feedback, separated by | ('{_text(part)}')"
                )
            key, text = _text(part[:cut]), _text(part[cut + 1 :])
            if key not in known:
                close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
                guess = f"; did you mean '{close[0]}'?" if close else ""
                raise self.problem("why_wrong", f"'{key}' is not a {what} of this question{guess}")
            if not text:
                raise self.problem("why_wrong", f"the feedback for '{key}' is empty")
            result[key] = text
        return result

    def _number_answer(self, get: dict[str, str]) -> dict[str, Any]:
        """`42`, `42 ± 0.5` (or `+-`, `+/-`), and the unit column."""
        text = get["answer"]
        if not text:
            raise self.problem("answer", "give the right number, like 42 or 42 ± 0.5")
        fields: dict[str, Any] = {}
        if tolerance := _TOLERANCE.match(text):
            text = tolerance.group("number")
            fields["tolerance"] = self._number("answer", tolerance.group("tolerance"))
            if fields["tolerance"] < 0:
                raise self.problem("answer", "the tolerance after ± cannot be negative")
        fields = {"answer": self._number("answer", text), **fields}
        if get["unit"]:
            fields["unit"] = get["unit"]
        return fields

    def _cloze_choices(self, cell: str, prompt: str) -> dict[str, Any]:
        """`1: a|b|c; 2: x|y`: the choices of the blanks that are picked."""
        if not cell:
            return {}
        count = len(parse_blanks(prompt).blanks)
        choices: dict[int, list[str]] = {}
        for part in _split(_chars(cell), ";"):
            if not _text(part):
                continue
            number_part, *rest = _split(part, ":", limit=1)
            number = _text(number_part)
            if not rest or not (number.isascii() and number.isdigit()):
                raise self.problem(
                    "choices", "write a cloze's choices per blank, like 1: a|b|c; 2: x|y"
                )
            if not 1 <= int(number) <= count:
                raise self.problem(
                    "choices", f"blank {number}: the prompt has {count} blank(s) written {{{{…}}}}"
                )
            items = [t for p in _split(rest[0], SEPARATOR) if (t := _text(p))]
            choices[int(number)] = items
        return {"choices": choices} if choices else {}

    def _match(self, cell: str, why_wrong: str) -> dict[str, Any]:
        """`left -> right | ... | -> extra`: the pairs and the extra items."""
        pairs: dict[str, str] = {}
        extra: list[str] = []
        for part in _split(_chars(cell), SEPARATOR):
            if not _text(part):
                continue
            sides = _split(part, "->", limit=1)
            if len(sides) != 2 or not _text(sides[1]):
                raise self.problem(
                    "choices",
                    "write a match's pairs as left -> right, separated by | "
                    f"(an extra wrong item as -> item): '{_text(part)}'",
                )
            left, right = " ".join(_text(sides[0]).split()), _text(sides[1])
            if not left:
                extra.append(right)
            elif left in pairs:
                raise self.problem("choices", f"'{left}' is on the left of two pairs")
            else:
                pairs[left] = right
        if len(pairs) < 2:
            raise self.problem("choices", "give at least 2 pairs, like Lee -> Korea | Xi -> China")
        result: dict[str, Any] = {"pairs": pairs}
        if extra:
            result["extra"] = extra
        if why_wrong:
            result["why_wrong"] = self._why_wrong(why_wrong, list(pairs), "left item")
        return result


# -- Quizlet ------------------------------------------------------------------


def _read_quizlet(source: ImportSource, text: str) -> ImportedBank:
    """Quizlet's export: term and definition per row; no quoting, so split by hand."""
    imported = ImportedBank({"questions": []})
    for line, term, definition in _quizlet_rows(text):
        if not imported.deck["questions"] and (term.lower(), definition.lower()) == (
            "term",
            "definition",
        ):
            continue
        term, removed = plain_text(term)
        definition, also = plain_text(definition)
        if removed or also:
            imported.notes.append(
                Note(
                    f"{source.label}:{line}",
                    f"removed {', '.join(dict.fromkeys(removed + also))} from the text",
                )
            )
        term, definition = term.strip(), definition.strip()
        if not term or not definition:
            raise ImportProblem(line, "a Quizlet row needs a term and a definition; one is empty")
        if not normalise(term):
            raise ImportProblem(
                line,
                f"the term '{term}' has no letters or digits, so nothing typed could match it",
            )
        number = len(imported.deck["questions"]) + 1
        prompt = QUIZLET_PROMPT.format(definition=definition.rstrip("?").rstrip())
        imported.deck["questions"].append(
            {"id": f"q{number}", "type": "text", "prompt": prompt, "answer": term}
        )
    if not imported.deck["questions"]:
        raise ImportProblem(None, "no questions found (quizapp's layout, or term/definition rows)")
    imported.comment(
        0,
        "Read as a Quizlet export: each term is the answer to 'What is the term for: "
        "<definition>?'",
    )
    return imported


def _quizlet_rows(text: str) -> Iterator[tuple[int, str, str]]:
    """(line, term, definition) of each row of a Quizlet export.

    Between term and definition: a tab if the file has one, else a comma (the
    first of the row: a definition holds commas more often than a term).
    Between rows: a line break, or `;` when the file is one line.
    """
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    separator = "\t" if "\t" in body else ","
    if "\n" not in body.strip("\n") and ";" in body:
        raws = [
            (body[: body.index(body.strip("\n"))].count("\n") + 1, part)
            for part in body.strip("\n").split(";")
        ]
    else:
        raws = list(enumerate(body.split("\n"), start=1))
        if separator == ",":
            quoted = _comma_rows(body)
            if quoted is not None:
                yield from quoted
                return
    for line, raw in raws:
        if not raw.strip():
            continue
        if separator not in raw:
            raise ImportProblem(
                line,
                "this row has one cell: not quizapp's layout (no header row naming id, type, "
                "prompt, ...) nor a Quizlet export (term, a tab or comma, definition)",
            )
        term, definition = raw.split(separator, 1)
        if separator == "\t" and "\t" in definition:
            raise ImportProblem(
                line,
                "this row has more than 2 cells and there is no header row: name the columns "
                "in the first row (id, type, prompt, choices, answer, ...)",
            )
        yield line, term, definition


def _comma_rows(body: str) -> list[tuple[int, str, str]] | None:
    """Comma-separated rows read as CSV when every row has 2 cells (a spreadsheet's,
    quotes and all); `ImportProblem` when they all have 3 or more (a layout without
    its header); None when neither (Quizlet's own, which never quotes)."""
    try:
        rows = [(line, row) for line, row in _rows(body, ",") if any(c.strip() for c in row)]
    except ImportProblem:
        return None
    widths = {len(row) for _, row in rows}
    if len(widths) == 1 and min(widths) >= 3:
        raise ImportProblem(
            rows[0][0],
            f"the rows have {min(widths)} cells but there is no header row: name the columns "
            "in the first row (id, type, prompt, choices, answer, ...)",
        )
    if widths == {2}:
        return [(line, row[0], row[1]) for line, row in rows]
    return None


# -- export -------------------------------------------------------------------


def write_bank(deck: Deck) -> ExportedFile:
    """The deck in quizapp's layout, UTF-8 with a BOM, every cell through `csv_cell`."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    left_out = _left_out(deck)
    for question in deck.questions:
        row = _row(question)
        if any("\t" in cell for cell in row.values()):
            left_out.append(
                Note(f"question {question.id}", "a tab in its text is written as a space")
            )
        writer.writerow([_safe(row.get(name, "")) for name in COLUMNS])
    return ExportedFile((BOM + out.getvalue()).encode("utf-8"), left_out)


def _safe(cell: str) -> str:
    """`cell` as written: a `'` that would be dropped on import doubled, then `csv_cell`."""
    if _PROTECTED.match(cell):
        cell = "'" + cell
    value = csv_cell(cell)
    return value if isinstance(value, str) else str(value)


def _plain(value: float) -> str:
    """A number as written in a bank: `11`, `2.5`, never `1e-05`."""
    return format_number(value)


def _row(q: Question) -> dict[str, str]:
    """A question as the layout's cells (before `csv_cell`)."""
    row: dict[str, str] = {"id": q.id, "type": q.kind.value, "prompt": q.prompt}
    match q.kind:
        case QuestionKind.CHOICE | QuestionKind.MULTI:
            row["choices"] = _join(q.choices)
            row["answer"] = _join(c for c in q.choices if c in q.correct_choices)
        case QuestionKind.TRUEFALSE:
            row["answer"] = "true" if "True" in q.correct_choices else "false"
        case QuestionKind.TEXT:
            row["answer"] = _join(q.accepted)
        case QuestionKind.NUMBER:
            row["answer"] = _plain(q.number or 0.0)
            if q.tolerance:
                row["answer"] += f" ± {_plain(q.tolerance)}"
            row["unit"] = q.unit
        case QuestionKind.ORDER:
            row["answer"] = _join(q.items)
        case QuestionKind.CLOZE:
            row["prompt"] = _cloze_prompt(q)
            row["choices"] = "; ".join(
                f"{number}: {_join(listed, ';')}"
                for number, listed in enumerate(q.blank_choices, start=1)
                if listed
            )
        case QuestionKind.MATCH:
            row["choices"] = " | ".join(
                [f"{_escape(left, '>')} -> {_escape(right, '>')}" for left, right in q.pairs]
                + [f"-> {_escape(item, '>')}" for item in q.extra]
            )
    if q.why_wrong:
        row["why_wrong"] = " | ".join(
            f"{_escape(key, ':')}: {_escape(text)}" for key, text in q.why_wrong.items()
        )
    if q.kind in (QuestionKind.TEXT, QuestionKind.CLOZE) and q.typos != 1:
        row["typos"] = str(q.typos)
    for name in ("explanation", "topic", "hint", "section", "evidence"):
        row[name] = getattr(q, name)
    if q.difficulty:
        row["difficulty"] = q.difficulty.value
    if q.points != 1.0:
        row["points"] = _plain(q.points)
    if q.time_limit is not None:
        row["time_limit"] = _plain(q.time_limit)
    return row


def _cloze_prompt(q: Question) -> str:
    """The bank's prompt again: each numbered gap back to `{{answer|also accepted}}`."""

    def blank(found: re.Match[str]) -> str:
        number = int(found.group(1))
        if 1 <= number <= len(q.blanks):
            return "{{" + SEPARATOR.join(q.blanks[number - 1]) + "}}"
        return found.group(0)

    return _GAP.sub(blank, q.prompt)


def _left_out(deck: Deck) -> list[Note]:
    """What of the deck the layout has no column for (it holds questions only)."""
    left: list[Note] = []
    if deck.title and deck.title != deck.path.stem.replace("_", " ").replace("-", " ").strip():
        left.append(Note("deck", f"the title ({deck.title!r}) has no column"))
    if deck.id != default_deck_id(deck.path):
        left.append(Note("deck", f"the deck id ({deck.id}) has no column; import names it by file"))
    for name in ("description", "briefing"):
        if getattr(deck, name):
            left.append(Note("deck", f"the {name} has no column"))
    if deck.as_of:
        left.append(Note("deck", "as_of has no column"))
    if any(vars(deck.source).values()):
        left.append(Note("deck", "the source (title, outlet, url, date, file) has no column"))
    if deck.settings != type(deck.settings)():
        left.append(Note("deck", "the settings (shuffle, time_limit, ...) have no column"))
    return left
