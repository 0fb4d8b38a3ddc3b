"""Keeps a round in the store as it is played: the engine's observer, turned into writes.

The recorder makes each write on the thread that plays the round and hands
it to a sink: the saver (`quizapp.store.saver`), which queues it and
returns at once, or a `ResultsStore`, which applies it there and then (the
engine-level tests, and tools). It never touches the database itself.
"""

from __future__ import annotations

from typing import Protocol

from quizapp.engine.session import Answer, QuizSession, RoundResults
from quizapp.store.results import Now, Student
from quizapp.store.writes import (
    FinishAttempt,
    LeaveAttempt,
    Overrule,
    RecordAnswer,
    StartAttempt,
    Write,
    stamp,
)
from quizapp.text.names import clean_name


class WriteSink(Protocol):
    """Where writes go: `Saver` (queued) or `ResultsStore` (at once)."""

    now: Now

    def submit(self, write: Write) -> None: ...


class RoundRecorder:
    """A `RoundObserver` that submits every answer, overrule and finish as a write."""

    def __init__(
        self,
        sink: WriteSink,
        student: Student | str,
        session: QuizSession,
        *,
        attempt_uid: str | None = None,
        answer_uids: dict[str, str] | None = None,
    ) -> None:
        """Start recording `session` for `student`.

        A resumed round passes the `attempt_uid` it continues and the uids of
        its answers so far (by question id), so that an overrule of one of
        them still finds it; a new round is started in the store here.
        """
        self.sink = sink
        self.student = clean_name(student.name if isinstance(student, Student) else student)
        self.deck_id = session.deck.id
        self._answer_uids: dict[str, str] = dict(answer_uids or {})
        if attempt_uid is None:
            start = StartAttempt.of(self.student, session, sink.now())
            sink.submit(start)
            attempt_uid = start.uid
        self.attempt_uid = attempt_uid

    def answered(self, answer: Answer) -> None:
        write = RecordAnswer.of(self.attempt_uid, self.deck_id, answer, self.sink.now())
        self._answer_uids[answer.question.id] = write.uid
        self.sink.submit(write)

    def overruled(self, answer: Answer) -> None:
        uid = self._answer_uids.get(answer.question.id)
        if uid is not None:
            self.sink.submit(Overrule(uid, answer.score, stamp(self.sink.now())))

    def left(self) -> None:
        """The student quit before the end (the class view says "left" until they resume)."""
        self.sink.submit(LeaveAttempt(self.attempt_uid, stamp(self.sink.now())))

    def finished(self, results: RoundResults) -> None:
        self.sink.submit(
            FinishAttempt(
                self.attempt_uid, results.points, results.max_points, stamp(self.sink.now())
            )
        )
