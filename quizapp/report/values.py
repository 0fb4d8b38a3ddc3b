"""How a report writes its values, the same in every format."""

from __future__ import annotations

import datetime as dt

from quizapp.store.reports import AnswerRow
from quizapp.text.wording import format_points


def percent(value: float | None) -> str:
    """`67%`, or '' for nothing to show."""
    return "" if value is None else f"{value:.0f}%"


def rounded(value: float | None) -> float | str:
    """A percentage for CSV and JSON: one decimal, or '' for none."""
    return "" if value is None else round(value, 1)


def local_time(moment: dt.datetime | None) -> str:
    """`2025-06-10 14:17` in the teacher's time zone."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def credit(value: float | None) -> str:
    """A gradebook cell: `1`, `0`, `0.67`, or '' when never answered."""
    return "" if value is None else format_points(value)


def flags(row: AnswerRow) -> str:
    """What else the teacher should know of an answer, in words."""
    said = []
    if row.overruled:
        said.append("overruled")
    if row.hint_used:
        said.append("hint")
    if row.skipped:
        said.append("skipped")
    if row.timed_out:
        said.append("timed out")
    if not row.first_try:
        said.append("retry")
    if row.set_aside:
        said.append("set aside")
    return ", ".join(said)


def answer_fields(row: AnswerRow) -> dict[str, object]:
    """One answer as plain fields, in the order every export lists them."""
    return {
        "time": row.answered_at.isoformat(),
        "student": row.student,
        "deck": row.deck_id,
        "question": row.question_id,
        "round": row.round_number,
        "round_id": row.round_id,
        "round_kind": row.round_kind,
        "response": row.response,
        "correct": row.correct,
        "credit": row.credit,
        "hint_used": row.hint_used,
        "skipped": row.skipped,
        "timed_out": row.timed_out,
        "overruled": row.overruled,
        "first_try": row.first_try,
        "seconds": round(row.seconds, 3),
        "set_aside": row.set_aside,
    }
