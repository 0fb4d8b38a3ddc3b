"""Kahoot: the question spreadsheet (`.xlsx`) that Kahoot's "Import spreadsheet" reads.

The layout is Kahoot's quiz template: the column headings on row 8 (B to
H: question, answers 1 to 4, time limit, correct answers), one question a
row from row 9, its number in column A. Kahoot asks multiple-choice
questions only, so choice, multi and truefalse questions are written and
every other type is listed as left out, as is a question that does not fit
Kahoot's limits: at most 4 answers, a question of at most 120 characters, an
answer of at most 75 (the limits the template states). Nothing is cut. The
time limit is the question's (or the deck's) rounded up to one Kahoot
allows, 20 s when the bank sets none. Kahoot's sheet has no place for an
explanation, a hint, why_wrong feedback or evidence: a question written
without them is listed too. Every cell of bank text is written as a string,
never a formula, whatever it starts with. openpyxl is imported only here.
"""

from __future__ import annotations

import io
import math
import re
from typing import Any

from quizapp.bank.model import Deck, Question, QuestionKind
from quizapp.exchange.notes import ExportedFile, Note

MAX_ANSWERS = 4
MAX_QUESTION_CHARS = 120
MAX_ANSWER_CHARS = 75
TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)
"""The time limits (seconds) Kahoot's template allows."""
DEFAULT_TIME_LIMIT = 20
"""Kahoot's own default, for a bank that sets none."""

HEADER_ROW = 8
HEADERS = (
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)

_NOT_CHOICE = {
    QuestionKind.TEXT: "a typed answer cannot be written",
    QuestionKind.NUMBER: "a typed number cannot be written",
    QuestionKind.ORDER: "putting items in order cannot be written",
    QuestionKind.CLOZE: "filling in blanks cannot be written",
    QuestionKind.MATCH: "matching pairs cannot be written",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def time_limit(seconds: float | None) -> int:
    """Seconds rounded up to a time limit Kahoot allows (its longest, 240, at most)."""
    if seconds is None:
        return DEFAULT_TIME_LIMIT
    return next((t for t in TIME_LIMITS if t >= math.ceil(seconds)), TIME_LIMITS[-1])


def write_bank(deck: Deck) -> ExportedFile:
    """The deck's multiple-choice questions as Kahoot's spreadsheet, and what could not go."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    _text(sheet.cell(row=2, column=2), deck.title or deck.id)
    _text(
        sheet.cell(row=3, column=2),
        "Made by quizapp export; import it with Kahoot's Import spreadsheet.",
    )
    for column, heading in enumerate(HEADERS, start=2):
        _text(sheet.cell(row=HEADER_ROW, column=column), heading)
    left_out: list[Note] = []
    row = HEADER_ROW
    for question in deck.questions:
        where = f"question {question.id}"
        problems = _unfit(question)
        if problems:
            left_out.extend(Note(where, why) for why in problems)
            continue
        row += 1
        sheet.cell(row=row, column=1, value=row - HEADER_ROW)
        _text(sheet.cell(row=row, column=2), _one_line(question.prompt))
        for column, choice in enumerate(question.choices, start=3):
            _text(sheet.cell(row=row, column=column), _one_line(choice))
        seconds = question.time_limit
        if seconds is None:
            seconds = deck.settings.time_limit
        limit = time_limit(seconds)
        if seconds is not None and seconds > TIME_LIMITS[-1]:
            left_out.append(
                Note(
                    where,
                    f"its time limit of {seconds:g} s is longer than Kahoot allows; "
                    f"written as {limit} s",
                )
            )
        sheet.cell(row=row, column=7, value=limit)
        numbers = [
            str(n) for n, c in enumerate(question.choices, 1) if c in question.correct_choices
        ]
        if len(numbers) == 1:
            sheet.cell(row=row, column=8, value=int(numbers[0]))
        else:
            _text(sheet.cell(row=row, column=8), ",".join(numbers))
        if missing := _parts_left_out(question):
            left_out.append(
                Note(
                    where,
                    f"written without its {_joined(missing)} "
                    "(Kahoot's spreadsheet has no place for them)",
                )
            )
    buffer = io.BytesIO()
    book.save(buffer)
    return ExportedFile(buffer.getvalue(), left_out)


def _unfit(question: Question) -> list[str]:
    """Why the question cannot be a row of Kahoot's sheet; [] when it can."""
    if question.kind in _NOT_CHOICE:
        return [f"Kahoot quizzes ask multiple-choice questions; {_NOT_CHOICE[question.kind]}"]
    problems = []
    if len(question.choices) > MAX_ANSWERS:
        problems.append(
            f"it has {len(question.choices)} choices; Kahoot allows at most {MAX_ANSWERS} answers"
        )
    prompt = _one_line(question.prompt)
    if len(prompt) > MAX_QUESTION_CHARS:
        problems.append(
            f"its prompt is {len(prompt)} characters; Kahoot allows {MAX_QUESTION_CHARS}"
        )
    for number, choice in enumerate(question.choices, start=1):
        if len(_one_line(choice)) > MAX_ANSWER_CHARS:
            problems.append(
                f"choice {number} is {len(_one_line(choice))} characters; "
                f"Kahoot allows {MAX_ANSWER_CHARS} per answer"
            )
    return problems


def _parts_left_out(question: Question) -> list[str]:
    parts = []
    if question.explanation:
        parts.append("explanation")
    if question.hint:
        parts.append("hint")
    if question.why_wrong:
        parts.append("why_wrong feedback")
    if question.evidence:
        parts.append("evidence")
    return parts


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _one_line(text: str) -> str:
    """Text as one line of a cell: Kahoot shows a question and its answers on one line.

    Control characters cannot be in a loaded bank (the validator refuses them);
    they are dropped here only because openpyxl would refuse to save them.
    """
    return " ".join(_CONTROL.sub("", text).split())


def _text(cell: Any, text: str) -> None:
    """Write `text` as a string cell: openpyxl would take one starting with `=` for a formula."""
    cell.value = text
    cell.data_type = "s"
