"""SQLite's connection, with what the store asks of every engine's connection.

It also keeps count of the database files this process has open. SQLite's
locks are POSIX locks, which belong to the process: closing *any* handle on
the file drops all of them, so reading a file's header with `open()` while
a connection of this process is writing lets another process checkpoint
under it and corrupt the file (https://sqlite.org/howtocorrupt.html, 2.2;
seen in the school load benchmark, where one process opens a store per
student). `held_here` lets the checks that read a file by hand skip one
this process already has open: it is in use, and was checked when opened.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from quizapp.store.dialect import SQLITE

_held: Counter[str] = Counter()
_held_lock = threading.Lock()


def held_here(path: Path) -> bool:
    """True while a connection of this process is open on the database file at `path`."""
    with _held_lock:
        return _held[_key(path)] > 0


def _key(path: Path) -> str:
    return str(path.resolve())


class SqliteConnection(sqlite3.Connection):
    """SQLite's connection, with what the store asks of every engine's."""

    dialect = SQLITE
    _held_path: str | None = None

    def hold(self, path: Path) -> None:
        """Count this connection as one of this process's on `path` until it closes."""
        key = _key(path)
        with _held_lock:
            _held[key] += 1
        self._held_path = key

    def close(self) -> None:
        super().close()
        key, self._held_path = self._held_path, None
        if key is not None:
            with _held_lock:
                _held[key] -= 1
                if _held[key] <= 0:
                    del _held[key]

    @contextmanager
    def transaction(self) -> Iterator[SqliteConnection]:
        """One write transaction, taken at once (IMMEDIATE), so waiting for the lock is up front."""
        self.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[SqliteConnection]:
        """A read transaction (deferred: no lock is asked for), so every read sees one moment."""
        self.execute("BEGIN")
        try:
            yield self
        finally:
            self.execute("ROLLBACK")  # nothing was written
