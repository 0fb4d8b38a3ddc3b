"""The results store: the one module that reads and writes the database.

Everything else (the engine, the screens, the report) calls the methods
here; no other module writes SQL. Every answer is committed the moment it
is given, so a crash, a closed laptop or `kill -9` loses nothing already
answered.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizapp.bank.model import Deck, Question
from quizapp.engine.grading import response_text
from quizapp.engine.session import Answer, QuizSession, RoundKind, RoundResults
from quizapp.store.database import (
    OpenedDatabase,
    memory_database,
    open_database,
    open_read_only,
)
from quizapp.store.location import DATABASE_NAME
from quizapp.store.records import content_hash, decode_response, encode_response
from quizapp.store.review import ReviewScheduler

Now = Callable[[], dt.datetime]
"""The current time in UTC; tests fix it."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def name_key(name: str) -> str:
    """Names match without regard to case or surrounding spaces: `Alice ` is `alice`."""
    return " ".join(name.split()).casefold()


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


class ResultsStore:
    """Students, attempts, answers and review state, in one SQLite file."""

    def __init__(
        self, opened: OpenedDatabase, now: Now = utc_now, scheduler: ReviewScheduler | None = None
    ) -> None:
        self._db = opened.connection
        self.path: Path | None = opened.path
        """The database file, or None when nothing is being saved."""
        self.notice = opened.notice
        """One line for the user: a recovery, or why results are not saved."""
        self.now = now
        self.scheduler = scheduler or ReviewScheduler()

    @classmethod
    def open(
        cls, folder: Path, now: Now = utc_now, scheduler: ReviewScheduler | None = None
    ) -> ResultsStore:
        """Open the store in `folder`; never raises for a damaged file or folder."""
        return cls(open_database(folder, now()), now, scheduler)

    @classmethod
    def open_for_reading(cls, folder: Path, now: Now = utc_now) -> ResultsStore | None:
        """Open the store without writing to it (reports, the class view), or None if none.

        A folder the teacher may only read still gives its results; an older
        file is migrated by a normal open first.
        """
        opened = open_read_only(folder)
        if opened is None:
            if not (folder / DATABASE_NAME).is_file():
                return None
            store = cls.open(folder, now)
            if store.saving:
                return store
            store.close()  # cannot migrate it here: read it as it is
            older = open_read_only(folder, older_too=True)
            return cls(older, now) if older is not None else None
        return cls(opened, now)

    @classmethod
    def in_memory(
        cls, now: Now = utc_now, scheduler: ReviewScheduler | None = None
    ) -> ResultsStore:
        """A store that keeps nothing once the app closes (tests, or no usable folder)."""
        return cls(memory_database(), now, scheduler)

    @property
    def saving(self) -> bool:
        return self.path is not None

    def close(self) -> None:
        self._db.close()

    def _stamp(self) -> str:
        return self.now().astimezone(dt.UTC).isoformat()

    def _write(self, sql: str, parameters: Sequence[object] = ()) -> sqlite3.Cursor:
        """One committed statement (autocommit), waiting for other writers if need be."""
        return self._db.execute(sql, parameters)

    # -- students ---------------------------------------------------------------

    def student(self, name: str) -> Student:
        """The student of that name, created on first use."""
        typed = " ".join(name.split())
        if not typed:
            raise ValueError("a student name cannot be empty")
        key = name_key(typed)
        self._write(
            "INSERT INTO students (name, name_key, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (name_key) DO NOTHING",
            (typed, key, self._stamp()),
        )
        row = self._db.execute(
            "SELECT id, name FROM students WHERE name_key = ?", (key,)
        ).fetchone()
        return Student(row["id"], row["name"])

    def find_student(self, name: str) -> Student | None:
        """The student of that name (any case), without creating one."""
        row = self._db.execute(
            "SELECT id, name FROM students WHERE name_key = ?", (name_key(name),)
        ).fetchone()
        return Student(row["id"], row["name"]) if row else None

    # -- decks ------------------------------------------------------------------

    def sync_deck(self, deck: Deck) -> None:
        """Remember the deck's questions as they are now; mark removed ones.

        Reports and review use this to show current prompts, to drop questions
        that left the bank, and to spot answers given to an older wording.
        """
        stamp = self._stamp()
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute(
                "INSERT INTO decks (deck_id, title, synced_at) VALUES (?, ?, ?) "
                "ON CONFLICT (deck_id) DO UPDATE SET title = excluded.title, synced_at = excluded.synced_at",
                (deck.id, deck.title, stamp),
            )
            self._db.executemany(
                "INSERT INTO questions (deck_id, question_id, position, prompt, answer_text, topic, content_hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (deck_id, question_id) DO UPDATE SET position = excluded.position, "
                "prompt = excluded.prompt, answer_text = excluded.answer_text, topic = excluded.topic, "
                "content_hash = excluded.content_hash, removed_at = NULL",
                [
                    (deck.id, q.id, n, q.prompt, q.answer_text, q.topic, content_hash(q))
                    for n, q in enumerate(deck.questions)
                ],
            )
            current = [q.id for q in deck.questions]
            self._db.execute(
                "UPDATE questions SET removed_at = ? WHERE deck_id = ? AND removed_at IS NULL "
                f"AND question_id NOT IN ({','.join('?' * len(current))})",
                (stamp, deck.id, *current),
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    # -- attempts -----------------------------------------------------------------

    def start_attempt(self, student: Student, session: QuizSession) -> int:
        """Record that a round began: its deck, mode, seed and question order."""
        cursor = self._write(
            "INSERT INTO attempts (student_id, deck_id, kind, mode, seed, question_order, started_at, scoring) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                student.id,
                session.deck.id,
                session.kind.value,
                session.mode.value,
                session.seed,
                json.dumps([q.id for q in session.questions]),
                self._stamp(),
                session.options.scoring.value,
            ),
        )
        return int(cursor.lastrowid or 0)

    def record_answer(self, attempt_id: int, student: Student, deck_id: str, answer: Answer) -> int:
        """Commit one answer now; returns its row id."""
        question = answer.question
        cursor = self._write(
            "INSERT INTO answers (attempt_id, student_id, deck_id, question_id, response, response_text, "
            "correct, credit, ms, hint_used, overruled, skipped, first_try, content_hash, answered_at, "
            "timed_out, score) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                attempt_id,
                student.id,
                deck_id,
                question.id,
                encode_response(answer.response),
                response_text(question, answer.response),
                int(answer.correct),
                answer.credit,
                round(answer.seconds * 1000),
                int(answer.hint_used),
                int(answer.overruled),
                int(answer.skipped),
                int(answer.first_try),
                content_hash(question),
                self._stamp(),
                int(answer.timed_out),
                answer.score,
            ),
        )
        return int(cursor.lastrowid or 0)

    def record_overrule(self, answer_id: int, score: float) -> None:
        """The student said a typed answer was right: count it, and say so."""
        self._write(
            "UPDATE answers SET overruled = 1, correct = 1, credit = 1.0, score = ? WHERE id = ?",
            (score, answer_id),
        )

    def finish_attempt(self, attempt_id: int, results: RoundResults) -> None:
        self._write(
            "UPDATE attempts SET finished_at = ?, points = ?, max_points = ? WHERE id = ?",
            (self._stamp(), results.points, results.max_points, attempt_id),
        )

    def abandon_attempt(self, attempt_id: int) -> None:
        """Starting afresh: the old attempt will not be offered again."""
        self._write(
            "UPDATE attempts SET abandoned_at = ? WHERE id = ? AND finished_at IS NULL",
            (self._stamp(), attempt_id),
        )

    def unfinished_attempt(self, student: Student, deck_id: str) -> SavedAttempt | None:
        """The latest attempt of this student and deck that was neither finished nor abandoned."""
        row = self._db.execute(
            "SELECT * FROM attempts WHERE student_id = ? AND deck_id = ? AND finished_at IS NULL "
            "AND abandoned_at IS NULL ORDER BY id DESC LIMIT 1",
            (student.id, deck_id),
        ).fetchone()
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
            )
            for a in self._db.execute(
                "SELECT * FROM answers WHERE attempt_id = ? ORDER BY id", (row["id"],)
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
        )

    # -- spaced review ----------------------------------------------------------------

    def card_json(self, student: Student, deck_id: str, question_id: str) -> str | None:
        row = self._db.execute(
            "SELECT card FROM review_cards WHERE student_id = ? AND deck_id = ? AND question_id = ?",
            (student.id, deck_id, question_id),
        ).fetchone()
        return row["card"] if row else None

    def review(
        self, student: Student, deck_id: str, answer: Answer, previous: str | None = None
    ) -> str | None:
        """Schedule the question's next review from this answer; returns the card before it.

        `previous`, when given, is the card to start from (an overrule re-rates
        the answer it replaces).
        """
        # Read and write the card in one transaction: the same student playing on
        # two machines at once must not overwrite one review with the other.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            before = (
                previous
                if previous is not None
                else self.card_json(student, deck_id, answer.question.id)
            )
            card, due = self.scheduler.review(before, answer, self.now())
            self._db.execute(
                "INSERT INTO review_cards (student_id, deck_id, question_id, card, due, last_correct, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (student_id, deck_id, question_id) DO UPDATE SET "
                "card = excluded.card, due = excluded.due, last_correct = excluded.last_correct, "
                "updated_at = excluded.updated_at",
                (
                    student.id,
                    deck_id,
                    answer.question.id,
                    card,
                    due.isoformat(),
                    int(answer.correct),
                    self._stamp(),
                ),
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return before

    def review_cards(self, student: Student, deck_id: str) -> list[ReviewCard]:
        """This student's cards for the deck's current questions (removed ones drop out)."""
        rows = self._db.execute(
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

    # -- reading for stats and reports ------------------------------------------------

    def query(self, sql: str, parameters: Iterable[object] = ()) -> list[sqlite3.Row]:
        """Read-only queries for `quizapp.store.reports`, which owns the SQL of reports."""
        return self._db.execute(sql, tuple(parameters)).fetchall()


@dataclass(frozen=True)
class ReviewCard:
    """When a question is due again for a student, and how it went last."""

    question_id: str
    due: dt.datetime
    last_correct: bool


class RoundRecorder:
    """Keeps one round in the store as it is played (a `RoundObserver`).

    A failing disk must not stop a class: if a write fails, the recorder
    stops saving and leaves a notice for the screen instead of raising.
    """

    def __init__(
        self,
        store: ResultsStore,
        student: Student,
        session: QuizSession,
        attempt_id: int | None = None,
    ) -> None:
        self.store = store
        self.student = student
        self.deck_id = session.deck.id
        self.notice = ""
        self._answer_ids: dict[str, int] = {}
        self._cards_before: dict[str, str | None] = {}
        self.attempt_id = (
            attempt_id
            if attempt_id is not None
            else self._safely(store.start_attempt, student, session)
        )

    def _safely(self, write: Callable[..., object], *args: object) -> object:
        if self.notice:
            return None
        try:
            return write(*args)
        except sqlite3.Error as error:
            self.notice = f"Results are no longer being saved: {error}."
            return None

    def answered(self, answer: Answer) -> None:
        answer_id = self._safely(
            self.store.record_answer, self.attempt_id, self.student, self.deck_id, answer
        )
        if isinstance(answer_id, int):
            self._answer_ids[answer.question.id] = answer_id
        before = self._safely(self.store.review, self.student, self.deck_id, answer)
        self._cards_before[answer.question.id] = before if isinstance(before, str) else None

    def overruled(self, answer: Answer) -> None:
        answer_id = self._answer_ids.get(answer.question.id)
        if answer_id is not None:
            self._safely(self.store.record_overrule, answer_id, answer.score)
        previous = self._cards_before.get(answer.question.id)
        self._safely(self.store.review, self.student, self.deck_id, answer, previous or "")

    def finished(self, results: RoundResults) -> None:
        self._safely(self.store.finish_attempt, self.attempt_id, results)
