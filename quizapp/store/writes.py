"""Every change a round makes to the results store, as plain data.

A write is made on the UI thread (when the student answers) and applied
later by the saver's thread, or after a restart from the journal. So each
one carries everything it needs — the time it happened, the student's name,
ids made here rather than by the database — and applying it twice changes
nothing the second time: a write that was journaled *and* committed, or
replayed by two processes at once, still counts once.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

from quizapp.bank.model import Deck
from quizapp.engine.grading import response_text
from quizapp.engine.session import Answer, QuizSession
from quizapp.store.clock import stamp
from quizapp.store.records import answer_hash, content_hash, encode_response


def new_uid() -> str:
    """An id made by the writer, unique across machines: rows are found by it on replay."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Write:
    """One change to the store. Subclasses name their `kind` for the journal."""

    kind: ClassVar[str] = ""
    journaled: ClassVar[bool] = True
    """Kept in the journal while it waits: what the student gave (a deck sync is not)."""
    carries_an_answer: ClassVar[bool] = False
    """Counted in "N answers waiting to be saved"."""

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, **asdict(self)}, ensure_ascii=False)


@dataclass(frozen=True)
class QuestionRow:
    """A question as the store remembers it, for reports and review."""

    question_id: str
    position: int
    prompt: str
    answer_text: str
    topic: str
    content_hash: str
    points: float = 1.0


@dataclass(frozen=True)
class SyncDeck(Write):
    """The deck's questions as they are now; questions no longer in it are marked removed."""

    kind: ClassVar[str] = "sync-deck"
    journaled: ClassVar[bool] = False
    deck_id: str
    title: str
    questions: tuple[QuestionRow, ...]
    at: str
    source: str = ""
    """Where the deck's facts come from, as the start screen says it."""
    as_of: str | None = None
    """The date the facts were current (YYYY-MM-DD)."""

    @classmethod
    def of(cls, deck: Deck, now: dt.datetime) -> SyncDeck:
        rows = tuple(
            QuestionRow(q.id, n, q.prompt, q.answer_text, q.topic, content_hash(q), q.points)
            for n, q in enumerate(deck.questions)
        )
        as_of = deck.as_of.isoformat() if deck.as_of else None
        return cls(deck.id, deck.title, rows, stamp(now), deck.source.describe(), as_of)


@dataclass(frozen=True)
class StartAttempt(Write):
    """A round began: who, which deck, and everything needed to resume it exactly."""

    kind: ClassVar[str] = "start-attempt"
    uid: str
    student: str
    deck_id: str
    round_kind: str
    mode: str
    seed: int
    order: tuple[str, ...]
    scoring: str
    options: dict[str, Any]
    at: str

    @classmethod
    def of(cls, student: str, session: QuizSession, now: dt.datetime) -> StartAttempt:
        return cls(
            uid=new_uid(),
            student=student,
            deck_id=session.deck.id,
            round_kind=session.kind.value,
            mode=session.mode.value,
            seed=session.seed,
            order=tuple(q.id for q in session.questions),
            scoring=session.options.scoring.value,
            options=session.options.saved(),
            at=stamp(now),
        )


@dataclass(frozen=True)
class RecordAnswer(Write):
    """One answer, as given; applying it also schedules the question's next review."""

    kind: ClassVar[str] = "answer"
    carries_an_answer: ClassVar[bool] = True
    uid: str
    attempt_uid: str
    deck_id: str
    question_id: str
    response: str | None
    response_text: str
    correct: bool
    credit: float
    ms: int
    hint_used: bool
    overruled: bool
    skipped: bool
    first_try: bool
    timed_out: bool
    score: float
    content_hash: str
    answer_hash: str
    at: str

    @classmethod
    def of(cls, attempt_uid: str, deck_id: str, answer: Answer, now: dt.datetime) -> RecordAnswer:
        question = answer.question
        return cls(
            uid=new_uid(),
            attempt_uid=attempt_uid,
            deck_id=deck_id,
            question_id=question.id,
            response=encode_response(answer.response),
            response_text=response_text(question, answer.response),
            correct=answer.correct,
            credit=answer.credit,
            ms=round(answer.seconds * 1000),
            hint_used=answer.hint_used,
            overruled=answer.overruled,
            skipped=answer.skipped,
            first_try=answer.first_try,
            timed_out=answer.timed_out,
            score=answer.score,
            content_hash=content_hash(question),
            answer_hash=answer_hash(question),
            at=stamp(now),
        )

    @property
    def seconds(self) -> float:
        """Time taken, as the review scheduler reads it."""
        return self.ms / 1000


@dataclass(frozen=True)
class Overrule(Write):
    """The student said a typed answer marked wrong was right: it counts, and says so."""

    kind: ClassVar[str] = "overrule"
    carries_an_answer: ClassVar[bool] = True
    answer_uid: str
    score: float
    at: str


@dataclass(frozen=True)
class FinishAttempt(Write):
    """The round reached its results screen."""

    kind: ClassVar[str] = "finish-attempt"
    attempt_uid: str
    points: float
    max_points: float
    at: str


@dataclass(frozen=True)
class AbandonAttempt(Write):
    """The student started afresh: the unfinished round is no longer offered."""

    kind: ClassVar[str] = "abandon-attempt"
    attempt_uid: str
    at: str


@dataclass(frozen=True)
class LeaveAttempt(Write):
    """The student quit in the middle of the round (the class view says "left")."""

    kind: ClassVar[str] = "leave-attempt"
    attempt_uid: str
    at: str


@dataclass(frozen=True)
class SetAside(Write):
    """A resumed round's answers to questions whose answer has changed: no longer counted."""

    kind: ClassVar[str] = "set-aside"
    answer_uids: tuple[str, ...]
    at: str


WRITE_KINDS: dict[str, type[Write]] = {
    kind.kind: kind
    for kind in (
        SyncDeck,
        StartAttempt,
        RecordAnswer,
        Overrule,
        FinishAttempt,
        AbandonAttempt,
        LeaveAttempt,
        SetAside,
    )
}


class UnreadableWrite(ValueError):
    """A journal line that is not a write this quizapp knows (a newer one, or damage)."""


def write_from_json(line: str) -> Write:
    """The inverse of `Write.to_json`; raises `UnreadableWrite`."""
    try:
        data = json.loads(line)
        kind = WRITE_KINDS[data.pop("kind")]
        values = {f.name: data[f.name] for f in fields(kind)}
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise UnreadableWrite(str(error)) from None
    if kind is SyncDeck:
        values["questions"] = tuple(QuestionRow(**row) for row in values["questions"])
    for name in ("order", "answer_uids"):
        if name in values:
            values[name] = tuple(values[name])
    return kind(**values)
