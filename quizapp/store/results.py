"""The results store: the one module that reads and writes the database.

Everything else (the engine, the screens, the report) goes through here; no
other module writes SQL. Changes arrive as writes (`quizapp.store.writes`),
applied one transaction each and idempotently, so the saver can retry them
and replay them from its journal. Every answer is committed on its own, so a
crash, a closed laptop or `kill -9` loses nothing already answered.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.bank.model import Deck, Question
from quizapp.engine.session import Answer, RoundKind
from quizapp.store.address import DatabaseAddress
from quizapp.store.clock import Now, stamp, utc_now
from quizapp.store.connection import Connection
from quizapp.store.database import (
    OpenedDatabase,
    connect,
    memory_database,
    open_address,
    open_read_only_address,
)
from quizapp.store.dialect import Dialect
from quizapp.store.records import decode_response
from quizapp.text.names import clean_name, name_key

if TYPE_CHECKING:
    from quizapp.store.review import Rated, ReviewScheduler
    from quizapp.store.writes import Overrule, RecordAnswer, StartAttempt, SyncDeck, Write


@dataclass(frozen=True)
class Student:
    """A student as first typed (`Alice`), found again as `alice` or ` ALICE`."""

    id: int
    name: str


@dataclass(frozen=True)
class SavedAnswer:
    """One answer row, enough to put a round back together."""

    question_id: str
    response: object
    correct: bool
    credit: float
    seconds: float
    hint_used: bool
    skipped: bool
    overruled: bool
    first_try: bool
    timed_out: bool = False
    score: float = 0.0
    uid: str = ""
    content_hash: str = ""
    """The question's fingerprint (wording included) when it was answered."""
    answer_hash: str = ""
    """What the question accepted when it was answered ('' before quizapp 0.2)."""


@dataclass(frozen=True)
class SavedAttempt:
    """An attempt that was not finished: what to resume."""

    id: int
    deck_id: str
    kind: RoundKind
    mode: str
    seed: int
    order: tuple[str, ...]
    answers: tuple[SavedAnswer, ...]
    uid: str = ""
    scoring: str = "flat"
    options: dict[str, Any] = field(default_factory=dict)
    """Every option the round was started with (empty for rounds of quizapp before 0.2)."""

    @property
    def answered(self) -> int:
        """First tries given so far ("Resume: 12 of 30 answered")."""
        return sum(1 for a in self.answers if a.first_try)

    def restored_answers(self, questions: dict[str, Question]) -> list[Answer]:
        """The saved answers as the engine's `Answer`s, for questions still in the bank."""
        return [
            Answer(
                question=questions[a.question_id],
                response=a.response,  # type: ignore[arg-type]
                correct=a.correct,
                credit=a.credit,
                seconds=a.seconds,
                first_try=a.first_try,
                hint_used=a.hint_used,
                skipped=a.skipped,
                overruled=a.overruled,
                timed_out=a.timed_out,
                score=a.score,
            )
            for a in self.answers
            if a.question_id in questions
        ]


class MissingRound(Exception):
    """A write names a round the database does not hold (its start was refused)."""


@dataclass(frozen=True)
class _Overruled:
    """An answer as it counts after an overrule, for re-rating its review."""

    seconds: float
    hint_used: bool
    correct: bool = True
    skipped: bool = False
    overruled: bool = True


class ResultsStore:
    """Students, attempts, answers and review state, in one SQLite file or PostgreSQL database.

    One connection, used by one thread at a time: the saver writes through
    its own store, and the screens read through another (`second_connection`).
    An in-memory store is shared by both, behind a lock; on PostgreSQL both
    draw connections from one pool.
    """

    def __init__(
        self, opened: OpenedDatabase, now: Now = utc_now, scheduler: ReviewScheduler | None = None
    ) -> None:
        self._opened = opened
        self._db: Connection = opened.connection
        self.address: DatabaseAddress | None = opened.address
        """Where results are kept, or None when nothing is being saved."""
        self.path: Path | None = opened.path
        """The SQLite file (None on a server, or when nothing is being saved)."""
        self.notice = opened.notice
        """One line for the user: a recovery, or why results are not saved."""
        self.now = now
        self._scheduler = scheduler
        self._lock = threading.RLock()

    @classmethod
    def open(
        cls,
        where: Path | DatabaseAddress,
        now: Now = utc_now,
        scheduler: ReviewScheduler | None = None,
    ) -> ResultsStore:
        """Open the store at `where` (a data folder, or an address); raises `StoreBusy`.

        `StoreBusy` means "not now": another program holds the file, or the
        server cannot be reached. The saver tries again until it opens.
        """
        return cls(open_address(_address(where), now()), now, scheduler)

    @classmethod
    def read_only(cls, where: Path | DatabaseAddress, now: Now = utc_now) -> ResultsStore | None:
        """The store for one read (a report, a refresh of the class view); None if none yet.

        Raises `StoreUnreadable` (damaged, another version, held too long, unreachable).
        """
        opened = open_read_only_address(_address(where))
        return cls(opened, now) if opened is not None else None

    @classmethod
    def in_memory(
        cls, now: Now = utc_now, scheduler: ReviewScheduler | None = None
    ) -> ResultsStore:
        """A store that keeps nothing once the app closes (tests, or no usable folder)."""
        return cls(memory_database(), now, scheduler)

    def second_connection(self) -> ResultsStore:
        """A store on its own connection to the same database (this one, when in memory).

        On a server the pool is shared: it hands each thread a connection of its own.
        """
        if self.address is None:
            return self
        if self.path is None:
            return ResultsStore(self._opened, self.now, self._scheduler)
        opened = OpenedDatabase(connect(self.path), self.address, self.notice)
        return ResultsStore(opened, self.now, self._scheduler)

    @property
    def dialect(self) -> Dialect:
        """How this store's SQL differs by engine (for `quizapp.store.reports`)."""
        return self._db.dialect

    @property
    def scheduler(self) -> ReviewScheduler:
        """FSRS, made when first needed: a report or the class view never schedules."""
        if self._scheduler is None:
            from quizapp.store.review import ReviewScheduler

            self._scheduler = ReviewScheduler()
        return self._scheduler

    @property
    def saving(self) -> bool:
        return self.address is not None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _stamp(self) -> str:
        return stamp(self.now())

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction (on SQLite taken at once, so waiting for the lock is up front)."""
        with self._lock, self._db.transaction() as db:
            yield db

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """Reads that all see the database at one moment, while quizzes go on writing to it
        (`quizapp.store.copy` reads a whole history so). Nothing may be written through it."""
        with self._lock, self._db.snapshot() as db:
            yield db

    # -- students ---------------------------------------------------------------

    def student(self, name: str) -> Student:
        """The student of that name, created on first use; raises `BadName`."""
        clean_name(name)  # a name that cannot be used raises here, before the transaction
        with self._transaction() as db:
            student_id = _student_id(db, name, self._stamp())
            row = db.execute("SELECT name FROM students WHERE id = ?", (student_id,)).fetchone()
        return Student(student_id, row["name"])

    def find_student(self, name: str) -> Student | None:
        """The student of that name (any case, either Unicode form), without creating one."""
        with self._lock:
            row = self._db.execute(
                "SELECT id, name FROM students WHERE name_key = ?", (name_key(name),)
            ).fetchone()
        return Student(row["id"], row["name"]) if row else None

    # -- writes -------------------------------------------------------------------

    def sync_deck(self, deck: Deck) -> None:
        """Remember the deck's questions as they are now (a write applied at once)."""
        from quizapp.store.writes import SyncDeck

        self.apply(SyncDeck.of(deck, self.now()))

    def submit(self, write: Write) -> None:
        """Apply `write` now (the saver's `submit` queues it instead)."""
        self.apply(write)

    def apply(self, write: Write) -> None:
        """Apply one write in one transaction; applying it again changes nothing."""
        # Imported here, not at the top: a report opens the store and never writes.
        from quizapp.store import writes as w

        with self._transaction() as db:
            match write:
                case w.SyncDeck():
                    _sync_deck(db, write)
                case w.StartAttempt():
                    _start_attempt(db, write)
                case w.RecordAnswer():
                    self._record_answer(db, write)
                case w.Overrule():
                    self._overrule(db, write)
                case w.FinishAttempt():
                    db.execute(
                        "UPDATE attempts SET finished_at = ?, points = ?, max_points = ? "
                        "WHERE uid = ? AND finished_at IS NULL",
                        (write.at, write.points, write.max_points, write.attempt_uid),
                    )
                case w.AbandonAttempt():
                    db.execute(
                        "UPDATE attempts SET abandoned_at = ? WHERE uid = ? "
                        "AND finished_at IS NULL AND abandoned_at IS NULL",
                        (write.at, write.attempt_uid),
                    )
                case w.LeaveAttempt():
                    db.execute(
                        "UPDATE attempts SET left_at = ? WHERE uid = ? AND finished_at IS NULL "
                        "AND left_at IS NULL",
                        (write.at, write.attempt_uid),
                    )
                case w.SetAside():
                    db.executemany(
                        "UPDATE answers SET set_aside_at = ? WHERE uid = ? AND set_aside_at IS NULL",
                        [(write.at, uid) for uid in write.answer_uids],
                    )
                case _:  # pragma: no cover - every write kind is listed above
                    raise TypeError(f"not a write: {write!r}")

    def _record_answer(self, db: Connection, write: RecordAnswer) -> None:
        attempt = db.execute(
            "SELECT id, student_id FROM attempts WHERE uid = ?", (write.attempt_uid,)
        ).fetchone()
        if attempt is None:
            raise MissingRound(f"no round {write.attempt_uid} for answer {write.uid}")
        student_id = attempt["student_id"]
        before = _card(db, student_id, write.deck_id, write.question_id)
        inserted = db.execute(
            "INSERT INTO answers (uid, attempt_id, student_id, deck_id, question_id, response, "
            "response_text, correct, credit, ms, hint_used, overruled, skipped, first_try, "
            "content_hash, answered_at, timed_out, score, card_before, answer_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (uid) DO NOTHING",
            (
                write.uid,
                attempt["id"],
                student_id,
                write.deck_id,
                write.question_id,
                write.response,
                write.response_text,
                int(write.correct),
                write.credit,
                write.ms,
                int(write.hint_used),
                int(write.overruled),
                int(write.skipped),
                int(write.first_try),
                write.content_hash,
                write.at,
                int(write.timed_out),
                write.score,
                before,
                write.answer_hash,
            ),
        ).rowcount
        if inserted:
            self._schedule(
                db, student_id, write.deck_id, write.question_id, before, write, write.at
            )

    def _overrule(self, db: Connection, write: Overrule) -> None:
        row = db.execute(
            "SELECT id, student_id, deck_id, question_id, card_before, ms, hint_used "
            "FROM answers WHERE uid = ? AND overruled = 0",
            (write.answer_uid,),
        ).fetchone()
        if row is None:
            return  # applied before (or an answer this store never had)
        db.execute(
            "UPDATE answers SET overruled = 1, correct = 1, credit = 1.0, score = ? WHERE id = ?",
            (write.score, row["id"]),
        )
        counted = _Overruled(seconds=row["ms"] / 1000, hint_used=bool(row["hint_used"]))
        # Re-rated from the card as it was before the answer: the wrong rating never happened.
        self._schedule(
            db, row["student_id"], row["deck_id"], row["question_id"], row["card_before"] or "",
            counted, write.at,
        )  # fmt: skip

    def _schedule(
        self,
        db: Connection,
        student_id: int,
        deck_id: str,
        question_id: str,
        before: str | None,
        answer: Rated,
        at: str,
    ) -> None:
        """The question's next review after `answer`, from the card `before` it."""
        card, due = self.scheduler.review(before, answer, dt.datetime.fromisoformat(at))
        db.execute(
            "INSERT INTO review_cards (student_id, deck_id, question_id, card, due, last_correct, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (student_id, deck_id, question_id) DO UPDATE SET "
            "card = excluded.card, due = excluded.due, last_correct = excluded.last_correct, "
            "updated_at = excluded.updated_at",
            (student_id, deck_id, question_id, card, due.isoformat(), int(answer.correct), at),
        )

    # -- reading --------------------------------------------------------------------

    def unfinished_attempt(self, student: Student, deck_id: str) -> SavedAttempt | None:
        """The latest attempt of this student and deck that was neither finished nor abandoned.

        A live room's round is never offered: it goes on only in its room, at the teacher's pace.
        """
        row = self._one(
            "SELECT * FROM attempts WHERE student_id = ? AND deck_id = ? AND finished_at IS NULL "
            "AND abandoned_at IS NULL AND kind != 'live' ORDER BY id DESC LIMIT 1",
            (student.id, deck_id),
        )
        if row is None:
            return None
        answers = tuple(
            SavedAnswer(
                question_id=a["question_id"],
                response=decode_response(a["response"]),
                correct=bool(a["correct"]),
                credit=a["credit"],
                seconds=a["ms"] / 1000,
                hint_used=bool(a["hint_used"]),
                skipped=bool(a["skipped"]),
                overruled=bool(a["overruled"]),
                first_try=bool(a["first_try"]),
                timed_out=bool(a["timed_out"]),
                score=a["score"],
                uid=a["uid"],
                content_hash=a["content_hash"],
                answer_hash=a["answer_hash"] or "",
            )
            for a in self.query(
                "SELECT * FROM answers WHERE attempt_id = ? AND set_aside_at IS NULL ORDER BY id",
                (row["id"],),
            )
        )
        if not answers:
            return None  # nothing to resume: starting again is the same
        return SavedAttempt(
            id=row["id"],
            deck_id=deck_id,
            kind=RoundKind(row["kind"]),
            mode=row["mode"],
            seed=row["seed"],
            order=tuple(json.loads(row["question_order"])),
            answers=answers,
            uid=row["uid"],
            scoring=row["scoring"],
            options=json.loads(row["options"] or "{}"),
        )

    def card_json(self, student: Student, deck_id: str, question_id: str) -> str | None:
        with self._lock:
            return _card(self._db, student.id, deck_id, question_id)

    def review_cards(self, student: Student, deck_id: str) -> list[ReviewCard]:
        """This student's cards for the deck's current questions (removed ones drop out)."""
        rows = self.query(
            "SELECT c.question_id, c.due, c.last_correct FROM review_cards c "
            "LEFT JOIN questions q ON q.deck_id = c.deck_id AND q.question_id = c.question_id "
            "WHERE c.student_id = ? AND c.deck_id = ? AND q.removed_at IS NULL",
            (student.id, deck_id),
        )
        return [
            ReviewCard(
                r["question_id"], dt.datetime.fromisoformat(r["due"]), bool(r["last_correct"])
            )
            for r in rows
        ]

    def query(self, sql: str, parameters: Iterable[object] = ()) -> list[Any]:
        """Read-only queries for `quizapp.store.reports`, which owns the SQL of reports."""
        with self._lock:
            return self._db.execute(sql, tuple(parameters)).fetchall()

    def _one(self, sql: str, parameters: Sequence[object]) -> Any:
        rows = self.query(sql, parameters)
        return rows[0] if rows else None


def _address(where: Path | DatabaseAddress) -> DatabaseAddress:
    return where if isinstance(where, DatabaseAddress) else DatabaseAddress.sqlite_in(where)


def _student_id(db: Connection, typed: str, at: str) -> int:
    """The id of the student of that name (cleaned as the start screen does), made on first use."""
    name = clean_name(typed)
    key = name_key(name)
    db.execute(
        "INSERT INTO students (name, name_key, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT (name_key) DO NOTHING",
        (name, key, at),
    )
    return int(db.execute("SELECT id FROM students WHERE name_key = ?", (key,)).fetchone()[0])


def _card(db: Connection, student_id: int, deck_id: str, question_id: str) -> str | None:
    row = db.execute(
        "SELECT card FROM review_cards WHERE student_id = ? AND deck_id = ? AND question_id = ?",
        (student_id, deck_id, question_id),
    ).fetchone()
    return row["card"] if row else None


def _sync_deck(db: Connection, write: SyncDeck) -> None:
    """The deck's questions as they are now; questions that left it are marked removed.

    Reports and review use this to show current prompts, to drop questions
    that left the bank, and to spot answers given to an older wording.
    """
    db.execute(
        "INSERT INTO decks (deck_id, title, synced_at, source, as_of) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (deck_id) DO UPDATE SET title = excluded.title, synced_at = excluded.synced_at, "
        "source = excluded.source, as_of = excluded.as_of",
        (write.deck_id, write.title, write.at, write.source, write.as_of),
    )
    db.executemany(
        "INSERT INTO questions (deck_id, question_id, position, prompt, answer_text, topic, content_hash, points) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (deck_id, question_id) DO UPDATE SET position = excluded.position, "
        "prompt = excluded.prompt, answer_text = excluded.answer_text, topic = excluded.topic, "
        "content_hash = excluded.content_hash, points = excluded.points, removed_at = NULL",
        [
            (
                write.deck_id,
                q.question_id,
                q.position,
                q.prompt,
                q.answer_text,
                q.topic,
                q.content_hash,
                q.points,
            )
            for q in write.questions
        ],
    )
    current = [q.question_id for q in write.questions]
    db.execute(
        "UPDATE questions SET removed_at = ? WHERE deck_id = ? AND removed_at IS NULL "
        f"AND question_id NOT IN ({','.join('?' * len(current))})",
        (write.at, write.deck_id, *current),
    )


def _start_attempt(db: Connection, write: StartAttempt) -> None:
    student_id = _student_id(db, write.student, write.at)
    db.execute(
        "INSERT INTO attempts (uid, student_id, deck_id, kind, mode, seed, question_order, "
        "started_at, scoring, options) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (uid) DO NOTHING",
        (
            write.uid,
            student_id,
            write.deck_id,
            write.round_kind,
            write.mode,
            write.seed,
            json.dumps(list(write.order)),
            write.at,
            write.scoring,
            json.dumps(write.options),
        ),
    )


@dataclass(frozen=True)
class ReviewCard:
    """When a question is due again for a student, and how it went last."""

    question_id: str
    due: dt.datetime
    last_correct: bool
