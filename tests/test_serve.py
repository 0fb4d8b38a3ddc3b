"""`quizapp serve`: a real server, real websocket sessions, one shared store."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest

from quizapp.cli import serve_parser
from quizapp.serve import child_command, is_loopback, public_url

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and /proc")

ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
QUOTED_BANK = """\
title: Quoted bank
settings: {shuffle: false, shuffle_choices: false}
questions:
  - {id: one, type: choice, prompt: Pick the first, choices: [First, Second, Third], answer: First, explanation: E.}
  - {id: two, type: truefalse, prompt: Is this true?, answer: true, explanation: E.}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_listening(port: int, timeout: float = 30) -> None:
    """Until the port takes connections: serve announces itself a moment before it listens.

    aiohttp runs the startup hook that prints "Serving the quiz at ..." before
    it binds the socket, so a client that connects on reading that line can be
    refused.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing listens on port {port}") from None
            time.sleep(0.02)


def processes_mentioning(marker: str) -> list[int]:
    """PIDs whose command line contains `marker` (our unique data folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in command:
            found.append(int(entry.name))
    return found


@contextmanager
def running_server(args: list[str], cwd: Path) -> Iterator[tuple[subprocess.Popen[str], int]]:
    """Start `quizapp serve` on a free port; stop it with Ctrl+C (SIGINT) afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--port", str(port), *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert server.stdout is not None
        first = server.stdout.readline()  # printed once the banks and the store are checked
        assert first.startswith("Serving the quiz at http://127.0.0.1:"), first
        wait_until_listening(port)
        yield server, port
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hang is a failure
            server.kill()
            raise


class Browser:
    """One browser tab as textual-serve's page drives it: a websocket of keys and screen bytes."""

    def __init__(self, session: aiohttp.ClientSession, port: int) -> None:
        self.session = session
        self.port = port
        self.screen = b""

    async def __aenter__(self) -> Browser:
        url = f"ws://127.0.0.1:{self.port}/ws?width=100&height=30"
        self.socket = await self.session.ws_connect(url)
        await self.socket.send_json(["resize", {"width": 100, "height": 30}])
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.socket.close()

    async def wait_for(self, text: str, timeout: float = 60) -> None:
        """Read screen updates until `text` has been drawn (a hang guard, not a timing check)."""

        async def read() -> None:
            while text.encode() not in ANSI.sub(b"", self.screen):
                message = await self.socket.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.screen += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    raise AssertionError(f"the app closed before showing {text!r}")

        await asyncio.wait_for(read(), timeout)
        self.screen = b""

    async def type(self, keys: str) -> None:
        await self.socket.send_json(["stdin", keys])


def answers_in(folder: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(folder / "quizapp.db") as db:
        return db.execute(
            "SELECT s.name, a.question_id FROM answers a JOIN students s ON s.id = a.student_id ORDER BY s.name"
        ).fetchall()


async def test_two_browsers_play_at_once_into_one_store(tmp_path: Path) -> None:
    """GET / serves the page; two websocket sessions each get a quiz; both answers land in one store."""
    data = tmp_path / "class-data"
    with running_server(["--data-dir", str(data), "--seed", "3", "--no-shuffle"], tmp_path) as (
        server,
        port,
    ):
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/") as page:
                assert page.status == 200
                assert "/ws" in await page.text()
            async with Browser(session, port) as first, Browser(session, port) as second:
                await asyncio.gather(first.wait_for("Your name"), second.wait_for("Your name"))
                await first.type("Ana\r")
                await second.type("Ben\r")
                await asyncio.gather(
                    first.wait_for("Question 1 of 38"), second.wait_for("Question 1 of 38")
                )
                await first.type("1")
                await second.type("2")
                await asyncio.gather(first.wait_for("Correct"), second.wait_for("Not quite"))
        assert answers_in(data) == [("Ana", "lee-role"), ("Ben", "lee-role")]
    assert server.returncode is not None
    assert processes_mentioning(str(data)) == [], "a quiz process outlived the server"


async def test_a_bank_path_with_shell_syntax_is_served_and_runs_nothing(tmp_path: Path) -> None:
    """A folder named `x; touch pwned` is a path, not a command: the bank is served, nothing is run."""
    folder = tmp_path / "week 1; touch pwned"
    folder.mkdir()
    (folder / "bank.yaml").write_text(QUOTED_BANK, encoding="utf-8")
    data = tmp_path / "data"
    with running_server([str(folder / "bank.yaml"), "--data-dir", str(data)], tmp_path) as (
        _server,
        port,
    ):
        async with aiohttp.ClientSession() as session, Browser(session, port) as browser:
            await browser.wait_for("Quoted bank")
    assert not (tmp_path / "pwned").exists()
    assert not Path("pwned").exists()


def test_the_child_command_quotes_every_part(tmp_path: Path) -> None:
    """Paths and topics with spaces, quotes and `;` come back whole from the shell's word splitting."""
    nasty = tmp_path / 'it\'s "week" 1; rm -rf ~'
    args = serve_parser().parse_args([str(nasty), "--topic", "a; b", "--seed", "4"])
    command = child_command(args, tmp_path / "data dir")
    assert command.startswith("exec ")
    words = shlex.split(command.removeprefix("exec "))
    assert str(nasty.resolve()) in words
    assert words[words.index("--topic") + 1] == "a; b"
    assert words[words.index("--data-dir") + 1] == str((tmp_path / "data dir").resolve())
    assert "--ask-name" in words  # no login name is suggested to a browser


def test_only_loopback_is_private(capsys: pytest.CaptureFixture[str]) -> None:
    """127.0.0.1 is the default and private; 0.0.0.0 gets a public URL for the page's links."""
    assert serve_parser().parse_args([]).host == "127.0.0.1"
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    assert public_url("192.168.1.20", 8000) == "http://192.168.1.20:8000"
    assert not public_url("0.0.0.0", 8000).startswith("http://0.0.0.0")


def test_a_public_host_warns_before_serving(tmp_path: Path) -> None:
    """`--host 0.0.0.0` warns that anyone who can reach the port can take the quiz."""
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "quizapp",
            "serve",
            "--host",
            "0.0.0.0",
            "--port",
            str(port),
            "--data-dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stderr is not None
        warning = server.stderr.readline()
        assert "anyone who can reach port" in warning
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def test_serving_a_bad_bank_stops_before_listening(tmp_path: Path) -> None:
    """A broken bank is reported (file, line) and nothing is served."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "title: Bad\nquestions:\n  - {id: q, type: choise, prompt: P}\n", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "serve", str(bad), "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "QUIZAPP_DATA_DIR": str(tmp_path / "data")},
    )
    assert result.returncode == 1
    assert f"{bad}:3: question q: unknown type 'choise'" in result.stderr
    assert "Serving" not in result.stdout


def test_serve_arguments_match_play(tmp_path: Path) -> None:
    """Everything that shapes a round can be given to serve, and reaches every browser."""
    args = serve_parser().parse_args(
        [
            "--mode",
            "test",
            "--time-limit",
            "20",
            "--scoring",
            "speed",
            "--streak-bonus",
            "--limit",
            "5",
        ]
    )
    assert isinstance(args, argparse.Namespace)
    words = shlex.split(child_command(args, tmp_path).removeprefix("exec "))
    for option, value in (
        ("--mode", "test"),
        ("--time-limit", "20"),
        ("--scoring", "speed"),
        ("--limit", "5"),
    ):
        assert words[words.index(option) + 1] == value
    assert "--streak-bonus" in words
