"""Opening the results database, whatever state the disk is in.

Three things can go wrong before a student has answered anything, and none
of them may stop the quiz or lose anything:

* the file is not SQLite, or fails its integrity check: it is renamed
  aside with a timestamp (nothing is deleted) and a fresh one is created;
* the folder cannot be written: the quiz runs on an in-memory database and
  the screen says that results are not being saved;
* the file was made by a newer quizapp: it is left alone, as above.

Each case leaves a one-line `notice` for the user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from quizapp.store.location import DATABASE_NAME
from quizapp.store.migrations import LATEST_VERSION, NewerDatabase, migrate, schema_version

BUSY_TIMEOUT_SECONDS = 15.0
"""How long a write waits for another process (a whole class writes to one file)."""


@dataclass
class OpenedDatabase:
    """A ready connection, where it lives, and what the user should be told."""

    connection: sqlite3.Connection
    path: Path | None
    """None when results are not being saved (an in-memory database)."""
    notice: str = ""

    @property
    def saving(self) -> bool:
        return self.path is not None


def connect(path: Path | str, uri: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode: every answer is its own committed write."""
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False, uri=uri
    )
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def open_database(folder: Path, now: dt.datetime | None = None) -> OpenedDatabase:
    """Open (creating, migrating or recovering) `folder/quizapp.db`."""
    path = folder / DATABASE_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _not_saving(f"cannot create the data folder {folder} ({_reason(error)})")
    notice = ""
    damage = _damage(path)
    if damage:
        moved = _move_aside(path, now)
        notice = (
            f"The results database was damaged ({damage}); it was moved to {moved.name} "
            "and a new one started."
        )
    try:
        connection = connect(path)
    except sqlite3.OperationalError as error:
        return _not_saving(f"cannot open {path} ({error})")
    try:
        _prepare(connection)
    except NewerDatabase:
        connection.close()
        return _not_saving(f"{path} was made by a newer quizapp; update quizapp to save results")
    except sqlite3.OperationalError as error:
        connection.close()
        if "locked" in str(error) or "busy" in str(error):
            return _not_saving(f"{path} stayed busy ({error})")
        return _not_saving(f"cannot write to {folder} ({error})")
    return OpenedDatabase(connection, path, notice)


def open_read_only(folder: Path, *, older_too: bool = False) -> OpenedDatabase | None:
    """Open the database for reading only (reports, the class view), or None if unusable.

    Works on a folder the teacher can only read: without write access SQLite
    cannot keep the WAL's shared memory, so it falls back to reading the file
    as it stands (immutable).
    """
    path = folder / DATABASE_NAME
    if not path.is_file():
        return None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            connection = connect(f"file:{quote(str(path.resolve()))}?{options}", uri=True)
            version = schema_version(connection)
        except sqlite3.DatabaseError:
            continue
        if version > LATEST_VERSION or (version < LATEST_VERSION and not older_too):
            connection.close()
            return None  # older: opening it for writing migrates it; newer: not ours to read
        return OpenedDatabase(connection, path, "")
    return None


SQLITE_HEADER = b"SQLite format 3\x00"


def _damage(path: Path) -> str:
    """What is wrong with an existing database file, or '' if nothing (or no file).

    Checked without writing: the header is read by hand and the integrity
    check runs on a read-only connection, so a damaged file (and its WAL) is
    moved aside exactly as it was found.
    """
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return ""
    except OSError as error:
        return _reason(error)
    if not header:
        return ""  # an empty file is a new database
    if header != SQLITE_HEADER:
        return "file is not a database"
    # Without a WAL beside it, read the file as it stands (immutable): checking it
    # then creates no -wal or -shm files of its own.
    has_wal = Path(f"{path}-wal").exists()
    options = "mode=ro" if has_wal else "mode=ro&immutable=1"
    try:
        connection = connect(f"file:{quote(str(path.resolve()))}?{options}", uri=True)
    except sqlite3.Error as error:
        return str(error)
    try:
        rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    except sqlite3.OperationalError as error:
        if any(word in str(error) for word in ("locked", "busy", "readonly", "unable to open")):
            return ""  # busy, or not ours to check: the normal open decides
        return str(error)
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        connection.close()
    if rows == ["ok"]:
        return ""
    return " ".join(" ".join(rows[:2]).split())[:120]


def _prepare(connection: sqlite3.Connection) -> None:
    """WAL so readers never block the writer; migrations up to the latest version.

    A file from a newer quizapp is refused before anything in it changes.
    Switching to WAL needs a moment alone with the file and SQLite does not
    wait for it by itself, so a class opening a new shared database at the
    same moment retries within the busy timeout.
    """
    if schema_version(connection) > LATEST_VERSION:
        raise NewerDatabase(schema_version(connection))
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            break
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    connection.execute("PRAGMA synchronous = NORMAL")
    migrate(connection)


def _move_aside(path: Path, now: dt.datetime | None) -> Path:
    """Rename a damaged database (and its WAL files) with a timestamp; delete nothing."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    for number in range(2, 1000):  # never replace an earlier copy with the same stamp
        if not target.exists():
            break
        target = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        with contextlib.suppress(FileNotFoundError):  # none, or another process moved it
            source.rename(Path(f"{target}{suffix}"))
    return target


def memory_database(notice: str = "") -> OpenedDatabase:
    """An in-memory database: the quiz works, nothing is kept."""
    connection = connect(":memory:")
    migrate(connection)
    return OpenedDatabase(connection, None, notice)


def _not_saving(reason: str) -> OpenedDatabase:
    return memory_database(f"Results are not being saved: {reason}.")


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
