"""Which results database a command uses: a SQLite file, or a PostgreSQL server.

`--database URL` (or `$QUIZAPP_DATABASE`) names it; without either, the
SQLite file in the data folder is used, as before. The address is parsed
here, without importing either engine, so a mistake in it is one line to
the teacher before anything is opened.

* `sqlite:///srv/quiz/quizapp.db`: a SQLite file by absolute path (as in a
  `file:///` URL); `sqlite:results/quizapp.db` is relative to where the
  command runs.
* `postgresql://user@host:5432/dbname` (or `postgres://…`): any libpq URL,
  query parameters included (`?sslmode=require`, `?host=/run/postgresql`).
* `service=NAME` or `postgresql:///?service=NAME`: a libpq service from
  `pg_service.conf`, which keeps host and user out of scripts.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from quizapp.store.location import DATABASE_NAME

DATABASE_VARIABLE = "QUIZAPP_DATABASE"


class Engine(Enum):
    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"


class BadAddress(ValueError):
    """A `--database` value that names no database we can open; the message says how to write one."""


_SERVICE = re.compile(r"^service=([A-Za-z0-9_.-]+)$")


@dataclass(frozen=True)
class DatabaseAddress:
    """Where the results are kept: `path` for SQLite, `conninfo` for PostgreSQL."""

    engine: Engine
    path: Path | None = None
    conninfo: str = ""

    @classmethod
    def sqlite_in(cls, folder: Path) -> DatabaseAddress:
        """The default: `quizapp.db` in the data folder."""
        return cls.sqlite_file(folder / DATABASE_NAME)

    @classmethod
    def sqlite_file(cls, path: Path) -> DatabaseAddress:
        return cls(Engine.SQLITE, path=path)

    @classmethod
    def parse(cls, value: str) -> DatabaseAddress:
        """Read a `--database` value; raises `BadAddress`."""
        text = value.strip()
        if not text:
            raise BadAddress("the database address is empty")
        if any(ord(c) < 32 or ord(c) == 127 for c in text):
            raise BadAddress("the database address has control characters in it")
        service = _SERVICE.match(text)
        if service:
            return cls(Engine.POSTGRESQL, conninfo=f"service={service.group(1)}")
        scheme, _, rest = text.partition(":")
        scheme = scheme.lower()
        if scheme == "sqlite" and rest:
            if rest.startswith("//"):
                parts = urlsplit(text)
                if parts.netloc not in ("", "localhost"):
                    raise BadAddress(
                        "a SQLite address names a file on this machine: write "
                        "sqlite:///absolute/path/quizapp.db (three slashes)"
                    )
                path = Path(unquote(parts.path))
            else:
                path = Path(unquote(rest))
            if path.name in ("", ".", "..") or str(path).endswith(("/", os.sep)):
                raise BadAddress(
                    "a SQLite address must end with the file's name, like .../quizapp.db"
                )
            return cls(Engine.SQLITE, path=path.expanduser())
        if scheme in ("postgresql", "postgres"):
            parts = urlsplit(text)
            return cls(Engine.POSTGRESQL, conninfo=urlunsplit(("postgresql", *parts[1:])))
        raise BadAddress(
            "write sqlite:///path/to/quizapp.db, postgresql://user@host:5432/dbname or service=NAME"
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine is Engine.SQLITE

    def described(self) -> str:
        """The address for messages: a file's path, or the server's URL without its password."""
        if self.path is not None:
            return str(self.path)
        if self.conninfo.startswith("service="):
            return f"PostgreSQL service {self.conninfo.removeprefix('service=')}"
        parts = urlsplit(self.conninfo)
        netloc = parts.netloc
        if "@" in netloc:
            user, _, host = netloc.rpartition("@")
            netloc = f"{user.partition(':')[0]}@{host}"
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))

    def same_as(self, other: DatabaseAddress) -> bool:
        """True when both name the same database, as far as the addresses tell: one file
        (however its path is written), or one server URL or service (whatever the password)."""
        if self.engine is not other.engine:
            return False
        if self.path is not None and other.path is not None:
            return _resolved(self.path) == _resolved(other.path)
        return _without_password(self.conninfo) == _without_password(other.conninfo)

    def as_option(self) -> str:
        """How to name this database again on a command line (in a message's advice)."""
        if self.path is not None and self.path.name == DATABASE_NAME:
            return f"--data-dir {self.path.parent}"
        if self.path is not None:
            return f"--database sqlite://{self.path.resolve()}"
        return f"--database {self.described()}"


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):  # a symlink loop, a folder gone: the path as written
        return path.absolute()


def _without_password(conninfo: str) -> str:
    parts = urlsplit(conninfo)
    user, at, host = parts.netloc.rpartition("@")
    netloc = f"{user.partition(':')[0]}@{host}" if at else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def database_address(option: str | None, folder: Path) -> DatabaseAddress:
    """`--database`, else `$QUIZAPP_DATABASE`, else the SQLite file in the data folder."""
    if option:
        return DatabaseAddress.parse(option)
    value = os.environ.get(DATABASE_VARIABLE, "").strip()
    if value:
        try:
            return DatabaseAddress.parse(value)
        except BadAddress as error:
            raise BadAddress(f"{DATABASE_VARIABLE}: {error}") from None
    return DatabaseAddress.sqlite_in(folder)
