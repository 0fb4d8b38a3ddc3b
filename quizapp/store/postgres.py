"""The results store on a PostgreSQL server, through psycopg 3 and its connection pool.

`PostgresDatabase` gives the store the same small connection interface
SQLite's has (`quizapp.store.connection`): the store's statements are
written once, with `?` placeholders, and translated here. Connections come
from a pool, one per statement or transaction, so the quiz's two threads
(the saver writing, the screens reading) share it, and a connection broken
by a restarted server is replaced by the pool instead of failing every
later write: while the server is away, writes fail as `retryable` and the
saver keeps the answers until it is back.

Imported only when an address names PostgreSQL: SQLite users never load psycopg.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg.adapt import Loader
from psycopg_pool import ConnectionPool, PoolTimeout

from quizapp.store.address import DatabaseAddress
from quizapp.store.dialect import POSTGRESQL

# The pool reports failed connections through `logging`, which would print over a
# student's screen: the store says what matters itself (the saving line, one error line).
logging.getLogger("psycopg").addHandler(logging.NullHandler())
logging.getLogger("psycopg").propagate = False

CONNECT_SECONDS = 5.0
"""How long opening waits for the server before saying it cannot be reached."""
WRITE_WAIT_SECONDS = 2.0
"""How long a write waits for a connection before the saver is told to try again later."""
READ_WAIT_SECONDS = 10.0
"""How long a report waits for a connection."""


class Row(tuple[Any, ...]):
    """A row that answers to a column's name and to its position, as `sqlite3.Row` does."""

    _columns: dict[str, int]

    def __new__(cls, values: Sequence[Any], columns: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._columns = columns
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._columns[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._columns)


class NumberLoader(Loader):
    """PostgreSQL's `numeric` (what SUM of a count, or AVG, returns) as SQLite gives it:
    an int when whole, else a float, never a Decimal."""

    def load(self, data: Any) -> int | float:
        text = bytes(data)
        if b"." in text or b"e" in text.lower() or b"n" in text.lower():
            return float(text)
        return int(text)


def _rows(cursor: Any) -> Any:
    """psycopg's row factory for `Row`: the column names are read once per statement."""
    description = cursor.description or ()
    columns = {column.name: number for number, column in enumerate(description)}

    def make(values: Sequence[Any]) -> Row:
        return Row(values, columns)

    return make


class _Done:
    """A statement's rows, read before its connection goes back to the pool."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        return self._rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


@lru_cache(maxsize=1024)
def translated(sql: str) -> str:
    """The store's SQL (qmark placeholders) in psycopg's (`%s`; a literal `%` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _run(connection: psycopg.Connection[Any], sql: str, parameters: Sequence[Any]) -> _Done:
    cursor = connection.execute(translated(sql), tuple(parameters))
    rows = cursor.fetchall() if cursor.description is not None else []
    return _Done(rows, cursor.rowcount)


class _InTransaction:
    """The connection of one open transaction, seen through the store's interface."""

    dialect = POSTGRESQL

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> _Done:
        return _run(self._connection, sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> _Done:
        with self._connection.cursor() as cursor:
            cursor.executemany(translated(sql), [tuple(p) for p in parameters])
            return _Done([], cursor.rowcount)

    @contextmanager
    def transaction(self) -> Iterator[_InTransaction]:
        yield self  # already in one

    @contextmanager
    def snapshot(self) -> Iterator[_InTransaction]:
        yield self

    def close(self) -> None:
        pass


class PostgresDatabase:
    """A pool of connections to one PostgreSQL database, used like one connection."""

    dialect = POSTGRESQL

    def __init__(self, address: DatabaseAddress, *, read_only: bool, connections: int) -> None:
        self.address = address
        self.read_only = read_only
        self._wait = READ_WAIT_SECONDS if read_only else WRITE_WAIT_SECONDS
        self._closed = threading.Event()
        self._pool = ConnectionPool(
            address.conninfo,
            min_size=1,
            max_size=max(1, connections),
            open=False,
            kwargs={"autocommit": True, "connect_timeout": int(CONNECT_SECONDS)},
            configure=self._configure,
            check=ConnectionPool.check_connection,
            timeout=self._wait,
            # No reconnecting in the background: the next write asks for a connection again
            # (the saver retries with its own backoff, keeping the answers meanwhile).
            reconnect_timeout=0,
            name="quizapp",
        )

    def _configure(self, connection: psycopg.Connection[Any]) -> None:
        """Numbers and rows as SQLite gives them; read-only where asked."""
        connection.adapters.register_loader("numeric", NumberLoader)
        connection.row_factory = _rows
        if self.read_only:
            connection.execute("SET default_transaction_read_only = on")

    def open(self) -> None:
        """Connect now; raises `psycopg.OperationalError` when the server cannot be reached.

        One direct connection first, so that a server that is down is known at once, in
        its own words (refused, no such database...): the pool, whose attempts fail in the
        background, would only say so when its whole wait had passed.
        """
        with psycopg.connect(self.address.conninfo, connect_timeout=int(CONNECT_SECONDS)):
            pass
        try:
            self._pool.open(wait=True, timeout=CONNECT_SECONDS)
        except PoolTimeout:
            self._pool.close(timeout=0)
            raise psycopg.OperationalError("the server did not answer in time") from None

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A connection of the pool's for one statement or transaction.

        No connection in time (the server away, mostly) is an `OperationalError` that says
        so in words for the saving line, rather than the pool's own PoolTimeout text.
        """
        try:
            connection = self._pool.getconn(timeout=self._wait)
        except PoolTimeout:
            raise psycopg.OperationalError(
                f"cannot reach the database server (no connection within {self._wait:g} s)"
            ) from None
        try:
            yield connection
        finally:
            self._pool.putconn(connection)

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> _Done:
        with self._connection() as connection:
            return _run(connection, sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> _Done:
        with self.transaction() as db:
            return db.executemany(sql, parameters)

    @contextmanager
    def transaction(self) -> Iterator[_InTransaction]:
        with self._connection() as connection, connection.transaction():
            yield _InTransaction(connection)

    @contextmanager
    def snapshot(self) -> Iterator[_InTransaction]:
        """One connection in a REPEATABLE READ transaction: every read sees the same moment."""
        with (
            self._pool.connection(timeout=self._wait) as connection,
            connection.transaction(),
        ):
            connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield _InTransaction(connection)

    def close(self) -> None:
        if not self._closed.is_set():
            self._closed.set()
            self._pool.close(timeout=1.0)


def retryable(error: BaseException) -> bool:
    """True for a PostgreSQL failure that may pass: the server away or restarting, a
    deadlock or serialisation failure, a full disk, no connection free in time.

    Every `OperationalError` counts (a wrong password too: the answers wait in
    the journal while someone fixes it, rather than being refused for good).
    """
    return isinstance(error, PoolTimeout | psycopg.OperationalError)
