"""Shared fixtures: banks written to real files, a fixed clock, and a real PostgreSQL server."""

from __future__ import annotations

import os
import tempfile
import textwrap
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quizapp.bank import Deck, load_deck
from tests.engines import TestDatabase, postgres_database, sqlite_database
from tests.postgres_server import (
    PostgresAdmin,
    PostgresServer,
    PostgresUnavailable,
    start_throwaway,
)

POSTGRES_ENV = "QUIZAPP_TEST_POSTGRES"
"""Admin URL of a server someone already runs (CI starts one); else the tests start their own."""
POSTGRES_FIXTURES = {"postgres_server", "postgres_url", "make_postgres_url", "throwaway_postgres"}


def pytest_configure(config: pytest.Config) -> None:
    # The decks quizapp keeps for a faster start (quizapp.bank.cache) go to a folder of the
    # run's own, for every test and every process a test starts: never the user's cache.
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="quizapp-test-cache-")
    config.addinivalue_line(
        "markers",
        "postgres: needs a real PostgreSQL server (skipped, with the reason, when none starts)",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses a PostgreSQL fixture, so `-m "not postgres"` leaves them all out."""
    for item in items:
        if POSTGRES_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


class FakeClock:
    """A clock that moves only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def write_bank(tmp_path: Path) -> Callable[..., Path]:
    """Write YAML text (dedented) to a bank file under tmp_path."""

    def write(text: str, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_deck(write_bank: Callable[..., Path]) -> Callable[..., Deck]:
    """Write a bank and load it through the real loader."""

    def make(text: str, name: str = "bank.yaml") -> Deck:
        return load_deck(write_bank(text, name))

    return make


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresAdmin]:
    """One server for the whole run: $QUIZAPP_TEST_POSTGRES if set, else a throwaway cluster.

    Tests get their own databases on it through `postgres_url`, never the server itself,
    so they cannot see each other's tables. Skips, saying why, when there is no server.
    """
    pytest.importorskip("psycopg", reason="psycopg is not installed")
    import psycopg

    admin_url = os.environ.get(POSTGRES_ENV)
    if admin_url:
        try:
            with psycopg.connect(admin_url, connect_timeout=10) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as error:
            pytest.skip(f"no PostgreSQL server could be started: {POSTGRES_ENV} is set but {error}")
        yield PostgresAdmin(admin_url)
        return
    try:
        server = start_throwaway()
    except PostgresUnavailable as error:
        pytest.skip(f"no PostgreSQL server could be started: {error.reason}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def make_postgres_url(postgres_server: PostgresAdmin) -> Iterator[Callable[[], str]]:
    """Make fresh, empty databases on demand (for a test needing two); all dropped afterwards."""
    made: list[str] = []

    def make() -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        postgres_server.create_database(name)
        made.append(name)
        return postgres_server.url(name)

    yield make
    for name in made:
        postgres_server.drop_database(name)


@pytest.fixture
def postgres_url(make_postgres_url: Callable[[], str]) -> str:
    """The URL of a fresh, empty database of this test's own, dropped afterwards."""
    return make_postgres_url()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> TestDatabase:
    """A results database of this test's own: a SQLite file, then a PostgreSQL database.

    Every store test takes this, so each guarantee is checked on both engines.
    """
    folder = tmp_path / "data"
    folder.mkdir()
    if request.param == "sqlite":
        return sqlite_database(folder)
    return postgres_database(folder, request.getfixturevalue("postgres_url"))


@pytest.fixture
def throwaway_postgres() -> Iterator[PostgresServer]:
    """A cluster of this test's own, for fault tests that stop and restart the server.

    The shared `postgres_server` must stay up for the other tests, hence a separate one
    (about a second to start).
    """
    try:
        server = start_throwaway()
    except PostgresUnavailable as error:
        pytest.skip(f"no PostgreSQL server could be started: {error.reason}")
    try:
        yield server
    finally:
        server.stop()
