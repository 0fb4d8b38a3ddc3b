"""The database schema: versions, WAL, migrating last version's file, leaving newer files alone."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from quizapp.engine.session import Mode, QuizSession, RoundKind, RoundOptions
from quizapp.store.location import DATABASE_NAME
from quizapp.store.migrations import LATEST_VERSION, MIGRATIONS, migrate, schema_version
from quizapp.store.recorder import RoundRecorder
from quizapp.store.reports import question_summaries, student_summaries
from quizapp.store.results import ResultsStore
from tests.conftest import FakeClock
from tests.store_helpers.play import START, StoreClock, answer_current, engine_deck, fixed_scheduler

DECK = engine_deck()
STAMP = START.isoformat()


def raw(path: Path) -> sqlite3.Connection:
    """A plain autocommit connection, as an older or newer quizapp would have used."""
    return sqlite3.connect(path, isolation_level=None)


def schema_objects(path: Path) -> set[tuple[str, str, str]]:
    connection = raw(path)
    try:
        return set(
            connection.execute(
                "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchall()
        )
    finally:
        connection.close()


def test_a_new_database_is_at_the_latest_version_in_wal_mode(tmp_path: Path) -> None:
    """A first run creates the file at the latest schema, in WAL so readers never block writers."""
    store = ResultsStore.open(tmp_path / "data", now=StoreClock())
    assert store.saving and store.notice == ""
    assert store.path == tmp_path / "data" / DATABASE_NAME
    store.close()
    connection = raw(tmp_path / "data" / DATABASE_NAME)
    assert schema_version(connection) == LATEST_VERSION == len(MIGRATIONS)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()


def test_opening_an_up_to_date_database_again_changes_nothing(tmp_path: Path) -> None:
    """Reopening keeps the version and the schema as they are (migrations are not re-run)."""
    ResultsStore.open(tmp_path, now=StoreClock()).close()
    before = schema_objects(tmp_path / DATABASE_NAME)
    store = ResultsStore.open(tmp_path, now=StoreClock())
    assert store.notice == ""
    store.close()
    assert schema_objects(tmp_path / DATABASE_NAME) == before
    connection = raw(tmp_path / DATABASE_NAME)
    assert schema_version(connection) == LATEST_VERSION
    connection.close()


def build_previous_version(path: Path) -> None:
    """Last version's database, holding one student's unfinished round written with plain SQL."""
    connection = raw(path)
    migrate(connection, target=LATEST_VERSION - 1)
    assert schema_version(connection) == LATEST_VERSION - 1
    connection.execute(
        "INSERT INTO students (id, name, name_key, created_at) VALUES (1, 'Alice', 'alice', ?)",
        (STAMP,),
    )
    connection.execute(
        "INSERT INTO decks (deck_id, title, synced_at) VALUES (?, ?, ?)",
        (DECK.id, DECK.title, STAMP),
    )
    for position, question in enumerate(DECK.questions):
        connection.execute(
            "INSERT INTO questions (deck_id, question_id, position, prompt, answer_text, topic, "
            "content_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                DECK.id,
                question.id,
                position,
                question.prompt,
                question.answer_text,
                question.topic,
                "old",
            ),
        )
    connection.execute(
        "INSERT INTO attempts (id, student_id, deck_id, kind, mode, seed, question_order, started_at) "
        "VALUES (1, 1, ?, 'round', 'test', 42, ?, ?)",
        (DECK.id, json.dumps([q.id for q in DECK.questions]), STAMP),
    )
    answers = [
        ("host", json.dumps({"text": "China"}), "China", 0, 0.0, 0),
        ("leader", json.dumps({"text": "Ishiba"}), "Ishiba", 1, 1.0, 0),
        ("years", None, "(skipped)", 0, 0.0, 1),
        (
            "themes",
            json.dumps({"picks": ["Free trade", "Tariffs"]}),
            "Free trade; Tariffs",
            0,
            0.0,
            0,
        ),
        (
            "timeline",
            json.dumps({"order": ["Election", "Ishiba call", "Xi call", "Summit"]}),
            "Election → Ishiba call → Xi call → Summit",
            1,
            1.0,
            0,
        ),
    ]
    for question_id, response, text, correct, credit, skipped in answers:
        connection.execute(
            "INSERT INTO answers (attempt_id, student_id, deck_id, question_id, response, "
            "response_text, correct, credit, ms, hint_used, overruled, skipped, first_try, "
            "content_hash, answered_at) VALUES (1, 1, ?, ?, ?, ?, ?, ?, 4000, 0, 0, ?, 1, 'old', ?)",
            (DECK.id, question_id, response, text, correct, credit, skipped, STAMP),
        )
    connection.close()


def test_last_versions_database_is_migrated_with_its_data_intact(tmp_path: Path) -> None:
    """Updating quizapp keeps last week's results: the file is migrated and still reads the same."""
    path = tmp_path / DATABASE_NAME
    build_previous_version(path)

    store = ResultsStore.open(tmp_path, now=StoreClock(), scheduler=fixed_scheduler())
    assert store.saving and store.notice == ""
    alice = store.find_student("ALICE")
    assert alice is not None and alice.name == "Alice"
    saved = store.unfinished_attempt(alice, DECK.id)
    assert saved is not None
    assert (saved.kind, saved.mode, saved.seed) == (RoundKind.ROUND, "test", 42)
    assert saved.order == tuple(q.id for q in DECK.questions)
    assert [
        (a.question_id, a.response, a.correct, a.skipped, a.seconds) for a in saved.answers
    ] == [
        ("host", "China", False, False, 4.0),
        ("leader", "Ishiba", True, False, 4.0),
        ("years", None, False, True, 4.0),
        ("themes", frozenset({"Free trade", "Tariffs"}), False, False, 4.0),
        ("timeline", ("Election", "Ishiba call", "Xi call", "Summit"), True, False, 4.0),
    ]
    [summary] = student_summaries(store)
    assert (summary.name, summary.attempts, summary.last_seen) == ("Alice", 1, START)
    wrong_host = {q.question_id: q for q in question_summaries(store)}["host"]
    assert (wrong_host.answered, wrong_host.right, wrong_host.common_wrong) == (1, 0, "China")
    store.close()

    connection = raw(path)
    assert schema_version(connection) == LATEST_VERSION
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    fresh = tmp_path / "fresh"
    ResultsStore.open(fresh, now=StoreClock()).close()
    assert schema_objects(path) == schema_objects(fresh / DATABASE_NAME)


def test_a_migrated_database_takes_new_answers_for_the_old_round(
    tmp_path: Path, clock: FakeClock
) -> None:
    """After the update the unfinished round can be resumed and its next answers are kept."""
    build_previous_version(tmp_path / DATABASE_NAME)
    store = ResultsStore.open(tmp_path, now=StoreClock(), scheduler=fixed_scheduler())
    alice = store.student("alice")
    saved = store.unfinished_attempt(alice, DECK.id)
    assert saved is not None
    by_id = {q.id: q for q in DECK.questions}
    session = QuizSession(
        DECK,
        RoundOptions(mode=Mode(saved.mode), seed=saved.seed, shuffle=False),
        questions=[by_id[qid] for qid in saved.order],
        kind=saved.kind,
        seed=saved.seed,
        clock=clock,
        resume=saved.restored_answers(by_id),
    )
    assert saved.uid == f"legacy-{saved.id}"  # the migration named the old round
    session.observer = RoundRecorder(
        store,
        alice,
        session,
        attempt_uid=saved.uid,
        answer_uids={a.question_id: a.uid for a in saved.answers},
    )
    assert session.current is not None and session.current.question.id == "accepted"
    while not session.finished:
        answer_current(session, ok=True)
    assert store.unfinished_attempt(alice, DECK.id) is None
    assert len(store.query("SELECT id FROM answers WHERE attempt_id = ?", (saved.id,))) == len(
        DECK.questions
    )
    store.close()


def make_newer(path: Path, wal: bool) -> None:
    """A file from a quizapp that knows one more migration than this one."""
    connection = raw(path)
    migrate(connection)
    if wal:
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE from_the_future (x TEXT)")
    connection.execute(
        "INSERT INTO students (name, name_key, created_at) VALUES ('Zoë', 'zoë', ?)", (STAMP,)
    )
    connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    connection.close()


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback-journal"])
def test_a_database_from_a_newer_quizapp_is_not_used(tmp_path: Path, wal: bool) -> None:
    """A file from a newer quizapp is not migrated or written: the store says results are not saved."""
    path = tmp_path / DATABASE_NAME
    make_newer(path, wal)
    store = ResultsStore.open(tmp_path, now=StoreClock())
    assert not store.saving and store.path is None
    assert "not being saved" in store.notice and "newer" in store.notice
    assert "\n" not in store.notice
    assert store.find_student("zoë") is None  # an in-memory store, not the newer file
    store.student("Alice")
    store.close()
    connection = raw(path)
    assert schema_version(connection) == LATEST_VERSION + 1
    assert connection.execute("SELECT name FROM students").fetchall() == [("Zoë",)]
    connection.close()


def test_a_newer_wal_database_is_left_byte_for_byte(tmp_path: Path) -> None:
    """Opening a newer quizapp's (WAL) file leaves its bytes exactly as they were."""
    path = tmp_path / DATABASE_NAME
    make_newer(path, wal=True)
    before = path.read_bytes()
    ResultsStore.open(tmp_path, now=StoreClock()).close()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [DATABASE_NAME]


def test_a_newer_database_is_left_byte_for_byte(tmp_path: Path) -> None:
    """Opening a newer quizapp's file (in SQLite's default journal mode) leaves its bytes exactly as they were."""
    path = tmp_path / DATABASE_NAME
    make_newer(path, wal=False)
    before = path.read_bytes()
    store = ResultsStore.open(tmp_path, now=StoreClock())
    assert not store.saving
    store.close()
    assert path.read_bytes() == before
