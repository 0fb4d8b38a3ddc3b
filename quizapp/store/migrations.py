"""The database schema, as a list of forward migrations.

The same list serves SQLite and PostgreSQL: a migration's SQL names its
engine-dependent types as `{id}`, `{ref}` and `{real}` (see
`quizapp.store.dialect`). How many migrations a database has had is kept
in the database itself: SQLite's `PRAGMA user_version`, PostgreSQL's
one-row table `quizapp_schema`. Opening a database applies the missing
ones in one transaction; a database made by a newer quizapp (a higher
version) is left alone.

A migration is SQL, or a Python function for what SQL cannot do (such as
Unicode normalisation of the students' name keys).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from quizapp.store.connection import Connection
from quizapp.store.dialect import SQLITE, Dialect
from quizapp.store.sqlite_connection import SqliteConnection
from quizapp.text.names import name_key


def _recompose_name_keys(connection: Connection) -> None:
    """Name keys composed (NFC) before matching, so `José` typed either way is one student.

    Keys that would collide with another student's are left as they were:
    merging two students' histories is the teacher's decision, not ours.
    """
    rows = connection.execute("SELECT id, name, name_key FROM students").fetchall()
    taken = {row[2] for row in rows}
    for student_id, name, key in rows:
        new_key = name_key(name)
        if new_key != key and new_key not in taken:
            connection.execute(
                "UPDATE students SET name_key = ? WHERE id = ?", (new_key, student_id)
            )
            taken.discard(key)
            taken.add(new_key)


Migration = str | Callable[[Connection], None]

_VERSION_4 = """
    ALTER TABLE attempts ADD COLUMN uid TEXT;
    ALTER TABLE attempts ADD COLUMN options TEXT NOT NULL DEFAULT '{{}}';
    ALTER TABLE answers ADD COLUMN uid TEXT;
    ALTER TABLE answers ADD COLUMN card_before TEXT;
    ALTER TABLE answers ADD COLUMN answer_hash TEXT;
    ALTER TABLE answers ADD COLUMN set_aside_at TEXT;
    UPDATE attempts SET uid = 'legacy-' || id WHERE uid IS NULL;
    UPDATE answers SET uid = 'legacy-' || id WHERE uid IS NULL;
    CREATE UNIQUE INDEX attempts_by_uid ON attempts (uid);
    CREATE UNIQUE INDEX answers_by_uid ON answers (uid);
    ALTER TABLE decks ADD COLUMN source TEXT NOT NULL DEFAULT '';
    ALTER TABLE decks ADD COLUMN as_of TEXT;
    ALTER TABLE questions ADD COLUMN points {real} NOT NULL DEFAULT 1;
    ALTER TABLE attempts ADD COLUMN left_at TEXT;
    CREATE INDEX answers_by_time ON answers (answered_at);
"""


def _version_4(connection: Connection) -> None:
    _run(connection, _VERSION_4)
    _recompose_name_keys(connection)


def _run(connection: Connection, script: str) -> None:
    for statement in _statements(_dialect(connection).schema(script)):
        connection.execute(statement)


MIGRATIONS: tuple[Migration, ...] = (
    # 1: students, the questions as last seen in their bank, attempts, answers, review cards.
    """
    CREATE TABLE students (
        id {id},
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
    );
    CREATE TABLE decks (
        deck_id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        synced_at TEXT NOT NULL
    );
    CREATE TABLE questions (
        deck_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        prompt TEXT NOT NULL,
        answer_text TEXT NOT NULL,
        topic TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        removed_at TEXT,
        PRIMARY KEY (deck_id, question_id)
    );
    CREATE TABLE attempts (
        id {id},
        student_id {ref} NOT NULL REFERENCES students (id),
        deck_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        mode TEXT NOT NULL,
        seed INTEGER NOT NULL,
        question_order TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        abandoned_at TEXT,
        points {real},
        max_points {real}
    );
    CREATE TABLE answers (
        id {id},
        attempt_id {ref} NOT NULL REFERENCES attempts (id),
        student_id {ref} NOT NULL REFERENCES students (id),
        deck_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        response TEXT,
        response_text TEXT NOT NULL,
        correct INTEGER NOT NULL,
        credit {real} NOT NULL,
        ms INTEGER NOT NULL,
        hint_used INTEGER NOT NULL,
        overruled INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        first_try INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        answered_at TEXT NOT NULL
    );
    CREATE TABLE review_cards (
        student_id {ref} NOT NULL REFERENCES students (id),
        deck_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        card TEXT NOT NULL,
        due TEXT NOT NULL,
        last_correct INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (student_id, deck_id, question_id)
    );
    """,
    # 2: indexes for resuming, stats and the teacher's report.
    """
    CREATE INDEX answers_by_question ON answers (deck_id, question_id, first_try);
    CREATE INDEX answers_by_attempt ON answers (attempt_id);
    CREATE INDEX attempts_by_student ON attempts (student_id, deck_id, started_at);
    """,
    # 3: timed rounds and scoring presets (classroom mode).
    """
    ALTER TABLE answers ADD COLUMN timed_out INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE answers ADD COLUMN score {real} NOT NULL DEFAULT 0;
    ALTER TABLE attempts ADD COLUMN scoring TEXT NOT NULL DEFAULT 'flat';
    """,
    # 4: writes that can wait and be replayed (client-made ids make each one happen once),
    # every option of a round (resume restores them), the review card an overrule re-rates,
    # answers set aside when a resumed round's question changed its answer, what the
    # teacher's report shows of a deck (source, as-of date, points), when a student left
    # a round, and student names matched in composed form (NFC).
    _version_4,
    # 5: live rooms (`quizapp host`): the room's shared state and the responses given in it.
    # What students may see of the current question is stored without its answer (`question`),
    # and the answer only once revealed (`reveal`); `version` counts every change, so a
    # student's process can poll one small row (SQLite) or wait for a NOTIFY (PostgreSQL).
    """
    CREATE TABLE rooms (
        code TEXT PRIMARY KEY,
        deck_id TEXT NOT NULL,
        title TEXT NOT NULL,
        seed INTEGER NOT NULL,
        question_order TEXT NOT NULL,
        options TEXT NOT NULL DEFAULT '{{}}',
        roster TEXT NOT NULL DEFAULT '[]',
        phase TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT -1,
        accepting INTEGER NOT NULL DEFAULT 0,
        question TEXT,
        reveal TEXT,
        opened_at TEXT,
        closes_at TEXT,
        paused_at TEXT,
        version INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        ended_at TEXT
    );
    CREATE TABLE room_players (
        code TEXT NOT NULL REFERENCES rooms (code),
        student_id {ref} NOT NULL REFERENCES students (id),
        attempt_uid TEXT NOT NULL,
        joined_at TEXT NOT NULL,
        PRIMARY KEY (code, student_id)
    );
    CREATE TABLE room_responses (
        code TEXT NOT NULL REFERENCES rooms (code),
        position INTEGER NOT NULL,
        student_id {ref} NOT NULL REFERENCES students (id),
        question_id TEXT NOT NULL,
        response TEXT NOT NULL,
        ms INTEGER NOT NULL,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (code, position, student_id)
    );
    CREATE INDEX rooms_by_phase ON rooms (phase);
    """,
)

LATEST_VERSION = len(MIGRATIONS)


class NewerDatabase(Exception):
    """The database was made by a newer quizapp; we must not touch it."""


VERSION_TABLE = "quizapp_schema"
"""PostgreSQL's record of the schema version (SQLite keeps it in its file header)."""
_MIGRATION_LOCK = 0x717569_7A617070  # "quizapp": one migrating process at a time, server-wide


def schema_version(connection: Connection) -> int:
    """How many migrations the database has had (0 for a new one); never writes."""
    if _dialect(connection) is SQLITE:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    if connection.execute(f"SELECT to_regclass('{VERSION_TABLE}')").fetchone()[0] is None:
        return 0
    row = connection.execute(f"SELECT MAX(version) FROM {VERSION_TABLE}").fetchone()
    return int(row[0] or 0)


def migrate(connection: Connection, target: int = LATEST_VERSION) -> None:
    """Bring the database up to `target`, in one transaction per run.

    Several processes may open a new database at once (a class starting
    together), so the version is read again after taking the write lock
    (SQLite's, or on PostgreSQL an advisory lock held until the commit;
    PostgreSQL's DDL is transactional, so a failed step leaves nothing).
    """
    if schema_version(connection) >= target:
        if schema_version(connection) > LATEST_VERSION:
            raise NewerDatabase(schema_version(connection))
        return
    with _write_transaction(connection) as db:
        if _dialect(db) is not SQLITE:
            db.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATION_LOCK,))
            db.execute(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL)")
        current = schema_version(db)
        if current > LATEST_VERSION:
            raise NewerDatabase(current)
        for version in range(current, target):
            step = MIGRATIONS[version]
            if callable(step):
                step(db)
            else:
                _run(db, step)
        if current < target:
            _set_version(db, target)


def _set_version(db: Connection, version: int) -> None:
    if _dialect(db) is SQLITE:
        db.execute(f"PRAGMA user_version = {int(version)}")
    else:
        db.execute(f"DELETE FROM {VERSION_TABLE}")
        db.execute(f"INSERT INTO {VERSION_TABLE} (version) VALUES (?)", (version,))


@contextmanager
def _write_transaction(connection: Connection) -> Iterator[Connection]:
    """The connection's own write transaction (a plain `sqlite3` one's, a test's, as SQLite's)."""
    if hasattr(connection, "transaction"):
        with connection.transaction() as db:
            yield db
    else:
        with SqliteConnection.transaction(connection) as db:  # type: ignore[arg-type]
            yield db


def _dialect(connection: Connection) -> Dialect:
    """A plain `sqlite3` connection (a test's, a tool's) is SQLite's."""
    return getattr(connection, "dialect", SQLITE)


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit on its own)."""
    return [part.strip() for part in script.split(";") if part.strip()]
