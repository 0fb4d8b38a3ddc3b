"""Several `quizapp serve` hosts, one school: one PostgreSQL database behind them all.

Real servers on two ports, each with its own data folder (as two machines
would have), real websocket tabs, a real PostgreSQL server, and the teacher's
real `quizapp report` command; the class view's data is read as its screen
reads it. Skipped, with the reason, when no PostgreSQL server starts here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import aiohttp
import pytest

from quizapp.store.address import DATABASE_VARIABLE, DatabaseAddress
from quizapp.store.class_progress import read_class
from tests.postgres_server import PostgresServer
from tests.test_serve import Browser, Served, eventually, free_port, running_server

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads other processes' /proc entries"
)

PASSWORD = "s3cret-Pa55"
"""Put into one host's URL: the test server trusts loopback, so it is accepted and ignored,
and every process's command line can be searched for it."""
QUIZ = ["--seed", "3", "--no-shuffle"]


def with_password(url: str) -> str:
    parts = urlsplit(url)
    user, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{user}:{PASSWORD}@{host}"))


def answers_in(url: str) -> list[tuple[str, str, float]]:
    """(student, question, credit) of every answer in the database, read on our own connection."""
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            rows = connection.execute(
                "SELECT s.name, a.question_id, a.credit FROM answers a "
                "JOIN students s ON s.id = a.student_id ORDER BY s.name"
            ).fetchall()
    except psycopg.Error:  # no server yet, or no tables yet
        return []
    return [(name, question, float(credit)) for name, question, credit in rows]


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def environment_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (entry.decode(errors="replace").partition("=") for entry in raw.split(b"\0") if entry)
    return {name: value for name, _, value in pairs}


def quizapp(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, as the teacher runs it."""
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


async def play_one_answer(port: int, name: str, key: str, verdict: str) -> None:
    """A student opens a tab on the host at `port`, gives a name and answers the first question."""
    async with aiohttp.ClientSession() as session, Browser(session, port) as tab:
        await tab.wait_for("Your name")
        await tab.type(f"{name}\r")
        await tab.wait_for("Question 1 of 38")
        await tab.type(key)
        await tab.wait_for(verdict)


def assert_no_password_on_a_command_line(served: Served, data: Path) -> None:
    """Neither the pre-warmed parent nor a quiz has the URL on its command line; each quiz
    has it in its environment, which only its own user (and root) can read."""
    helpers = served.parents(data) + served.quizzes(data)
    assert served.quizzes(data), "no quiz process was running"
    for pid in helpers:
        assert PASSWORD not in command_line(pid), command_line(pid)
        assert "postgresql://" not in command_line(pid), command_line(pid)
    for pid in served.quizzes(data):
        assert PASSWORD in environment_of(pid)[DATABASE_VARIABLE]
    # The server itself prints and logs the address without its password.
    assert PASSWORD not in served.output()


async def test_two_serve_hosts_write_into_one_postgresql_database_and_one_report(
    tmp_path: Path, postgres_url: str
) -> None:
    """Host A is given `--database URL` (with a password), host B `QUIZAPP_DATABASE`; a
    student on each answers; `quizapp report` and the class view then show both students."""
    started = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    first_data, second_data = tmp_path / "host-a", tmp_path / "host-b"
    secret_url = with_password(postgres_url)
    with (
        running_server(
            ["--data-dir", str(first_data), "--database", secret_url, *QUIZ], tmp_path
        ) as first,
        running_server(
            ["--data-dir", str(second_data), *QUIZ],
            tmp_path,
            env={DATABASE_VARIABLE: postgres_url},
        ) as second,
    ):
        assert first.port != second.port
        for host in (first, second):
            assert "results in postgresql://quizapp@127.0.0.1:" in host.output(), host.output()
        async with (
            aiohttp.ClientSession() as session,
            Browser(session, first.port) as ana,
            Browser(session, second.port) as ben,
        ):
            await asyncio.gather(ana.wait_for("Your name"), ben.wait_for("Your name"))
            assert_no_password_on_a_command_line(first, first_data)
            await ana.type("Ana\r")
            await ben.type("Ben\r")
            await asyncio.gather(ana.wait_for("Question 1 of 38"), ben.wait_for("Question 1 of 38"))
            await ana.type("1")
            await ben.type("2")
            await asyncio.gather(ana.wait_for("Correct"), ben.wait_for("Not quite"))
        both = [("Ana", "lee-role", 1.0), ("Ben", "lee-role", 0.0)]
        await eventually(
            lambda: answers_in(postgres_url) == both,
            timeout=15.0,
            failure=f"the database has {answers_in(postgres_url)}, not both answers",
        )
    for host in (first, second):
        assert host.process.returncode == 0, host.output()
        assert "Traceback" not in host.output()
    # Neither host kept a SQLite file of its own: both wrote to the one server.
    assert not (first_data / "quizapp.db").exists()
    assert not (second_data / "quizapp.db").exists()

    table = quizapp("report", "--database", postgres_url)
    assert table.returncode == 0, table.stderr
    assert "Ana" in table.stdout and "Ben" in table.stdout, table.stdout
    given = quizapp("report", "--answers", "--format", "json", env={DATABASE_VARIABLE: secret_url})
    assert given.returncode == 0, given.stderr
    rows = json.loads(given.stdout)
    answered = sorted((row["student"], row["question"]) for row in rows)
    assert answered == [("Ana", "lee-role"), ("Ben", "lee-role")], rows

    snapshot = read_class(DatabaseAddress.parse(postgres_url), started)
    assert snapshot is not None
    progress = {student.name: (student.answered, student.right) for student in snapshot.students}
    assert progress == {"Ana": (1, 1), "Ben": (1, 0)}


async def test_a_database_that_cannot_be_reached_is_one_warning_and_the_answers_wait(
    tmp_path: Path, throwaway_postgres: PostgresServer
) -> None:
    """With the server down, `serve` warns in one line and serves. Cleo answers and leaves:
    her answer waits in the host's data folder. Dan answers and stays. Once the server is
    back, Dan's quiz saves his answer and the one Cleo's quiz left behind."""
    url = throwaway_postgres.url("postgres")
    throwaway_postgres.stop_server()
    data = tmp_path / "host"
    with running_server(["--data-dir", str(data), "--database", url, *QUIZ], tmp_path) as served:
        warnings = [line for line in served.output().splitlines() if "warning" in line]
        assert len(warnings) == 1, served.output()
        assert "cannot be reached" in warnings[0] and "serving anyway" in warnings[0]
        await play_one_answer(served.port, "Cleo", "1", "Correct")
        assert list((data / "unsaved-answers").iterdir()), "Cleo's answer was not kept"
        async with aiohttp.ClientSession() as session, Browser(session, served.port) as dan:
            await dan.wait_for("Your name")
            await dan.type("Dan\r")
            await dan.wait_for("Question 1 of 38")
            await dan.type("2")
            await dan.wait_for("Not quite")
            assert answers_in(url) == []
            throwaway_postgres.start_server()
            both = [("Cleo", "lee-role", 1.0), ("Dan", "lee-role", 0.0)]
            await eventually(
                lambda: answers_in(url) == both,
                timeout=30.0,
                failure=f"the database has {answers_in(url)} 30 s after the server came back",
            )
    assert served.process.returncode == 0, served.output()
    assert "Traceback" not in served.output()


BAD_ADDRESSES = [
    "ftp://db.school.internal/quizapp",
    "sqlite://",
    "sqlite:.",
    "sqlite:///{tmp}",
    "service=has spaces",
]


@pytest.mark.parametrize(
    ("given", "address"),
    [("option", address) for address in [*BAD_ADDRESSES, "   "]]
    # An empty QUIZAPP_DATABASE is as good as none: the data folder's file is used.
    + [("environment", address) for address in BAD_ADDRESSES],
)
def test_a_bad_database_address_is_a_one_line_usage_error(
    tmp_path: Path, given: str, address: str
) -> None:
    """Exit 2 and one line, before anything listens; a folder named as the file is left alone."""
    (tmp_path / "keep.txt").write_text("kept\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    address = address.format(tmp=tmp_path)
    command = ["serve", "--data-dir", str(tmp_path / "data"), "--port", str(free_port())]
    if given == "option":
        result = quizapp(*command, "--database", address)
    else:
        result = quizapp(*command, env={DATABASE_VARIABLE: address})
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert lines[0].startswith("quizapp"), lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == before
