"""`quizapp serve`: a real server, real websocket sessions, one shared store."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import aiohttp
import pytest

from quizapp.cli import main, serve_parser
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


PARENT_NAME = "quizapp-parent"
"""What the pre-warmed parent calls itself (/proc/PID/comm); each quiz it forks is "quizapp-quiz"."""


def process_name(pid: int) -> str:
    """/proc/PID/comm ('' once the process is gone)."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def parent_pid(pid: int) -> int:
    """The parent of a process, from /proc/PID/stat (0 once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0
    return int(stat.rsplit(")", 1)[1].split()[1])


def memory_mb(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (the most it ever held) of a process, in MB, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {key: int(fields[key].split()[0]) // 1024 for key in ("VmRSS", "VmHWM")}


async def eventually(condition: Callable[[], bool], timeout: float, failure: str) -> None:
    """Poll `condition` until it holds; fail with `failure` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(failure)
        await asyncio.sleep(0.02)


class Served(NamedTuple):
    """A running `quizapp serve`: its process, port, and everything it printed."""

    process: subprocess.Popen[str]
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def quizzes(self, data: Path) -> list[int]:
        """The quiz processes serving `data` (the server's and the parent's command lines name
        it too; a forked quiz has its parent's command line, and a name of its own)."""
        return [
            pid
            for pid in processes_mentioning(str(data))
            if pid != self.process.pid and process_name(pid) != PARENT_NAME
        ]

    def parents(self, data: Path) -> list[int]:
        """The pre-warmed parents serving `data` (one, once the server has started)."""
        return [pid for pid in processes_mentioning(str(data)) if process_name(pid) == PARENT_NAME]


@contextmanager
def running_server(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> Iterator[Served]:
    """Start `quizapp serve` on a free port; stop it with Ctrl+C (SIGINT) afterwards.

    Its output goes to a file, never a pipe nobody reads (a full pipe would
    stop the server); the test waits for the line saying it is listening.
    `env` is added to this process's environment for the server.
    """
    port = free_port()
    log = cwd / f"server-{port}.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "quizapp", "serve", "--port", str(port), *args],
            cwd=cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, **env} if env else None,
        )
    served = Served(server, port, log)
    try:
        deadline = time.monotonic() + 60
        while "Serving the quiz at" not in served.output():  # printed once it is listening
            assert server.poll() is None, f"the server exited: {served.output()}"
            assert time.monotonic() < deadline, f"the server never listened: {served.output()}"
            time.sleep(0.02)
        assert "Serving the quiz at http://127.0.0.1:" in served.output(), served.output()
        wait_until_listening(port)
        yield served
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # pragma: no cover - a hang is a failure
            server.kill()
            raise


class Browser:
    """One browser tab as textual-serve's page drives it: a websocket of keys and screen bytes."""

    def __init__(
        self, session: aiohttp.ClientSession, port: int, width: object = 100, height: object = 30
    ) -> None:
        self.session = session
        self.port = port
        self.size = (width, height)
        self.screen = b""
        """Everything drawn since the last `wait_for` found its text (escape sequences too)."""
        self.text = b""
        """The same, without escape sequences (each frame arrives whole, so each is stripped)."""
        self.drawn = b""
        """What `screen` held when the last `wait_for` found its text."""

    async def __aenter__(self) -> Browser:
        width, height = self.size
        url = f"ws://127.0.0.1:{self.port}/ws?width={width}&height={height}"
        self.socket = await self.session.ws_connect(url)
        await self.send(["resize", {"width": width, "height": height}])
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.socket.close()

    async def wait_for(self, text: str, timeout: float = 60) -> None:
        """Read screen updates until `text` has been drawn (a hang guard, not a timing check)."""
        wanted = text.encode()

        async def read() -> None:
            searched = 0
            while self.text.find(wanted, searched) < 0:
                searched = max(len(self.text) - len(wanted), 0)
                message = await self.socket.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.screen += message.data
                    self.text += ANSI.sub(b"", message.data)
                elif message.type in CLOSING:
                    raise AssertionError(
                        f"the tab was closed ({message.data}: {message.extra!r}) "
                        f"before showing {text!r}"
                    )

        await asyncio.wait_for(read(), timeout)
        self.drawn, self.screen, self.text = self.screen, b"", b""

    async def shows(self, text: str, within: float) -> bool:
        """Whether `text` is drawn within `within` seconds, the tab still open (for polling)."""
        try:
            await self.wait_for(text, timeout=within)
        except (TimeoutError, AssertionError):
            return False
        return True

    async def keep_typing(self, keys: str, until: str, timeout: float = 120) -> None:
        """Send `keys` every second until `until` is drawn: for keys that are harmless twice,
        sent while the server may still be dropping input."""
        deadline = time.monotonic() + timeout
        while True:
            await self.type(keys)
            if await self.shows(until, within=1):
                return
            assert time.monotonic() < deadline, f"{keys!r} never led to {until!r}"

    async def closed(self, timeout: float = 60) -> tuple[int | None, str]:
        """Read until the server closes the tab: its close code and reason."""

        async def read() -> tuple[int | None, str]:
            while True:
                message = await self.socket.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.screen += message.data
                elif message.type == aiohttp.WSMsgType.CLOSE:
                    return message.data, message.extra or ""
                elif message.type in CLOSING:
                    return self.socket.close_code, ""

        return await asyncio.wait_for(read(), timeout)

    async def type(self, keys: str) -> None:
        await self.send(["stdin", keys])

    async def send(self, message: object) -> None:
        await self.socket.send_json(message)


CLOSING = (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR)


def answers_in(folder: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(folder / "quizapp.db") as db:
        return db.execute(
            "SELECT s.name, a.question_id FROM answers a JOIN students s ON s.id = a.student_id ORDER BY s.name"
        ).fetchall()


async def test_two_browsers_play_at_once_into_one_store(tmp_path: Path) -> None:
    """GET / serves the page; two websocket sessions each get a quiz; both answers land in one store."""
    data = tmp_path / "class-data"
    with running_server(["--data-dir", str(data), "--seed", "3", "--no-shuffle"], tmp_path) as (
        served
    ):
        port = served.port
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/") as page:
                assert page.status == 200
                assert 'id="terminal"' in await page.text()
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
        # Saving is journal-first: the verdict shows before the database has the answer.
        both = [("Ana", "lee-role"), ("Ben", "lee-role")]
        await eventually(
            lambda: answers_in(data) == both,
            timeout=10.0,
            failure=f"the store has {answers_in(data)}, not both answers, 10 s after them",
        )
    assert served.process.returncode == 0
    # The server waits for every quiz before it exits: no polling needed here.
    assert served.quizzes(data) == [], "a quiz process outlived the server"


async def test_a_bank_path_with_shell_syntax_is_served_and_runs_nothing(tmp_path: Path) -> None:
    """A folder named `x; touch pwned` is a path, not a command: the bank is served, nothing is run."""
    folder = tmp_path / "week 1; touch pwned"
    folder.mkdir()
    (folder / "bank.yaml").write_text(QUOTED_BANK, encoding="utf-8")
    data = tmp_path / "data"
    with running_server([str(folder / "bank.yaml"), "--data-dir", str(data)], tmp_path) as served:
        async with aiohttp.ClientSession() as session, Browser(session, served.port) as browser:
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


def test_serve_defaults_and_the_served_flag(tmp_path: Path) -> None:
    """60 tabs at once by default; every quiz is told it is served (it refuses to run unsaved)."""
    args = serve_parser().parse_args([])
    assert args.max_sessions == 60
    words = shlex.split(child_command(args, tmp_path).removeprefix("exec "))
    assert "--served" in words


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "argument --port: must be a whole number from 1 to 65535"),
        (["--port", "0"], "argument --port: must be a whole number from 1 to 65535"),
        (["--port", "-80"], "argument --port: must be a whole number from 1 to 65535"),
        (["--port", "http"], "argument --port: 'http' is not a whole number"),
        (
            ["--max-sessions", "0"],
            "argument --max-sessions: must be a whole number from 1 to 10000",
        ),
        (["--max-sessions", "lots"], "argument --max-sessions: 'lots' is not a whole number"),
    ],
)
def test_a_bad_port_or_session_count_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Checked before anything loads: one error line, status 2."""
    assert main(["serve", *args]) == 2
    err = capsys.readouterr().err
    assert err == f"quizapp serve: error: {message} (see quizapp serve --help)\n"


def test_port_70000_stops_the_real_command_without_a_traceback(tmp_path: Path) -> None:
    """It used to get as far as bind() and die with an OverflowError traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "serve", "--port", "70000", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "quizapp serve: error: argument --port: must be a whole number from 1 to 65535 "
        "(see quizapp serve --help)\n"
    )
    assert "Traceback" not in result.stderr


EXTERNAL = re.compile(r"(?:https?:)?//[^\s\"'<>()]+", re.IGNORECASE)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


async def test_the_page_loads_nothing_from_outside_the_teachers_machine(tmp_path: Path) -> None:
    """No web font (or anything else) from the internet: the page, its style sheets and
    its script name no address but the server's, and what they name is served."""
    with running_server(["--data-dir", str(tmp_path / "data")], tmp_path) as served:
        origin = f"http://127.0.0.1:{served.port}"
        async with aiohttp.ClientSession() as session:

            async def get(path: str) -> tuple[int, str]:
                async with session.get(f"{origin}/{path.removeprefix('/')}") as reply:
                    return reply.status, await reply.text(errors="replace")

            status, page = await get("/")
            assert status == 200
            assert EXTERNAL.findall(page) == []
            loaded = re.findall(r'(?:src|href)="([^"]+)"|url\("([^"]+)"\)', page)
            paths = sorted({a or b for a, b in loaded})
            assert "static/fonts/RobotoMono-VariableFont_wght.ttf" in paths  # served, not fetched
            for path in paths:
                status, body = await get(path)
                assert status == 200, path
                if path.endswith(".css"):
                    assert EXTERNAL.findall(CSS_COMMENT.sub("", body)) == [], path
                    assert "@import" not in body, path
                if path.endswith(".js"):
                    assert re.findall(r"https?://", body) == [], path


async def test_no_directory_listings_and_a_plain_get_of_the_websocket_is_a_short_error(
    tmp_path: Path,
) -> None:
    """/static/ lists nothing; GET /ws without an upgrade is a one-line 426, not a traceback."""
    with running_server(["--data-dir", str(tmp_path / "data")], tmp_path) as served:
        origin = f"http://127.0.0.1:{served.port}"
        async with aiohttp.ClientSession() as session:
            for folder in ("/static/", "/static/js/", "/static/fonts/"):
                async with session.get(origin + folder) as reply:
                    assert reply.status in (403, 404), folder
                    assert "textual.js" not in await reply.text()
            async with session.get(origin + "/static/js/textual.js") as reply:
                assert reply.status == 200  # files are still served
            async with session.get(origin + "/ws") as reply:
                assert reply.status == 426
                body = await reply.text()
                assert body.count("\n") == 1 and "websocket" in body and len(body) < 100
    assert "Traceback" not in served.output()


async def test_a_flood_of_input_is_dropped_and_the_quiz_stays_small_and_usable(
    tmp_path: Path,
) -> None:
    """20,000 keystrokes at once, a 20,000-key message and a 3 MB one: the quiz stays small
    (unlimited, 20,000 keys grew it from 41 MB to 290 MB), and keys work again after."""
    data = tmp_path / "data"
    with running_server(["--data-dir", str(data), "--seed", "3", "--no-shuffle"], tmp_path) as (
        served
    ):
        async with aiohttp.ClientSession() as session, Browser(session, served.port) as tab:
            await tab.wait_for("Your name")
            await tab.type("Zed")
            await tab.wait_for("Zed")
            await tab.type("\t")  # to the Start button, where `x` does nothing
            await tab.wait_for("Start (Enter)")
            (quiz,) = served.quizzes(data)
            before = memory_mb(quiz)["VmRSS"]
            for _ in range(20_000):
                await tab.type("x")
            await tab.type("y" * 20_000)
            await tab.type("z" * 3_000_000)
            # Enter presses Start; if the first one is dropped, the next one gets through.
            await tab.keep_typing("\r", until="Question 1 of 38")
            grown = memory_mb(quiz)["VmHWM"] - before  # all sent before Enter is handled now
        assert grown < 60, f"the quiz grew by {grown} MB"
    assert "the extra input is dropped" in served.output()


def cursor_moves(screen: bytes) -> list[tuple[int, int]]:
    """(row, column) of every cursor move Textual drew with: the screen it thinks it has."""
    return [(int(row), int(column)) for row, column in re.findall(rb"\x1b\[(\d+);(\d+)H", screen)]


async def test_screen_sizes_are_clamped_and_nonsense_is_ignored(tmp_path: Path) -> None:
    """A tab asking for 100,000 × 100,000 gets a quiz drawn on at most 500 × 200 (unclamped,
    one grew past 10 GB); 0, -5, 1.5, true, text and broken messages break nothing."""
    data = tmp_path / "data"
    with running_server(["--data-dir", str(data), "--seed", "3", "--no-shuffle"], tmp_path) as (
        served
    ):
        async with (
            aiohttp.ClientSession() as session,
            Browser(session, served.port, width=100_000, height=100_000) as tab,
        ):
            await tab.wait_for("Your name")
            rows = max(row for row, _ in cursor_moves(tab.drawn))
            columns = max(column for _, column in cursor_moves(tab.drawn))
            assert rows == 200 and columns <= 500
            (quiz,) = served.quizzes(data)
            for nonsense in (
                ["resize", {"width": 0, "height": -5}],
                ["resize", {"width": "wide", "height": 30}],
                ["resize", {"width": 1.5, "height": 30}],
                ["resize", {"width": True, "height": True}],
                ["resize", [100, 30]],
                ["resize"],
                ["stdin", 42],
                ["stdin", {"keys": "a"}],
                [],
                {"type": "stdin"},
                12,
            ):
                await tab.send(nonsense)
            await tab.socket.send_str("not json [")
            await tab.socket.send_bytes(b"\x00\xff")
            await tab.send(["resize", {"width": 100, "height": 30}])
            await tab.type("Ana\r")
            await tab.wait_for("Question 1 of 38")
            assert memory_mb(quiz)["VmHWM"] < 200
    assert "Traceback" not in served.output()


async def test_a_full_room_turns_the_next_tab_away_until_a_place_frees(tmp_path: Path) -> None:
    """With --max-sessions 1 the second tab is told the room is full; closing the first frees it."""
    data = tmp_path / "data"
    with running_server(["--data-dir", str(data), "--max-sessions", "1"], tmp_path) as served:
        async with aiohttp.ClientSession() as session:
            async with Browser(session, served.port) as first:
                await first.wait_for("Your name")
                async with Browser(session, served.port) as second:
                    code, reason = await second.closed()
                assert code == 1013  # "try again later"
                assert reason == (
                    "The room is full: 1 quiz running. Try again in a minute, or ask your teacher."
                )
                assert len(served.quizzes(data)) == 1  # the second tab started no quiz
            deadline = time.monotonic() + 60
            while True:  # the place frees once the first quiz has exited
                async with Browser(session, served.port) as third:
                    if await third.shows("Your name", within=30):
                        break
                assert time.monotonic() < deadline, "the first tab's place never freed"
                await asyncio.sleep(0.05)  # the poll's interval
    assert "The room is full (1 quiz): a tab from 127.0.0.1 was turned away." in served.output()


async def test_ctrl_c_stops_the_server_and_every_quiz_within_2_seconds_even_a_stuck_one(
    tmp_path: Path,
) -> None:
    """SIGINT with one quiz frozen (SIGSTOP: it cannot even see SIGTERM): SIGKILL after a short
    grace ends it, and the server exits within 2 s, after every quiz has."""
    data = tmp_path / "data"
    with running_server(["--data-dir", str(data)], tmp_path) as served:
        async with (
            aiohttp.ClientSession() as session,
            Browser(session, served.port) as one,
            Browser(session, served.port) as two,
        ):
            await asyncio.gather(one.wait_for("Your name"), two.wait_for("Your name"))
            quizzes = served.quizzes(data)
            assert len(quizzes) == 2
            try:
                os.kill(quizzes[0], signal.SIGSTOP)
                served.process.send_signal(signal.SIGINT)
                await eventually(
                    lambda: served.process.poll() is not None and not served.quizzes(data),
                    timeout=2.0,
                    failure="the server or a quiz was still running 2 s after Ctrl+C",
                )
            finally:
                for pid in served.quizzes(data):  # only if the test failed
                    os.kill(pid, signal.SIGKILL)
            for tab in (one, two):
                assert await tab.closed() == (1001, "The teacher stopped the quiz server.")
    assert served.process.returncode == 0


async def test_killing_the_server_kills_every_quiz_even_a_stuck_one(tmp_path: Path) -> None:
    """SIGKILL leaves the server no chance to clean up: the kernel ends its quizzes
    (PR_SET_PDEATHSIG), even one that is frozen."""
    data = tmp_path / "data"
    with running_server(["--data-dir", str(data)], tmp_path) as served:
        async with (
            aiohttp.ClientSession() as session,
            Browser(session, served.port) as one,
            Browser(session, served.port) as two,
        ):
            await asyncio.gather(one.wait_for("Your name"), two.wait_for("Your name"))
            quizzes = served.quizzes(data)
            assert len(quizzes) == 2
            try:
                os.kill(quizzes[0], signal.SIGSTOP)
                served.process.kill()
                served.process.wait(timeout=30)
                await eventually(
                    lambda: not served.quizzes(data),
                    timeout=10,
                    failure="a quiz outlived the killed server",
                )
            finally:
                for pid in served.quizzes(data):  # only if the test failed
                    os.kill(pid, signal.SIGKILL)


BROKEN_BANK = "title: Broken\nquestions:\n  - {id: q, type: choise, prompt: P}\n"


@pytest.mark.parametrize("fault", ["bank broken", "bank deleted", "data folder gone"])
async def test_a_quiz_that_cannot_start_tells_the_tab_why(tmp_path: Path, fault: str) -> None:
    """Things that break after the server started: the tab gets a readable reason (the page
    shows it in its "session ended" box), the teacher's terminal gets the whole error."""
    bank = tmp_path / "bank.yaml"
    bank.write_text(QUOTED_BANK, encoding="utf-8")
    data = tmp_path / "data"
    with running_server([str(bank), "--data-dir", str(data)], tmp_path) as served:
        if fault == "bank broken":
            bank.write_text(BROKEN_BANK, encoding="utf-8")
            error = "quizapp: 1 problem found; fix the bank and try again"
        elif fault == "bank deleted":
            bank.unlink()
            error = f"quizapp: error: {bank}: no such file or folder"
        else:  # a USB stick pulled out: the folder is gone and cannot be made again
            shutil.rmtree(data)
            data.write_text("a file where the folder was", encoding="utf-8")
            error = (
                "quizapp: error: Results are not being saved: "
                f"cannot create the data folder {data} (File exists)."
            )
        async with aiohttp.ClientSession() as session, Browser(session, served.port) as tab:
            code, reason = await tab.closed()
        assert code == 1011
        assert reason.startswith("The quiz could not start. Tell your teacher: quizapp:")
        assert len(reason.encode()) <= 123  # all a close frame holds, so a long path is cut
        told = f"The quiz could not start. Tell your teacher: {error}"
        assert reason == told or (reason.endswith("…") and told.startswith(reason[:-1]))
        assert served.quizzes(data) == []
    assert error in served.output()
    assert "A quiz could not start" in served.output()
