"""What the live class view shows: where each student is, and how each question is going.

Read afresh every second from the database, read-only (`read_class`), so
the view sees each answer as it lands and never changes a file.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from quizapp.store.address import DatabaseAddress
from quizapp.store.database import StoreUnreadable, damaged_message, database_errors, first_line
from quizapp.store.reports import QuestionSummary, most_common_wrong
from quizapp.store.results import ResultsStore
from quizapp.text.names import name_key

IDLE_AFTER = dt.timedelta(minutes=2)
"""A student with no answer for this long is shown as idle."""


class Status(StrEnum):
    """What a student is doing, as far as the store can tell."""

    PLAYING = "playing"
    FINISHED = "finished"
    IDLE = "idle"
    """No answer for two minutes."""
    LEFT = "left"
    """Quit in the middle of the round."""


@dataclass(frozen=True)
class StudentProgress:
    """Where one student is in their latest round of the watched deck."""

    name: str
    answered: int
    """First tries given so far."""
    total: int
    right: int
    score: float
    finished: bool
    status: Status = Status.PLAYING
    overruled: int = 0

    @property
    def reached(self) -> int:
        """The question the student is on (1-based): the one after the last answered."""
        return self.total if self.finished else min(self.answered + 1, self.total)


@dataclass(frozen=True)
class ClassSnapshot:
    """The class view's data at one moment."""

    deck_id: str
    deck_title: str
    students: tuple[StudentProgress, ...]
    questions: tuple[QuestionSummary, ...]
    """In bank order, with answers from the rounds being watched."""
    not_joined: tuple[str, ...] = ()
    """Students on the roster with no round in the window."""

    @property
    def most_missed(self) -> QuestionSummary | None:
        """The question with the lowest share right, once anyone got it wrong."""
        missed = [q for q in self.questions if q.answered and q.right < q.answered]
        return min(missed, key=lambda q: (q.percent_right, -q.answered)) if missed else None


def _status(row: Any, last_answer: str | None, now: dt.datetime) -> Status:
    if row["finished_at"] is not None:
        return Status.FINISHED
    last = last_answer or row["started_at"]
    if row["left_at"] is not None and row["left_at"] >= last:
        return Status.LEFT
    if now - dt.datetime.fromisoformat(last) > IDLE_AFTER:
        return Status.IDLE
    return Status.PLAYING


def class_snapshot(
    store: ResultsStore,
    since: dt.datetime,
    deck_id: str | None = None,
    *,
    now: dt.datetime | None = None,
    roster: Sequence[str] = (),
) -> ClassSnapshot | None:
    """Rounds started since `since` on a deck (default: the one played most recently)."""
    now = now or dt.datetime.now(dt.UTC)
    stamp = since.astimezone(dt.UTC).isoformat()
    if deck_id is None:
        rows = store.query(
            "SELECT deck_id FROM attempts WHERE started_at >= ? ORDER BY started_at DESC LIMIT 1",
            (stamp,),
        )
        if not rows:
            return None
        deck_id = rows[0]["deck_id"]
    title_rows = store.query("SELECT title FROM decks WHERE deck_id = ?", (deck_id,))
    attempts = store.query(
        "SELECT t.id, t.question_order, t.finished_at, t.started_at, t.left_at, s.name, "
        "s.name_key FROM attempts t JOIN students s ON s.id = t.student_id "
        "WHERE t.deck_id = ? AND t.started_at >= ? AND t.abandoned_at IS NULL "
        "AND t.kind IN ('round', 'review') ORDER BY t.started_at",
        (deck_id, stamp),
    )
    latest: dict[str, Any] = {}
    for attempt in attempts:
        latest[attempt["name_key"]] = attempt  # later rounds replace earlier ones
    ids = [a["id"] for a in latest.values()]
    answers = (
        store.query(
            "SELECT attempt_id, question_id, correct, skipped, response_text, score, overruled, "
            "first_try, answered_at FROM answers WHERE set_aside_at IS NULL "
            f"AND attempt_id IN ({','.join('?' * len(ids))})",
            ids,
        )
        if ids
        else []
    )
    by_attempt: dict[int, list[Any]] = {}
    for answer in answers:
        by_attempt.setdefault(answer["attempt_id"], []).append(answer)
    students = []
    for attempt in latest.values():
        given = by_attempt.get(attempt["id"], [])
        first = [x for x in given if x["first_try"]]
        last = max((x["answered_at"] for x in given), default=None)
        students.append(
            StudentProgress(
                name=attempt["name"],
                answered=len(first),
                total=len(json.loads(attempt["question_order"])),
                right=sum(1 for x in first if x["correct"]),
                score=sum(x["score"] for x in first),
                finished=attempt["finished_at"] is not None,
                status=_status(attempt, last, now),
                overruled=sum(1 for x in given if x["overruled"]),
            )
        )
    first_tries = [x for x in answers if x["first_try"]]
    questions = []
    for row in store.query(
        "SELECT question_id, prompt, topic, position FROM questions "
        "WHERE deck_id = ? AND removed_at IS NULL ORDER BY position",
        (deck_id,),
    ):
        asked = [x for x in first_tries if x["question_id"] == row["question_id"]]
        common, count = most_common_wrong(asked)
        questions.append(
            QuestionSummary(
                deck_id=deck_id,
                question_id=row["question_id"],
                prompt=row["prompt"],
                topic=row["topic"],
                answered=len(asked),
                right=sum(1 for x in asked if x["correct"]),
                common_wrong=common,
                common_wrong_count=count,
                changed=False,
                position=row["position"],
                overruled=sum(
                    1 for x in answers if x["question_id"] == row["question_id"] and x["overruled"]
                ),
            )
        )
    joined = {name_key(s.name) for s in students}
    return ClassSnapshot(
        deck_id=deck_id,
        deck_title=title_rows[0]["title"] if title_rows else deck_id,
        students=tuple(students),
        questions=tuple(questions),
        not_joined=tuple(name for name in roster if name_key(name) not in joined),
    )


def read_class(
    where: Path | DatabaseAddress,
    since: dt.datetime,
    deck_id: str | None = None,
    *,
    now: dt.datetime | None = None,
    roster: Sequence[str] = (),
) -> ClassSnapshot | None:
    """The class as the folder's database has it now; None when it holds nothing yet.

    Opened read-only for this one read and closed again, so the live view
    sees each new answer and never leaves a file behind (see
    `quizapp.store.database.open_read_only`). Raises `StoreUnreadable`,
    with what to do, for a damaged file or one from another version.
    """
    store = ResultsStore.read_only(where)
    if store is None:
        return None
    try:
        return class_snapshot(store, since, deck_id, now=now, roster=roster)
    except database_errors() as error:
        if store.path is None:
            where_shown = store.address.described() if store.address else "the database"
            raise StoreUnreadable(f"cannot read {where_shown}: {first_line(error)}") from None
        raise StoreUnreadable(damaged_message(store.path, str(error))) from None
    finally:
        store.close()
