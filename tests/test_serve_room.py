"""`quizapp serve` with a pre-warmed parent: a room of forked quizzes, each its own process.

Real servers, real websocket tabs, real processes read from /proc. Every
wait has a deadline that only guards against a hang; nothing here is timed
except the "within 2 s of Ctrl+C" promise the serve tests already keep.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from quizapp.serve import children, forked
from tests.test_serve import (
    BROKEN_BANK,
    PARENT_NAME,
    QUOTED_BANK,
    Browser,
    eventually,
    parent_pid,
    process_name,
    processes_mentioning,
    running_server,
)

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="fork, SCM_RIGHTS, PR_SET_PDEATHSIG and /proc"
)

TABS = 6
"""Enough tabs at once to share the parent, few enough for a busy 2-core machine."""


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def open_files(pid: int) -> list[str]:
    """What a process has open (its descriptors' targets)."""
    found = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            found.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            continue
    return found


def rounds_in(folder: Path) -> list[tuple[str, int]]:
    """(student, seed) of every round in the store."""
    with sqlite3.connect(folder / "quizapp.db") as db:
        return db.execute(
            "SELECT s.name, t.seed FROM attempts t JOIN students s ON s.id = t.student_id ORDER BY s.name"
        ).fetchall()


def answers_in(folder: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(folder / "quizapp.db") as db:
        return db.execute(
            "SELECT s.name, a.question_id FROM answers a JOIN students s ON s.id = a.student_id ORDER BY s.name"
        ).fetchall()


async def test_a_room_of_tabs_gets_forked_quizzes_each_its_own_process_into_one_store(
    tmp_path: Path,
) -> None:
    """Tabs opened at once: each quiz is a distinct process, a child of the one parent, with
    its own threads, database connection and seed; every answer lands in the one store; then
    Ctrl+C stops them all, and the parent, within 2 s."""
    data = tmp_path / "data"
    with running_server(["--data-dir", str(data), "--no-shuffle"], tmp_path) as served:
        (parent,) = served.parents(data)
        assert parent_pid(parent) == served.process.pid
        async with aiohttp.ClientSession() as session:
            tabs = [Browser(session, served.port) for _ in range(TABS)]
            await asyncio.gather(*(tab.__aenter__() for tab in tabs))
            try:
                await asyncio.gather(*(tab.wait_for("Your name") for tab in tabs))
                quizzes = served.quizzes(data)
                assert len(quizzes) == TABS == len(set(quizzes))
                assert {parent_pid(quiz) for quiz in quizzes} == {parent}
                assert {process_name(quiz) for quiz in quizzes} == {"quizapp-quiz"}
                # The parent never started a thread or opened the database: each quiz did.
                assert threads(parent) == 1
                assert not any("quizapp.db" in path for path in open_files(parent))
                for number, tab in enumerate(tabs):
                    await tab.type(f"Student {number}\r")
                await asyncio.gather(*(tab.wait_for("Question 1 of 38") for tab in tabs))
                for quiz in quizzes:  # the saver's thread and Textual's, started in the quiz
                    assert threads(quiz) > 1
                    assert any(path.endswith("quizapp.db") for path in open_files(quiz))
                for tab in tabs:
                    await tab.type("1")
                await asyncio.gather(*(tab.wait_for("Correct") for tab in tabs))
                served.process.send_signal(signal.SIGINT)
                await eventually(
                    lambda: (
                        served.process.poll() is not None and not processes_mentioning(str(data))
                    ),
                    timeout=2.0,
                    failure="the server, its parent or a quiz was running 2 s after Ctrl+C",
                )
                for tab in tabs:
                    assert await tab.closed() == (1001, "The teacher stopped the quiz server.")
            finally:
                await asyncio.gather(*(tab.__aexit__() for tab in tabs))
    assert served.process.returncode == 0
    names = [f"Student {number}" for number in range(TABS)]
    assert answers_in(data) == [(name, "lee-role") for name in names]
    seeds = [seed for _, seed in rounds_in(data)]
    assert len(seeds) == TABS and len(set(seeds)) > 1, "forked quizzes share their random state"
    assert "Quizzes are forked from a pre-warmed parent" in served.output()
    assert "Traceback" not in served.output()


async def test_a_bank_edited_while_serving_is_served_fresh_to_the_next_tab(tmp_path: Path) -> None:
    """The parent looks at the bank before every fork: an edit reaches the next tab, a broken
    edit tells the next tab why, and the fix reaches the one after."""
    bank = tmp_path / "bank.yaml"
    bank.write_text(QUOTED_BANK, encoding="utf-8")
    data = tmp_path / "data"
    with running_server([str(bank), "--data-dir", str(data)], tmp_path) as served:
        async with aiohttp.ClientSession() as session:
            async with Browser(session, served.port) as first:
                await first.wait_for("Quoted bank")
            bank.write_text(QUOTED_BANK.replace("Quoted bank", "Edited bank"), encoding="utf-8")
            async with Browser(session, served.port) as second:
                await second.wait_for("Edited bank")
            bank.write_text(BROKEN_BANK, encoding="utf-8")
            async with Browser(session, served.port) as third:
                code, reason = await third.closed()
            assert code == 1011
            assert reason == (
                "The quiz could not start. Tell your teacher: "
                "quizapp: 1 problem found; fix the bank and try again"
            )
            bank.write_text(QUOTED_BANK.replace("Quoted bank", "Fixed bank"), encoding="utf-8")
            async with Browser(session, served.port) as fourth:
                await fourth.wait_for("Fixed bank")
        assert len(served.parents(data)) == 1  # one parent all along: it read the bank again
    output = served.output()
    assert "The banks changed: the next quizzes play them as they are now." in output
    assert "The banks changed and cannot be played as they are" in output
    assert f"{bank}:3: question q: unknown type 'choise'" in output


async def test_a_killed_parent_is_replaced_and_the_next_tab_still_works(tmp_path: Path) -> None:
    """SIGKILL to the parent: its quiz dies with it and the tab is told why; the server says
    so, starts a new parent, and the next tab gets a quiz forked from that one."""
    data = tmp_path / "data"
    with running_server(["--data-dir", str(data)], tmp_path) as served:
        (parent,) = served.parents(data)
        async with aiohttp.ClientSession() as session:
            async with Browser(session, served.port) as tab:
                await tab.wait_for("Your name")
                (quiz,) = served.quizzes(data)
                os.kill(parent, signal.SIGKILL)
                code, reason = await tab.closed()
            assert code == 1011
            assert reason.startswith(
                "The quiz stopped: the server had to restart its quiz starter."
            )
            await eventually(
                lambda: quiz not in served.quizzes(data),
                timeout=30,
                failure="the quiz outlived its parent",
            )
            async with Browser(session, served.port) as tab:
                await tab.wait_for("Your name")
                (new_parent,) = served.parents(data)
                assert new_parent != parent
                assert [parent_pid(pid) for pid in served.quizzes(data)] == [new_parent]
    output = served.output()
    assert (
        "The pre-warmed parent of the quizzes stopped (killed by SIGKILL); the quizzes it had "
        "started ended with it. Starting a new one."
    ) in output
    assert output.count("Quizzes are forked from a pre-warmed parent") == 2
    assert "Traceback" not in output


async def test_killing_the_server_leaves_no_parent_and_no_quiz(tmp_path: Path) -> None:
    """SIGKILL to the server: the parent dies with it (PR_SET_PDEATHSIG) and every quiz with
    the parent, even one that is frozen."""
    data = tmp_path / "data"
    with running_server(["--data-dir", str(data)], tmp_path) as served:
        async with (
            aiohttp.ClientSession() as session,
            Browser(session, served.port) as one,
            Browser(session, served.port) as two,
        ):
            await asyncio.gather(one.wait_for("Your name"), two.wait_for("Your name"))
            assert len(served.parents(data)) == 1 and len(served.quizzes(data)) == 2
            try:
                os.kill(served.quizzes(data)[0], signal.SIGSTOP)
                served.process.kill()
                served.process.wait(timeout=30)
                await eventually(
                    lambda: not processes_mentioning(str(data)),
                    timeout=10,
                    failure="a parent or a quiz outlived the killed server",
                )
            finally:
                for pid in processes_mentioning(str(data)):  # only if the test failed
                    os.kill(pid, signal.SIGKILL)


async def test_without_a_parent_each_tab_gets_a_process_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QUIZAPP_SERVE_PREWARM=0 (and any system without fork): the old way, said in the terminal."""
    monkeypatch.setenv(forked.PREWARM_VARIABLE, "0")
    data = tmp_path / "data"
    with running_server(["--data-dir", str(data)], tmp_path) as served:
        assert served.parents(data) == []
        async with aiohttp.ClientSession() as session, Browser(session, served.port) as tab:
            await tab.wait_for("Your name")
            (quiz,) = served.quizzes(data)
            assert parent_pid(quiz) == served.process.pid
            assert process_name(quiz) != PARENT_NAME
    assert (
        "Each tab's quiz starts as a process of its own (no pre-warmed parent: "
        "QUIZAPP_SERVE_PREWARM=0)." in served.output()
    )


class Recording(children.OneProcessPerTab):
    """A fallback that only notes it was asked."""

    def __init__(self) -> None:
        super().__init__("exit 0")
        self.asked = 0

    async def start(self, environment: dict[str, str]) -> children.QuizProcess:
        self.asked += 1
        return await super().start(environment)


async def test_a_parent_that_cannot_get_ready_is_given_up_for_a_process_per_tab(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A parent that exits before it is ready (here: one that only prints an error) is not
    retried forever: the server says why, and tabs get processes of their own."""
    fallback = Recording()
    launcher = forked.PrewarmedParent(
        lambda fd: [sys.executable, "-c", "raise SystemExit('quizapp: error: no Textual here')"],
        dict(os.environ),
        fallback=fallback,
    )
    with caplog.at_level(logging.INFO, logger="quizapp.serve"):
        await launcher.open()
        quiz = await launcher.start(dict(os.environ))
        assert await quiz.wait() == 0
        await launcher.close()
    assert launcher.given_up and fallback.asked == 1
    assert (
        "No pre-warmed parent for the quizzes: it did not get ready (quizapp: error: no Textual "
        "here). Each tab now gets a process of its own (slower to start)."
    ) in caplog.text


def test_the_server_side_never_imports_textual() -> None:
    """`quizapp serve` itself (aiohttp, the sessions, the parent's supervisor) draws nothing:
    only the parent and the quizzes it forks import Textual."""
    code = (
        "import sys\n"
        "import quizapp.cli.play, quizapp.serve, quizapp.serve.server, quizapp.serve.forked\n"
        "from quizapp.serve.session import served_environment\n"
        "served_environment()\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_served_environment_is_textual_serves() -> None:
    """What the parent is started with, and each quiz gets: the web driver, and the tab's size."""
    from quizapp.serve.session import served_environment

    environment = served_environment(100, 30)
    assert environment["TEXTUAL_DRIVER"] == "textual.drivers.web_driver:WebDriver"
    assert (environment["COLUMNS"], environment["ROWS"]) == ("100", "30")
    assert {k: v for k, v in served_environment().items() if k not in ("COLUMNS", "ROWS")} == {
        k: v for k, v in environment.items() if k not in ("COLUMNS", "ROWS")
    }


async def test_ctrl_c_stops_everything_within_2_seconds_even_with_the_parent_frozen(
    tmp_path: Path,
) -> None:
    """A parent that cannot answer (SIGSTOP) holds nothing up: the tab waiting for a quiz is
    given up, the running quiz's end is seen through its pidfd, and the parent is killed."""
    data = tmp_path / "data"
    with running_server(["--data-dir", str(data)], tmp_path) as served:
        (parent,) = served.parents(data)
        async with aiohttp.ClientSession() as session, Browser(session, served.port) as playing:
            await playing.wait_for("Your name")
            os.kill(parent, signal.SIGSTOP)
            try:
                async with Browser(session, served.port) as waiting:
                    await eventually(
                        lambda: (
                            "A quiz started for 127.0.0.1 (2 of 60 running)." in served.output()
                        ),
                        timeout=30,
                        failure="the second tab never asked for a quiz",
                    )
                    served.process.send_signal(signal.SIGINT)
                    await eventually(
                        lambda: (
                            served.process.poll() is not None
                            and not processes_mentioning(str(data))
                        ),
                        timeout=2.0,
                        failure="the server, its parent or a quiz was running 2 s after Ctrl+C",
                    )
                    assert await waiting.closed() == (1001, "The teacher stopped the quiz server.")
            finally:
                for pid in processes_mentioning(str(data)):  # only if the test failed
                    os.kill(pid, signal.SIGKILL)
            assert await playing.closed() == (1001, "The teacher stopped the quiz server.")
    assert served.process.returncode == 0


async def test_a_forked_quizs_exit_status_reaches_its_tab(tmp_path: Path) -> None:
    """Through the parent, as from a process of its own: a student who quits closes the tab
    normally ("session ended"); a quiz killed from outside is an error the tab is told of."""
    data = tmp_path / "data"
    with running_server(["--data-dir", str(data)], tmp_path) as served:
        async with aiohttp.ClientSession() as session:
            async with Browser(session, served.port) as tab:
                await tab.wait_for("Your name")
                await tab.type("\x11")  # Ctrl+Q
                assert await tab.closed() == (1000, "")
            async with Browser(session, served.port) as tab:
                await tab.wait_for("Your name")
                (quiz,) = served.quizzes(data)
                os.kill(quiz, signal.SIGKILL)
                assert await tab.closed() == (
                    1011,
                    "The quiz stopped with an error. Tell your teacher: no message",
                )
    assert "A quiz stopped with exit status -9:" in served.output()
