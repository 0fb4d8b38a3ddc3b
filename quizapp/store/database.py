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
from dataclasses import dataclass
from pathlib import Path

from quizapp.store.location import DATABASE_NAME
from quizapp.store.migrations import NewerDatabase, migrate

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


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode: every answer is its own committed write."""
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
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
    for _attempt in range(2):
        try:
            connection = connect(path)
        except sqlite3.OperationalError as error:
            return _not_saving(f"cannot open {path} ({error})")
        try:
            _check(connection)
            _prepare(connection)
            return OpenedDatabase(connection, path, notice)
        except NewerDatabase:
            connection.close()
            return _not_saving(
                f"{path} was made by a newer quizapp; update quizapp to save results"
            )
        except sqlite3.OperationalError as error:
            connection.close()
            if (
                "readonly" in str(error)
                or "unable to open" in str(error)
                or "disk I/O" in str(error)
            ):
                return _not_saving(f"cannot write to {folder} ({error})")
            if "locked" in str(error) or "busy" in str(error):
                return _not_saving(f"{path} is busy ({error})")
            moved = _move_aside(path, now)
            notice = f"The results database was damaged ({error}); it was moved to {moved.name} and a new one started."
        except (sqlite3.DatabaseError, _Damaged) as error:
            connection.close()
            moved = _move_aside(path, now)
            notice = f"The results database was damaged ({error}); it was moved to {moved.name} and a new one started."
    return _not_saving(
        f"{path} could not be repaired"
    )  # pragma: no cover - a second failure in a row


class _Damaged(Exception):
    """`PRAGMA quick_check` found damage."""


def _check(connection: sqlite3.Connection) -> None:
    """Raise if the file is not a healthy SQLite database (an empty file is fine)."""
    rows = [row[0] for row in connection.execute("PRAGMA quick_check")]
    if rows != ["ok"]:
        raise _Damaged("; ".join(str(r) for r in rows[:3]))


def _prepare(connection: sqlite3.Connection) -> None:
    """WAL so readers never block the writer; migrations up to the latest version."""
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    migrate(connection)


def _move_aside(path: Path, now: dt.datetime | None) -> Path:
    """Rename a damaged database (and its WAL files) with a timestamp; delete nothing."""
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
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
