"""The database schema: versions, WAL, migrating last version's database, leaving newer ones alone.

Migrating runs on both engines (`database`); WAL and the file's bytes are SQLite's,
and PostgreSQL has counterparts of its own: a newer quizapp's database left as it
was, and a class's processes migrating a new database at once.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from quizapp.engine.session import Mode, QuizSession, RoundKind, RoundOptions
from quizapp.store.connection import Connection
from quizapp.store.location import DATABASE_NAME
from quizapp.store.migrations import LATEST_VERSION, MIGRATIONS, migrate, schema_version
from quizapp.store.recorder import RoundRecorder
from quizapp.store.reports import question_summaries, student_summaries
from quizapp.store.results import ResultsStore
from tests.conftest import FakeClock
from tests.engines import TestDatabase, postgres_database
from tests.store_helpers.databases import schema_objects, schema_version_of, second_database
from tests.store_helpers.play import (
    REPO_ROOT,
    START,
    StoreClock,
    answer_current,
    engine_deck,
    fixed_scheduler,
)

DECK = engine_deck()
STAMP = START.isoformat()


def raw(path: Path) -> sqlite3.Connection:
    """A plain autocommit connection, as an older or newer quizapp would have used."""
    return sqlite3.connect(path, isolation_level=None)


@contextmanager
def plain_connection(database: TestDatabase) -> Iterator[Connection]:
    """A connection of our own to `database`, as an older or newer quizapp would have used."""
    if database.is_sqlite:
        connection: Connection = raw(database.folder / DATABASE_NAME)  # type: ignore[assignment]
    else:
        from quizapp.store.postgres import PostgresDatabase

        connection = PostgresDatabase(database.address, read_only=False, connections=1)
        connection.open()
    try:
        yield connection
    finally:
        connection.close()


@pytest.fixture
def postgres(tmp_path: Path, postgres_url: str) -> TestDatabase:
    """A fresh PostgreSQL database, for the tests of what only a server does."""
    folder = tmp_path / "data"
    folder.mkdir()
    return postgres_database(folder, postgres_url)


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


def test_a_new_postgresql_database_is_at_the_latest_version(postgres: TestDatabase) -> None:
    """A first run on a server creates the tables and records the latest schema in quizapp_schema."""
    store = ResultsStore.open(postgres.where, now=StoreClock())
    assert store.saving and store.notice == ""
    assert store.address == postgres.where and store.path is None
    store.close()
    assert postgres.rows("SELECT version FROM quizapp_schema") == [(LATEST_VERSION,)]
    assert len(MIGRATIONS) == LATEST_VERSION
    tables = {name for kind, name, _ in schema_objects(postgres) if kind == "table"}
    assert tables == {
        "students", "decks", "questions", "attempts", "answers", "review_cards", "quizapp_schema",
        "rooms", "room_players", "room_responses",
    }  # fmt: skip
    assert list(postgres.folder.iterdir()) == []  # no SQLite file beside the server's tables


def test_opening_an_up_to_date_database_again_changes_nothing(database: TestDatabase) -> None:
    """Reopening keeps the version and the schema as they are (migrations are not re-run)."""
    ResultsStore.open(database.where, now=StoreClock()).close()
    before = schema_objects(database)
    store = ResultsStore.open(database.where, now=StoreClock())
    assert store.notice == ""
    store.close()
    assert schema_objects(database) == before
    assert schema_version_of(database) == LATEST_VERSION
    if not database.is_sqlite:
        assert database.rows("SELECT COUNT(*) FROM quizapp_schema") == [(1,)]


BEFORE_UIDS = 3
"""The last schema before rounds and answers had uids of their own (migration 4)."""


def build_previous_version(database: TestDatabase) -> None:
    """A database from before uids, holding one student's unfinished round written with plain SQL."""
    with plain_connection(database) as connection:
        migrate(connection, target=BEFORE_UIDS)
        assert schema_version(connection) == BEFORE_UIDS
        fill_previous_version(connection)


def fill_previous_version(connection: Connection) -> None:
    """The first student (id 1), the deck, and the student's first round (id 1), half answered."""
    connection.execute(
        "INSERT INTO students (name, name_key, created_at) VALUES ('Alice', 'alice', ?)",
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
        "INSERT INTO attempts (student_id, deck_id, kind, mode, seed, question_order, started_at) "
        "VALUES (1, ?, 'round', 'test', 42, ?, ?)",
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


def test_last_versions_database_is_migrated_with_its_data_intact(
    database: TestDatabase, request: pytest.FixtureRequest
) -> None:
    """Updating quizapp keeps last week's results: the database is migrated and still reads the same."""
    build_previous_version(database)

    store = ResultsStore.open(database.where, now=StoreClock(), scheduler=fixed_scheduler())
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

    assert schema_version_of(database) == LATEST_VERSION
    if database.is_sqlite:
        assert database.rows("PRAGMA integrity_check") == [("ok",)]
    fresh = second_database(request, database, "fresh")
    ResultsStore.open(fresh.where, now=StoreClock()).close()
    assert schema_objects(database) == schema_objects(fresh)


@pytest.mark.parametrize("version", range(LATEST_VERSION), ids=lambda v: f"from-{v}")
def test_every_earlier_schema_migrates_to_the_latest(
    database: TestDatabase, request: pytest.FixtureRequest, version: int
) -> None:
    """A database left at any earlier version (0: none yet) opens at the latest, as a new one is."""
    with plain_connection(database) as connection:
        migrate(connection, target=version)
        assert schema_version(connection) == version
    store = ResultsStore.open(database.where, now=StoreClock())
    assert store.saving and store.notice == ""
    store.close()
    assert schema_version_of(database) == LATEST_VERSION
    fresh = second_database(request, database, "fresh")
    ResultsStore.open(fresh.where, now=StoreClock()).close()
    assert schema_objects(database) == schema_objects(fresh)


def test_a_migrated_database_takes_new_answers_for_the_old_round(
    database: TestDatabase, clock: FakeClock
) -> None:
    """After the update the unfinished round can be resumed and its next answers are kept."""
    build_previous_version(database)
    store = ResultsStore.open(database.where, now=StoreClock(), scheduler=fixed_scheduler())
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


def make_newer_on_server(database: TestDatabase) -> None:
    """A PostgreSQL database from a quizapp that knows one more migration than this one."""
    ResultsStore.open(database.where, now=StoreClock()).close()
    database.execute("CREATE TABLE from_the_future (x TEXT)")
    database.execute(
        "INSERT INTO students (name, name_key, created_at) VALUES ('Zoë', 'zoë', ?)", STAMP
    )
    database.execute("UPDATE quizapp_schema SET version = ?", LATEST_VERSION + 1)


def test_a_postgresql_database_from_a_newer_quizapp_is_not_used(postgres: TestDatabase) -> None:
    """A server database from a newer quizapp is not migrated or written: results are not saved."""
    make_newer_on_server(postgres)
    before = schema_objects(postgres)
    store = ResultsStore.open(postgres.where, now=StoreClock())
    assert not store.saving and store.address is None
    assert "not being saved" in store.notice and "newer" in store.notice
    assert "\n" not in store.notice
    assert store.find_student("zoë") is None  # an in-memory store, not the newer database
    store.student("Alice")
    store.close()
    assert postgres.rows("SELECT version FROM quizapp_schema") == [(LATEST_VERSION + 1,)]
    assert postgres.rows("SELECT name FROM students") == [("Zoë",)]
    assert schema_objects(postgres) == before


def test_the_saver_leaves_a_newer_postgresql_database_alone(postgres: TestDatabase) -> None:
    """The quiz's saver opens a newer quizapp's server database as "not saving" and writes nothing."""
    from quizapp.store.journal import journal_folder
    from quizapp.store.saver import Saver

    make_newer_on_server(postgres)
    before = schema_objects(postgres)
    now = StoreClock()
    saver = Saver(
        lambda: ResultsStore.open(postgres.where, now), journal_folder(postgres.folder), now=now
    ).start()
    try:
        assert saver.wait_until_open(timeout=30)
        assert "newer" in saver.status.notice and "not being saved" in saver.status.notice
    finally:
        saver.close()
    assert postgres.rows("SELECT version FROM quizapp_schema") == [(LATEST_VERSION + 1,)]
    assert postgres.rows("SELECT name FROM students") == [("Zoë",)]
    assert schema_objects(postgres) == before


OPEN_AT_THE_GUN = """
import json, sys
from quizapp.store.address import DatabaseAddress
from quizapp.store.results import ResultsStore
import quizapp.store.postgres  # loaded before the gun, so the migrations start together
print("ready", flush=True)
sys.stdin.readline()
store = ResultsStore.open(DatabaseAddress.parse(sys.argv[1]))
print(json.dumps({"saving": store.saving, "notice": store.notice}), flush=True)
store.close()
"""


def test_a_class_migrating_a_new_postgresql_database_at_once_all_succeed(
    postgres: TestDatabase, make_postgres_url: Callable[[], str]
) -> None:
    """Six quizzes opening one new server database together: one migrates, the others wait, all save."""
    students = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN_AT_THE_GUN, postgres.url],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(6)
    ]
    try:
        for student in students:
            assert student.stdout is not None and student.stdout.readline() == "ready\n"
        for student in students:  # the starting gun
            assert student.stdin is not None
            student.stdin.write("go\n")
            student.stdin.flush()
        outcomes = [student.communicate(timeout=60) for student in students]
    finally:
        for student in students:
            if student.poll() is None:
                student.kill()
    for student, (out, err) in zip(students, outcomes, strict=True):
        assert student.returncode == 0, err
        assert json.loads(out) == {"saving": True, "notice": ""}
    assert postgres.rows("SELECT version FROM quizapp_schema") == [(LATEST_VERSION,)]
    fresh = postgres_database(postgres.folder.parent, make_postgres_url())
    ResultsStore.open(fresh.where, now=StoreClock()).close()
    assert schema_objects(postgres) == schema_objects(fresh)


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
