"""Quiz processes: started so that none outlives the server, stopped so that none hangs it.

A quiz is either forked by the pre-warmed parent (`quizapp.serve.forked`,
the usual way on Linux) or started here through the shell, one interpreter
per tab (elsewhere, or when the parent cannot run). The server handles both
alike, through `QuizProcess`. A quiz may end in three ways, and each is covered:

* Its tab closes, or the teacher stops the server (Ctrl+C, SIGTERM, the
  terminal closing): the server sends SIGTERM, which Textual turns into a
  clean exit, waits `STOP_GRACE` seconds, sends SIGKILL to what is left (a
  quiz that is busy, stopped or stuck) and waits for it, so the server exits
  only once every quiz has.
* The server itself is killed (SIGKILL, the out-of-memory killer, a crash)
  and cannot clean up: each process the server starts (a quiz, or the
  pre-warmed parent) has asked the kernel to kill it when the server dies
  (`prctl(PR_SET_PDEATHSIG)`, Linux), and each quiz the parent forks asks the
  same of the parent. That is set in the child between fork and exec (or
  right after the fork), so no moment exists when one runs without it; if
  its parent died before it took hold, the child sees a new parent and exits.
  The signal is SIGKILL rather than SIGTERM because nobody is left to escalate
  if a quiz ignores SIGTERM, and nothing is lost: every answer is already
  committed when it is given (`quizapp.store.database.connect`).

Each process the server starts gets its own process group (a forked quiz is
in its parent's), so a Ctrl+C typed in the teacher's terminal reaches the
server alone, which then stops the quizzes in order, instead of racing them
all to exit on their own.

Plain asyncio and ctypes: no textual-serve here.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import signal
import sys
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from typing import Protocol

STOP_GRACE = 1.0
"""Seconds a quiz has to exit after SIGTERM before SIGKILL: a clean exit takes a
tenth of that, and the server must be gone within 2 seconds of Ctrl+C."""

PR_SET_PDEATHSIG = 1
"""From <linux/prctl.h>."""


class QuizProcess(Protocol):
    """What the server uses of a quiz process: `asyncio.subprocess.Process`, or a forked quiz."""

    @property
    def pid(self) -> int: ...
    @property
    def returncode(self) -> int | None: ...
    @property
    def stdin(self) -> asyncio.StreamWriter | None: ...
    @property
    def stdout(self) -> asyncio.StreamReader | None: ...
    @property
    def stderr(self) -> asyncio.StreamReader | None: ...
    async def wait(self) -> int: ...
    def terminate(self) -> None: ...
    def kill(self) -> None: ...


@cache
def prctl() -> Callable[..., int] | None:
    """libc's prctl, looked up once in the server or the pre-warmed parent (never in a
    freshly forked child, where loading a library is not safe)."""
    if not sys.platform.startswith("linux"):
        return None
    call = ctypes.CDLL(None, use_errno=True).prctl
    call.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    call.restype = ctypes.c_int
    return call


def die_with_this_process() -> Callable[[], None] | None:
    """A `preexec_fn` making the child die when this process dies; None off Linux.

    The kernel sends the signal when the *thread* that forked exits: asyncio
    forks from the thread running the event loop, which lives as long as the
    server does.
    """
    call = prctl()
    if call is None:
        return None
    server = os.getpid()

    def set_parent_death_signal() -> None:
        # Runs in the child between fork and exec: only a C call and a system call.
        call(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != server:  # the server died before the line above took hold
            os._exit(1)

    return set_parent_death_signal


async def start(command: str, environment: dict[str, str]) -> asyncio.subprocess.Process:
    """Start one quiz through the shell, its three streams piped to the server."""
    return await asyncio.create_subprocess_shell(
        command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=environment,
        preexec_fn=die_with_this_process(),
        process_group=0,
    )


async def stop(process: QuizProcess, grace: float = STOP_GRACE, *, ending: bool = False) -> int:
    """Stop a quiz and wait for it: SIGTERM, then SIGKILL after `grace` seconds.

    A quiz already `ending` (it said it is exiting) only gets the wait, then SIGKILL.
    Returns its exit status (negative: the signal that ended it).
    """
    if process.returncode is not None:
        return process.returncode
    if not ending:
        with suppress(ProcessLookupError):
            process.terminate()
    try:
        return await asyncio.wait_for(process.wait(), grace)
    except TimeoutError:
        with suppress(ProcessLookupError):
            process.kill()
        return await process.wait()


class Launcher(Protocol):
    """How the server gets a quiz process for a tab (and gets ready to, and stops)."""

    async def open(self) -> None:
        """Get ready to start quizzes (the server says it is serving only after this)."""

    async def start(self, environment: dict[str, str]) -> QuizProcess:
        """A quiz running with `environment`, its three streams piped to the server."""
        ...

    async def close(self) -> None:
        """Once every quiz has exited: stop whatever helps start them."""


class OneProcessPerTab:
    """A fresh interpreter for every tab, through the shell: the way without a pre-warmed parent."""

    def __init__(self, command: str, why: str = "") -> None:
        self.command = command
        self.why = why
        """Why there is no pre-warmed parent, said once the server starts ('' says nothing)."""

    async def open(self) -> None:
        if self.why:
            logging.getLogger("quizapp.serve").info(
                "Each tab's quiz starts as a process of its own (no pre-warmed parent: %s).",
                self.why,
            )

    async def start(self, environment: dict[str, str]) -> QuizProcess:
        return await start(self.command, environment)

    async def close(self) -> None:
        pass
