"""What the store needs of a database connection, whichever engine is behind it.

SQLite's own connection has this shape already (`SqliteConnection` adds a
`dialect` and `transaction`); `quizapp.store.postgres.PostgresDatabase`
gives PostgreSQL the same one. Rows answer to a column's name and to its
position (`row["id"]`, `row[0]`), as `sqlite3.Row` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from quizapp.store.dialect import Dialect


class Result(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    dialect: Dialect

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Result: ...

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Result: ...

    def transaction(self) -> AbstractContextManager[Connection]:
        """One write transaction: committed at the end, rolled back on an error."""
        ...

    def snapshot(self) -> AbstractContextManager[Connection]:
        """Reads that all see the database as it was at one moment, never blocking a writer."""
        ...

    def close(self) -> None: ...
