"""Opening the results database, whatever state the disk is in.

Several things can go wrong before a student has answered anything, and
none of them may stop the quiz or lose anything:

* the file is not SQLite, or fails its integrity check: it is renamed
  aside with a timestamp (nothing is deleted) and a fresh one is created;
* the folder cannot be written: the quiz runs on an in-memory database and
  the screen says that results are not being saved;
* the file was made by a newer quizapp: it is left alone, as above;
* another program holds the file, or the disk is full: `StoreBusy` is
  raised, and the saver (`quizapp.store.saver`) tries again until it opens.

Each case leaves a one-line `notice` for the user.

Reading for a report or the class view is different: `open_read_only`
never renames, creates or migrates anything, and says plainly
(`StoreUnreadable`) why a file cannot be read.

A PostgreSQL address (`quizapp.store.address`) is opened by `open_address`
too: an unreachable server is `StoreBusy` (the saver waits for it, keeping
the answers), one made by a newer quizapp is not written to, and reading
connects read-only, so a report cannot change anything even by mistake.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from quizapp.store.address import DatabaseAddress
from quizapp.store.connection import Connection
from quizapp.store.location import DATABASE_NAME
from quizapp.store.migrations import LATEST_VERSION, NewerDatabase, migrate, schema_version
from quizapp.store.sqlite_connection import SqliteConnection, held_here

WRITE_BUSY_SECONDS = 0.1
"""How long the saver's connection waits for another writer before it reports "busy"
(the saver then retries with backoff; the screen never waits for it)."""
READ_BUSY_SECONDS = 5.0
"""How long a report waits for a file that another program holds exclusively."""

_RETRYABLE_CODES = {
    "SQLITE_BUSY",
    "SQLITE_LOCKED",
    "SQLITE_IOERR",
    "SQLITE_FULL",
    "SQLITE_CANTOPEN",
    "SQLITE_PROTOCOL",
    "SQLITE_READONLY",
}
"""Failures that pass: another writer, a full or flaky disk, a folder made read-only for now."""


def retryable(error: BaseException) -> bool:
    """True for a database error that may go away if the write is tried again later."""
    if "quizapp.store.postgres" in sys.modules:  # loaded only when a server is in use
        from quizapp.store.postgres import retryable as server_may_recover

        if server_may_recover(error):
            return True
    if not isinstance(error, sqlite3.OperationalError):
        return False
    name = getattr(error, "sqlite_errorname", "") or ""
    if any(name == code or name.startswith(code + "_") for code in _RETRYABLE_CODES):
        return True
    text = str(error)
    return any(word in text for word in ("locked", "busy", "disk is full", "disk I/O"))


class StoreBusy(Exception):
    """The database cannot be opened just now (locked by another program, a full disk)."""


class StoreUnreadable(Exception):
    """A database that a read-only command cannot read; the message says why and what to do."""


@dataclass
class OpenedDatabase:
    """A ready connection, where it lives, and what the user should be told."""

    connection: Connection
    address: DatabaseAddress | None
    """None when results are not being saved (an in-memory database)."""
    notice: str = ""

    @property
    def saving(self) -> bool:
        return self.address is not None

    @property
    def path(self) -> Path | None:
        """The SQLite file (None for a server, or when nothing is saved)."""
        return self.address.path if self.address is not None else None


def connect(
    path: Path | str,
    uri: bool = False,
    timeout: float = WRITE_BUSY_SECONDS,
    file: Path | None = None,
) -> SqliteConnection:
    """A connection in autocommit mode: every write is its own committed transaction.

    `file` names the database file of a `uri` (counted as open in this process).
    """
    connection = sqlite3.connect(
        path,
        timeout=timeout,
        isolation_level=None,
        check_same_thread=False,
        uri=uri,
        factory=SqliteConnection,
    )
    held = file if uri else (None if str(path) == ":memory:" else Path(path))
    if held is not None:
        connection.hold(held)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def open_address(
    address: DatabaseAddress, now: dt.datetime | None = None, connections: int = 2
) -> OpenedDatabase:
    """Open (creating and migrating) the database at `address`; raises `StoreBusy`.

    `connections` is how many threads may use a server's pool at once.
    """
    if address.path is not None:
        return open_file(address.path, now)
    from quizapp.store import postgres

    where = address.described()
    database = postgres.PostgresDatabase(address, read_only=False, connections=connections)
    try:
        database.open()
        migrate(database)
    except NewerDatabase:
        database.close()
        return _not_saving(f"{where} was made by a newer quizapp; update quizapp to save results")
    except Exception as error:
        database.close()
        if postgres.retryable(error):
            raise StoreBusy(f"cannot reach {where}: {first_line(error)}") from None
        raise
    return OpenedDatabase(database, address)


def database_errors() -> tuple[type[Exception], ...]:
    """What a failed read raises, whichever engine: for `except` clauses of read-only commands."""
    errors: tuple[type[Exception], ...] = (sqlite3.DatabaseError,)
    if "psycopg" in sys.modules:
        import psycopg

        errors += (psycopg.Error,)
    return errors


def first_line(error: BaseException) -> str:
    """A server's error in one line (libpq's messages run over several)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def open_database(folder: Path, now: dt.datetime | None = None) -> OpenedDatabase:
    """Open (creating, migrating or recovering) `folder/quizapp.db`; raises `StoreBusy`."""
    return open_file(folder / DATABASE_NAME, now)


def open_file(path: Path, now: dt.datetime | None = None) -> OpenedDatabase:
    """Open (creating, migrating or recovering) the SQLite file at `path`; raises `StoreBusy`."""
    folder = path.parent
    address = DatabaseAddress.sqlite_file(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _not_saving(f"cannot create the data folder {folder} ({_reason(error)})")
    if path.is_dir():  # a folder named as the file is a mistake, never a damaged database
        return _not_saving(f"{path} is a folder, not a database file")
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
        if retryable(error) and os.access(folder, os.W_OK):
            raise StoreBusy(str(error)) from None
        return _not_saving(f"cannot open {path} ({error})")
    try:
        _prepare(connection)
    except NewerDatabase:
        connection.close()
        return _not_saving(f"{path} was made by a newer quizapp; update quizapp to save results")
    except sqlite3.OperationalError as error:
        connection.close()
        if retryable(error) and os.access(folder, os.W_OK):
            raise StoreBusy(str(error)) from None
        return _not_saving(f"cannot write to {folder} ({error})")
    return OpenedDatabase(connection, address, notice)


def open_read_only_address(address: DatabaseAddress) -> OpenedDatabase | None:
    """The database at `address` for reading only; None when it holds nothing yet.

    See `open_read_only` for a file. A server is connected to read-only
    (`default_transaction_read_only`), and a database without quizapp's
    tables reads as "no results yet".
    """
    if address.path is not None:
        return open_read_only_file(address.path)
    from quizapp.store import postgres

    where = address.described()
    database = postgres.PostgresDatabase(address, read_only=True, connections=1)
    try:
        database.open()
        version = schema_version(database)
    except Exception as error:
        database.close()
        if postgres.retryable(error):
            raise StoreUnreadable(
                f"cannot reach {where} ({first_line(error)}); check the address and that the "
                "server is running"
            ) from None
        raise StoreUnreadable(f"cannot read {where}: {first_line(error)}") from None
    if version == 0:
        database.close()
        return None
    _check_version(version, where, address.as_option(), database)
    return OpenedDatabase(database, address, "")


def _check_version(version: int, where: str, option: str, connection: Connection) -> None:
    """Refuse (closing it) a database another version of quizapp made; nothing is changed."""
    if version > LATEST_VERSION:
        connection.close()
        raise StoreUnreadable(
            f"{where} was made by a newer quizapp (schema {version}; this one reads up to "
            f"{LATEST_VERSION}); nothing was changed: update quizapp to read it"
        )
    if version < LATEST_VERSION:
        connection.close()
        raise StoreUnreadable(
            f"{where} was made by an older quizapp (schema {version}; this one uses "
            f"{LATEST_VERSION}); nothing was changed: run `quizapp db upgrade {option}` "
            "to bring it up to date (a student's next quiz does it too)"
        )


def open_read_only(folder: Path) -> OpenedDatabase | None:
    """`open_read_only_file` of the data folder's `quizapp.db`."""
    return open_read_only_file(folder / DATABASE_NAME)


def open_read_only_file(path: Path) -> OpenedDatabase | None:
    """The database for reading only (reports, the class view); None when there is none yet.

    Nothing is renamed, created or migrated. With no WAL file beside it no
    program is writing, so the file is read as it stands (`immutable`: not
    even SQLite's shared-memory file is made); otherwise through SQLite's
    read-only mode, which also works on a folder the teacher may only read.
    Open it for one read and close it again: an immutable connection does not
    see later writes (the class view opens one per refresh). Raises
    `StoreUnreadable` for a damaged file, one from another version of
    quizapp, or one held by another program for too long.
    """
    if not path.is_file():
        return None
    held = held_here(path)  # then never read by hand (see `_damage`), nor as immutable
    if not held:
        try:
            with path.open("rb") as file:
                header = file.read(len(SQLITE_HEADER))
        except OSError as error:
            raise StoreUnreadable(f"cannot read {path}: {_reason(error)}") from None
        if not header:
            return None  # created, never written: no results yet
        if header != SQLITE_HEADER:
            raise StoreUnreadable(damaged_message(path, "it is not a database"))
    has_wal = Path(f"{path}-wal").exists()
    options = "mode=ro" if has_wal or held else "mode=ro&immutable=1"
    try:
        connection = connect(
            f"file:{quote(str(path.resolve()))}?{options}",
            uri=True,
            timeout=READ_BUSY_SECONDS,
            file=path,
        )
        version = schema_version(connection)
    except sqlite3.OperationalError as error:
        if retryable(error):
            raise StoreUnreadable(
                f"{path} is held by another program ({error}); try again in a moment"
            ) from None
        raise StoreUnreadable(damaged_message(path, str(error))) from None
    except sqlite3.DatabaseError as error:
        raise StoreUnreadable(damaged_message(path, str(error))) from None
    address = DatabaseAddress.sqlite_file(path)
    _check_version(version, str(path), address.as_option(), connection)
    return OpenedDatabase(connection, address, "")


def damaged_message(path: Path, detail: str) -> str:
    """What a read-only command says about a damaged file: what is wrong, and what to do."""
    return (
        f"{path} is damaged ({detail}); nothing was changed. The next quiz started with "
        f"--data-dir {path.parent} moves it aside and starts a new one; or restore it from a backup"
    )


SQLITE_HEADER = b"SQLite format 3\x00"


def _damage(path: Path) -> str:
    """What is wrong with an existing database file, or '' if nothing (or no file).

    Checked without writing: the header is read by hand and the integrity
    check runs on a read-only connection, so a damaged file (and its WAL) is
    moved aside exactly as it was found. A file this process already has
    open is not read by hand at all (`held_here`: that would drop the open
    connection's locks): it is in use, and was checked when first opened.
    """
    if held_here(path):
        return ""
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
        connection = connect(f"file:{quote(str(path.resolve()))}?{options}", uri=True, file=path)
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


def _prepare(connection: SqliteConnection) -> None:
    """WAL so readers never block the writer; migrations up to the latest version.

    A file from a newer quizapp is refused before anything in it changes.
    Switching to WAL needs a moment alone with the file; if another program
    holds it, the error goes up and the saver tries again.
    """
    if schema_version(connection) > LATEST_VERSION:
        raise NewerDatabase(schema_version(connection))
    connection.execute("PRAGMA journal_mode = WAL")
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
