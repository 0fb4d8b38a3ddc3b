"""Messages the quiz widgets send, named for what happened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from quizapp.bank.model import Deck, Question
from quizapp.engine.options import RoundKind

if TYPE_CHECKING:  # an annotation only: grading is imported with the round's screens
    from quizapp.engine.grading import Response
    from quizapp.store.results import SavedAttempt


@dataclass
class AnswerGiven(Message):
    """The student committed a response to the current question."""

    response: Response


@dataclass
class AnswerRejected(Message):
    """The student tried to submit something that is not an answer yet."""

    reason: str


@dataclass
class DeckChosen(Message):
    """The student picked a deck from the list."""

    deck: Deck


@dataclass
class RoundRequested(Message):
    """The student asked for a round: a new one, a retry, a review, or to resume one."""

    deck: Deck
    kind: RoundKind = RoundKind.ROUND
    questions: tuple[Question, ...] | None = None
    """For a retry: the questions missed before."""
    resume: SavedAttempt | None = None
    """For resuming: the unfinished attempt to go on with."""
    student_name: str | None = None
    """As typed on the start screen; None keeps the current student."""


@dataclass
class SavingChanged(Message):
    """How saving stands has changed (answers waiting, the database open, a notice)."""
