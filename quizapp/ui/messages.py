"""Messages the quiz widgets send, named for what happened."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from quizapp.bank.model import Deck, Question
from quizapp.engine.grading import Response


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
    """The student asked to start a round: the whole deck, or just `questions`."""

    deck: Deck
    questions: tuple[Question, ...] | None = None
