"""One results database for a test, on either engine: the store's tests run on both.

`database` (a fixture in conftest) is parametrised: each test that takes it
runs once on a SQLite file in its own folder and once on a fresh database
of a real PostgreSQL server. Tests read what was written through
`TestDatabase.rows`, on a connection of their own, exactly as before with
`sqlite3`; they pass `TestDatabase.where` wherever the store is opened, and
`cli_args` / `environment` to a command or a child process.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizapp.store.address import DATABASE_VARIABLE, DatabaseAddress
from quizapp.store.location import DATABASE_NAME


@dataclass(frozen=True)
class TestDatabase:
    engine: str
    """"sqlite" or "postgresql" (also the test id's suffix)."""
    folder: Path
    """The data folder: the SQLite file on SQLite, and on both the journal of waiting answers."""
    url: str
    """The address as a command line takes it (`--database URL`)."""

    __test__ = False  # not a test class, whatever its name says

    @property
    def address(self) -> DatabaseAddress:
        return DatabaseAddress.parse(self.url)

    @property
    def where(self) -> DatabaseAddress:
        """What `ResultsStore.open` / `read_only` / `folder_saver(address=...)` take."""
        return self.address

    @property
    def is_sqlite(self) -> bool:
        return self.engine == "sqlite"

    @property
    def cli_args(self) -> list[str]:
        return ["--data-dir", str(self.folder), "--database", self.url]

    @property
    def environment(self) -> dict[str, str]:
        """For a child process that opens the store: QUIZAPP_DATABASE set to this one."""
        return {DATABASE_VARIABLE: self.url}

    def rows(self, sql: str, *parameters: object) -> list[tuple[Any, ...]]:
        """Read the database directly on a connection of our own (`?` placeholders)."""
        if self.is_sqlite:
            connection = sqlite3.connect(self.folder / DATABASE_NAME)
            try:
                return connection.execute(sql, parameters).fetchall()
            finally:
                connection.close()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            cursor = connection.execute(sql.replace("%", "%%").replace("?", "%s"), parameters)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []

    def execute(self, sql: str, *parameters: object) -> None:
        """Change the database behind the store's back (to set up a test's situation)."""
        if self.is_sqlite:
            connection = sqlite3.connect(self.folder / DATABASE_NAME, isolation_level=None)
            try:
                connection.execute(sql, parameters)
            finally:
                connection.close()
            return
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(sql.replace("%", "%%").replace("?", "%s"), parameters)


def sqlite_database(folder: Path) -> TestDatabase:
    return TestDatabase("sqlite", folder, f"sqlite://{(folder / DATABASE_NAME).resolve()}")


def postgres_database(folder: Path, url: str) -> TestDatabase:
    return TestDatabase("postgresql", folder, url)
