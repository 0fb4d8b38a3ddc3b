"""The throwaway PostgreSQL server works, so a PostgreSQL store test that fails is the store's fault."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.postgres_server import PostgresServer

psycopg = pytest.importorskip("psycopg")

pytestmark = pytest.mark.postgres

SCRIPT = Path(__file__).with_name("postgres_server.py")


def test_a_fresh_database_answers(postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    assert tables == (0,)


def test_two_databases_are_distinct(make_postgres_url: Callable[[], str]) -> None:
    first, second = make_postgres_url(), make_postgres_url()
    assert first != second
    with psycopg.connect(first) as conn:
        conn.execute("CREATE TABLE only_here (n int)")
    with psycopg.connect(second) as conn:
        found = conn.execute("SELECT to_regclass('only_here')").fetchone()
    assert found == (None,)


def test_a_stopped_server_refuses_then_returns_with_its_data(
    throwaway_postgres: PostgresServer,
) -> None:
    server = throwaway_postgres
    server.create_database("kept")
    with psycopg.connect(server.url("kept"), autocommit=True) as conn:
        conn.execute("CREATE TABLE answers (n int)")
        conn.execute("INSERT INTO answers VALUES (7)")

    server.stop_server()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.url("kept"), connect_timeout=5)

    server.start_server()
    with psycopg.connect(server.socket_url("kept")) as conn:
        assert conn.execute("SELECT n FROM answers").fetchall() == [(7,)]


def test_the_command_line_leaves_a_server_running_until_stop(tmp_path: Path) -> None:
    """What .ci/run does: start in one process, use it from another, stop from a third."""
    state = tmp_path / "pg.json"
    started = subprocess.run(
        [sys.executable, str(SCRIPT), "start", "--state", str(state)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if started.returncode != 0:
        # A reason it prints (no binaries, initdb failed) skips; a crash fails.
        assert started.stderr.startswith("postgres_server: "), started.stderr
        pytest.skip(f"no PostgreSQL server could be started: {started.stderr.strip()}")
    recorded = json.loads(state.read_text(encoding="utf-8"))
    try:
        assert started.stdout.strip() == recorded["url"]
        assert recorded["url"].endswith(f":{recorded['port']}/postgres")
        with psycopg.connect(recorded["url"]) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        stopped = subprocess.run(
            [sys.executable, str(SCRIPT), "stop", "--state", str(state)],
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert stopped.returncode == 0, stopped.stderr
    assert not Path(recorded["folder"]).exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(recorded["url"], connect_timeout=5)
