"""Copying a class's history from one results database into another (`quizapp db copy`).

Typically a teacher who started on a laptop (SQLite) moves to the school's
PostgreSQL server and keeps everything; any direction works, and so does a
copy between two databases of the same engine: only the store's connection
interface and `?` SQL are used here.

The source is read at one moment (`ResultsStore.snapshot`) through a
read-only store, so it cannot change; the target is written in one
transaction, so a failure leaves it as it was. Copying merges, and copying
again changes nothing:

* students are the same student when their `name_key` is (`Alice` is `alice`);
* a deck and its questions are kept as the newer sync (`synced_at`) saw them;
  a question only the older one had is kept too, marked removed, so its
  answers still name it;
* rounds (attempts) and answers are the same when their `uid` is (ids made by
  the quiz, unique across machines). One that is there already only gains
  what happened to it since: finished, abandoned or left, an overrule, an
  answer set aside, exactly as those writes apply (`quizapp.store.writes`);
* a review card is kept per (student, deck, question), the newer `updated_at`.

Row ids differ from one database to another: students and rounds are
mapped to the target's. Rounds and answers from before quizapp 0.2 have
made-up uids (`legacy-<id>`), which two databases can share for different
rounds: those are matched by who, which deck and when instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.store.connection import Connection
from quizapp.store.results import ResultsStore

LEGACY = "legacy-"
"""The prefix of the uids migration 4 gave rows made before uids existed."""
CHUNK = 500
"""Uids looked up per statement (well under SQLite's limit of bound parameters)."""

STUDENTS = ("id", "name", "name_key", "created_at")
DECKS = ("deck_id", "title", "synced_at", "source", "as_of")
QUESTIONS = (
    "deck_id", "question_id", "position", "prompt", "answer_text", "topic", "content_hash",
    "removed_at", "points",
)  # fmt: skip
ATTEMPTS = (
    "id", "uid", "student_id", "deck_id", "kind", "mode", "seed", "question_order", "started_at",
    "finished_at", "abandoned_at", "left_at", "points", "max_points", "scoring", "options",
)  # fmt: skip
ANSWERS = (
    "id", "uid", "attempt_id", "student_id", "deck_id", "question_id", "response",
    "response_text", "correct", "credit", "ms", "hint_used", "overruled", "skipped", "first_try",
    "content_hash", "answered_at", "timed_out", "score", "card_before", "answer_hash",
    "set_aside_at",
)  # fmt: skip
REVIEW_CARDS = (
    "student_id", "deck_id", "question_id", "card", "due", "last_correct", "updated_at",
)  # fmt: skip

Row = dict[str, Any]


@dataclass(frozen=True)
class History:
    """Everything a results database holds, as plain rows (column name to value)."""

    students: list[Row]
    decks: list[Row]
    questions: list[Row]
    attempts: list[Row]
    answers: list[Row]
    review_cards: list[Row]


@dataclass
class Copied:
    """What a copy added to the target, and what it found there already."""

    students: int = 0
    rounds: int = 0
    answers: int = 0
    students_there: int = 0
    rounds_there: int = 0
    answers_there: int = 0


def copy_results(source: ResultsStore, target: ResultsStore) -> Copied:
    """Merge `source`'s whole history into `target`, in one transaction; `source` is only read."""
    with source.snapshot() as db:
        history = read_history(db)
    with target._transaction() as db:
        return _merge(db, history)


def read_history(db: Connection) -> History:
    def rows(table: str, columns: Sequence[str], order: str = "") -> list[Row]:
        sql = f"SELECT {', '.join(columns)} FROM {table}{order}"
        return [dict(zip(columns, row, strict=True)) for row in db.execute(sql).fetchall()]

    return History(
        students=rows("students", STUDENTS, " ORDER BY id"),
        decks=rows("decks", DECKS, " ORDER BY deck_id"),
        questions=rows("questions", QUESTIONS, " ORDER BY deck_id, position, question_id"),
        attempts=rows("attempts", ATTEMPTS, " ORDER BY id"),
        answers=rows("answers", ANSWERS, " ORDER BY id"),
        review_cards=rows("review_cards", REVIEW_CARDS),
    )


def _merge(db: Connection, history: History) -> Copied:
    copied = Copied()
    students = _merge_students(db, history.students, copied)
    _merge_decks(db, history.decks, history.questions)
    attempts = _merge_attempts(db, history.attempts, students, copied)
    _merge_answers(db, history.answers, attempts, students, copied)
    _merge_review_cards(db, history.review_cards, students)
    return copied


# -- students -------------------------------------------------------------------------


def _merge_students(db: Connection, rows: list[Row], copied: Copied) -> dict[int, int]:
    """Each source student's id in the target, made there when new (matched by name key)."""
    ids: dict[int, int] = {}
    for student in rows:
        found = _student(db, student["name_key"])
        if found is None:
            db.execute(
                "INSERT INTO students (name, name_key, created_at) VALUES (?, ?, ?)",
                (student["name"], student["name_key"], student["created_at"]),
            )
            found = _student(db, student["name_key"])
            assert found is not None
            copied.students += 1
        else:
            copied.students_there += 1
            if student["created_at"] < found["created_at"]:  # first seen: the earlier
                db.execute(
                    "UPDATE students SET created_at = ? WHERE id = ?",
                    (student["created_at"], found["id"]),
                )
        ids[student["id"]] = int(found["id"])
    return ids


def _student(db: Connection, key: str) -> Any:
    return db.execute("SELECT id, created_at FROM students WHERE name_key = ?", (key,)).fetchone()


# -- decks and questions --------------------------------------------------------------


_UPSERT_QUESTION = (
    "INSERT INTO questions (deck_id, question_id, position, prompt, answer_text, topic, "
    "content_hash, removed_at, points) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (deck_id, question_id) DO UPDATE SET position = excluded.position, "
    "prompt = excluded.prompt, answer_text = excluded.answer_text, topic = excluded.topic, "
    "content_hash = excluded.content_hash, removed_at = excluded.removed_at, "
    "points = excluded.points"
)
_ADD_QUESTION = (
    "INSERT INTO questions (deck_id, question_id, position, prompt, answer_text, topic, "
    "content_hash, removed_at, points) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (deck_id, question_id) DO NOTHING"
)


def _merge_decks(db: Connection, decks: list[Row], questions: list[Row]) -> None:
    """Each deck as its newer sync saw it; questions only the older sync had, kept as removed."""
    by_deck: dict[str, list[Row]] = {}
    for question in questions:
        by_deck.setdefault(question["deck_id"], []).append(question)
    for deck in decks:
        mine = by_deck.get(deck["deck_id"], [])
        there = db.execute(
            "SELECT synced_at FROM decks WHERE deck_id = ?", (deck["deck_id"],)
        ).fetchone()
        if there is None or deck["synced_at"] > there["synced_at"]:
            db.execute(
                "INSERT INTO decks (deck_id, title, synced_at, source, as_of) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (deck_id) DO UPDATE SET "
                "title = excluded.title, synced_at = excluded.synced_at, "
                "source = excluded.source, as_of = excluded.as_of",
                tuple(deck[column] for column in DECKS),
            )
            db.executemany(_UPSERT_QUESTION, [_values(q, QUESTIONS) for q in mine])
            # What the newer sync did not list had left the deck by then, as `SyncDeck` marks it.
            listed = {q["question_id"] for q in mine}
            for row in db.execute(
                "SELECT question_id FROM questions WHERE deck_id = ? AND removed_at IS NULL",
                (deck["deck_id"],),
            ).fetchall():
                if row["question_id"] not in listed:
                    db.execute(
                        "UPDATE questions SET removed_at = ? WHERE deck_id = ? AND question_id = ?",
                        (deck["synced_at"], deck["deck_id"], row["question_id"]),
                    )
        else:
            db.executemany(
                _ADD_QUESTION,
                [
                    _values({**q, "removed_at": q["removed_at"] or there["synced_at"]}, QUESTIONS)
                    for q in mine
                ],
            )


# -- rounds -----------------------------------------------------------------------------


def _merge_attempts(
    db: Connection, rows: list[Row], students: dict[int, int], copied: Copied
) -> dict[int, int]:
    """Each source round's id in the target: matched by uid (legacy ones by who and when)."""
    ids: dict[int, int] = {}
    there = _by_uid(db, "attempts", ("id", "student_id", "deck_id", "started_at"), rows)
    new: list[Row] = []
    for attempt in rows:
        student_id = students[attempt["student_id"]]
        found = there.get(attempt["uid"])
        if attempt["uid"].startswith(LEGACY):
            found = _same_legacy_attempt(db, attempt, student_id)
        if found is None:
            new.append({**attempt, "student_id": student_id, "uid": _free_uid(attempt, there)})
            continue
        copied.rounds_there += 1
        ids[attempt["id"]] = int(found["id"])
        _catch_up_attempt(db, int(found["id"]), attempt)
    columns = [c for c in ATTEMPTS if c != "id"]
    db.executemany(
        f"INSERT INTO attempts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [_values(attempt, columns) for attempt in new],
    )
    made = _by_uid(db, "attempts", ("id",), new)
    for attempt in new:
        ids[attempt["id"]] = int(made[attempt["uid"]]["id"])
    copied.rounds += len(new)
    return ids


def _same_legacy_attempt(db: Connection, attempt: Row, student_id: int) -> Any:
    """The target's round from before uids that is this one: same student, deck and start."""
    return db.execute(
        "SELECT id FROM attempts WHERE student_id = ? AND deck_id = ? AND started_at = ? "
        "AND uid LIKE 'legacy-%'",
        (student_id, attempt["deck_id"], attempt["started_at"]),
    ).fetchone()


def _catch_up_attempt(db: Connection, attempt_id: int, attempt: Row) -> None:
    """What happened to a round since it was copied, applied as its writes are: once."""
    if attempt["finished_at"] is not None:
        db.execute(
            "UPDATE attempts SET finished_at = ?, points = ?, max_points = ? "
            "WHERE id = ? AND finished_at IS NULL",
            (attempt["finished_at"], attempt["points"], attempt["max_points"], attempt_id),
        )
    for column in ("abandoned_at", "left_at"):
        if attempt[column] is not None:
            db.execute(
                f"UPDATE attempts SET {column} = ? WHERE id = ? AND {column} IS NULL",
                (attempt[column], attempt_id),
            )


# -- answers -----------------------------------------------------------------------------


def _merge_answers(
    db: Connection,
    rows: list[Row],
    attempts: dict[int, int],
    students: dict[int, int],
    copied: Copied,
) -> None:
    there = _by_uid(db, "answers", ("id",), rows)
    new: list[Row] = []
    overruled: list[tuple[Any, ...]] = []
    set_aside: list[tuple[Any, ...]] = []
    for answer in rows:
        attempt_id = attempts.get(answer["attempt_id"])
        if attempt_id is None:  # pragma: no cover - a snapshot holds every answer's round
            continue
        found = there.get(answer["uid"])
        if answer["uid"].startswith(LEGACY):
            found = db.execute(
                "SELECT id FROM answers WHERE attempt_id = ? AND question_id = ? "
                "AND answered_at = ? AND uid LIKE 'legacy-%'",
                (attempt_id, answer["question_id"], answer["answered_at"]),
            ).fetchone()
        if found is None:
            new.append(
                {
                    **answer,
                    "uid": _free_uid(answer, there),
                    "attempt_id": attempt_id,
                    "student_id": students[answer["student_id"]],
                }
            )
            continue
        copied.answers_there += 1
        if answer["overruled"]:
            overruled.append(
                (answer["correct"], answer["credit"], answer["score"], int(found["id"]))
            )
        if answer["set_aside_at"] is not None:
            set_aside.append((answer["set_aside_at"], int(found["id"])))
    columns = [c for c in ANSWERS if c != "id"]
    db.executemany(
        f"INSERT INTO answers ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [_values(answer, columns) for answer in new],
    )
    copied.answers += len(new)
    # Overruled or set aside in the source since the last copy: as those writes do, once.
    db.executemany(
        "UPDATE answers SET overruled = 1, correct = ?, credit = ?, score = ? "
        "WHERE id = ? AND overruled = 0",
        overruled,
    )
    db.executemany(
        "UPDATE answers SET set_aside_at = ? WHERE id = ? AND set_aside_at IS NULL", set_aside
    )


# -- review cards ----------------------------------------------------------------------------


def _merge_review_cards(db: Connection, rows: list[Row], students: dict[int, int]) -> None:
    """One card per (student, deck, question): the one updated last."""
    db.executemany(
        "INSERT INTO review_cards (student_id, deck_id, question_id, card, due, last_correct, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (student_id, deck_id, question_id) DO UPDATE SET card = excluded.card, "
        "due = excluded.due, last_correct = excluded.last_correct, "
        "updated_at = excluded.updated_at WHERE excluded.updated_at > review_cards.updated_at",
        [
            _values({**card, "student_id": students[card["student_id"]]}, REVIEW_CARDS)
            for card in rows
        ],
    )


# -- helpers ------------------------------------------------------------------------------


def _values(row: Row, columns: Iterable[str]) -> tuple[Any, ...]:
    return tuple(row[column] for column in columns)


def _by_uid(db: Connection, table: str, columns: Sequence[str], rows: list[Row]) -> dict[str, Any]:
    """The target's rows of `table` with the uids of `rows`, by uid (looked up in chunks)."""
    found: dict[str, Any] = {}
    for chunk in _chunks([row["uid"] for row in rows]):
        for row in db.execute(
            f"SELECT uid, {', '.join(columns)} FROM {table} "
            f"WHERE uid IN ({', '.join('?' * len(chunk))})",
            chunk,
        ).fetchall():
            found[row["uid"]] = row
    return found


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _free_uid(row: Row, taken: dict[str, Any]) -> str:
    """The row's uid, unless a different row of the target has it (only legacy uids can)."""
    uid: str = row["uid"]
    if uid not in taken:
        return uid
    when = row.get("started_at") or row.get("answered_at") or ""
    digest = hashlib.sha256(f"{uid}|{row['student_id']}|{row['deck_id']}|{when}".encode())
    return f"{LEGACY}{digest.hexdigest()[:24]}"
