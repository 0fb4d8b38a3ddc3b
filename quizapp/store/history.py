"""What a student has waiting on a deck: a round to resume, and reviews due today.

The start screen asks this for the name being typed, on a worker thread, so
a slow or locked database never holds up typing.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.store.results import ResultsStore, SavedAttempt
from quizapp.store.review import due_today


@dataclass(frozen=True)
class StudentHistory:
    """A student's unfinished round on a deck (if any) and how many reviews are due today."""

    name: str
    saved: SavedAttempt | None = None
    due: int = 0
    known: bool = False
    """False for a name the store has never seen."""


def look_up(reader: ResultsStore, name: str, deck_id: str) -> StudentHistory:
    """`name`'s history on `deck_id` as the store has it now."""
    student = reader.find_student(name)
    if student is None:
        return StudentHistory(name)
    saved = reader.unfinished_attempt(student, deck_id)
    due = len(due_today(reader.review_cards(student, deck_id), reader.now()))
    return StudentHistory(name, saved, due, known=True)
