"""SQLite's connection, with what the store asks of every engine's connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from quizapp.store.dialect import SQLITE


class SqliteConnection(sqlite3.Connection):
    """SQLite's connection, with what the store asks of every engine's."""

    dialect = SQLITE

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
