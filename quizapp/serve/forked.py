"""The pre-warmed parent as the server sees it: started, asked for quizzes, watched, replaced.

`PrewarmedParent` is the server's `Launcher` on Linux. It starts
`quizapp.serve.zygote` (which has Textual and the banks loaded, and forks
one quiz per tab) and talks to it over a socket pair (`quizapp.serve.wire`).
For each tab it makes three pipes, sends the quiz's ends to the parent, and
gets back the quiz's pid and a pidfd: the quiz is then a `ForkedQuiz`, which
the session drives exactly as it drove a process of its own. How things travel:

* keys and screen: through the pipes, straight between the server and the
  quiz (the parent is not in the way);
* signals: from the server to the quiz through its pidfd
  (`pidfd_send_signal`), which names that process and no other, even once
  it has exited and its pid is used again;
* exit statuses: the parent reaps its quizzes and sends each one's status.

If the parent dies (a crash, the out-of-memory killer, a SIGKILL), its
quizzes die with it (each asked for SIGKILL on its parent's death): the
server tells their tabs, says so in its terminal and starts a new parent;
a tab that was waiting for its quiz is given one by the new parent. A
parent that cannot get ready, or dies again and again, is given up for the
rest of the run: every tab then gets its own process, as without a parent
(`children.OneProcessPerTab`), and the terminal says so.

No Textual here: the server never imports it.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import Any

from quizapp.serve import children, wire

log = logging.getLogger("quizapp.serve")

PREWARM_VARIABLE = "QUIZAPP_SERVE_PREWARM"
"""Set to 0 to start every tab's quiz as a process of its own (slower; for troubleshooting)."""

READY_TIMEOUT = 60.0
"""Seconds a new parent may take to import and read the banks (about 1 on an idle machine)."""
ANSWER_TIMEOUT = 60.0
"""Seconds a ready parent may take to fork a quiz (milliseconds, even with a room waiting;
a bank read again after an edit is the slow case). One that takes longer is stuck: it is
killed, and replaced."""
GIVE_UP_AFTER = 3
"""Parents that die within `GIVE_UP_WINDOW` seconds before the server stops using one."""
GIVE_UP_WINDOW = 60.0
CLOSE_GRACE = 0.2
"""Seconds the parent has to exit once the server closes its channel (it needs
milliseconds; it has no quiz left, and holds nothing to save), before SIGKILL."""
UNREPORTED_GRACE = 0.5
"""Seconds between a quiz's end (its pidfd says) and its parent's word on how it ended,
after which the server stops waiting for that word."""
MAX_ERROR_BYTES = 4_096
"""How much of the parent's own error output is kept: the end of it, for the terminal."""


def unavailable() -> str:
    """Why quizzes cannot be forked from a pre-warmed parent here, or '' if they can."""
    if os.environ.get(PREWARM_VARIABLE, "").strip() == "0":
        return f"{PREWARM_VARIABLE}=0"
    if not sys.platform.startswith("linux"):
        return "it needs Linux"
    if not hasattr(os, "fork") or not hasattr(socket, "send_fds"):
        return "this Python cannot fork or pass descriptors"
    if children.prctl() is None:
        return "prctl is missing"
    return ""


class ParentGone(Exception):
    """The parent died (or stopped) before it answered."""


class ForkedQuiz:
    """A quiz forked by the parent: what `asyncio.subprocess.Process` offers the session.

    Its exit status comes from the parent, which reaps it. Its pidfd also turns
    readable when it ends, so that a parent that cannot say (stopped, stuck)
    never leaves the server waiting: `UNREPORTED_GRACE` seconds later, the
    quiz counts as ended anyway.
    """

    def __init__(
        self,
        pid: int,
        pidfd: int | None,
        stdin: asyncio.StreamWriter,
        stdout: asyncio.StreamReader,
        stderr: asyncio.StreamReader,
    ) -> None:
        loop = asyncio.get_running_loop()
        self.pid = pid
        self.stdin: asyncio.StreamWriter | None = stdin
        self.stdout: asyncio.StreamReader | None = stdout
        self.stderr: asyncio.StreamReader | None = stderr
        self.returncode: int | None = None
        """Its exit status once the parent has reaped it (negative: the signal that ended it)."""
        self.ended_with_parent = False
        """Whether it was ended by its parent's death (the kernel's SIGKILL), not by itself."""
        self.ended: asyncio.Future[None] = loop.create_future()
        """Resolves once the process has ended (reaped or not)."""
        self._pidfd = pidfd
        self._signalled = 0
        self._exited: asyncio.Future[int] = loop.create_future()
        self._unreported: asyncio.TimerHandle | None = None
        if pidfd is not None:
            loop.add_reader(pidfd, self._process_ended)

    async def wait(self) -> int:
        """Its exit status, once it has exited."""
        return await asyncio.shield(self._exited)

    def send_signal(self, number: int) -> None:
        """Signal the quiz; ProcessLookupError if it has just exited."""
        if self.returncode is not None:
            return
        if self._pidfd is not None:
            signal.pidfd_send_signal(self._pidfd, number)
        else:  # no pidfds (Linux before 5.3): the parent has not reaped it, so the pid is its own
            os.kill(self.pid, number)
        self._signalled = number

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def exited(self, status: int) -> None:
        """The parent reaped it (or died, and the quiz with it)."""
        if self.returncode is not None:
            return
        self.returncode = status
        self._stop_watching()
        if self._pidfd is not None:
            os.close(self._pidfd)
            self._pidfd = None
        if self._unreported is not None:
            self._unreported.cancel()
        if self.stdin is not None:
            self.stdin.close()
        _settle(self.ended)
        self._exited.set_result(status)

    def _process_ended(self) -> None:
        """Its pidfd is readable: it has ended; the parent should say how in a moment."""
        self._stop_watching()
        _settle(self.ended)
        loop = asyncio.get_running_loop()
        self._unreported = loop.call_later(UNREPORTED_GRACE, self._never_reported)

    def _never_reported(self) -> None:
        if self.returncode is None:
            log.warning("The pre-warmed parent did not say how a quiz ended: is it stuck?")
            self.exited(-self._signalled if self._signalled else 1)

    def _stop_watching(self) -> None:
        if self._pidfd is not None and not self.ended.done():
            asyncio.get_running_loop().remove_reader(self._pidfd)

    async def gone_with_parent(self) -> None:
        """The parent died: wait until the kernel has ended this quiz too, and say so."""
        if self._pidfd is not None and self.returncode is None:
            try:
                await asyncio.wait_for(asyncio.shield(self.ended), children.STOP_GRACE * 5)
            except TimeoutError:  # it asked to die with its parent; this one did not
                with suppress(ProcessLookupError):
                    self.kill()
        self.ended_with_parent = self.returncode is None
        self.exited(-signal.SIGKILL)


class _Pipes:
    """The server's ends of one quiz's three pipes, as the streams a subprocess has."""

    def __init__(self) -> None:
        self.transports: list[asyncio.BaseTransport] = []
        self.stdin: asyncio.StreamWriter | None = None
        self.stdout = asyncio.StreamReader()
        self.stderr = asyncio.StreamReader()

    async def connect(self, stdin: int, stdout: int, stderr: int) -> None:
        """Take over the three descriptors (closed by `close`, or here if this fails)."""
        loop = asyncio.get_running_loop()
        files = [os.fdopen(stdin, "wb", 0), os.fdopen(stdout, "rb", 0), os.fdopen(stderr, "rb", 0)]
        taken = 0
        try:
            for reader, file in ((self.stdout, files[1]), (self.stderr, files[2])):
                reading, _ = await loop.connect_read_pipe(
                    partial(asyncio.StreamReaderProtocol, reader), file
                )
                self.transports.append(reading)
                taken += 1
            protocol = asyncio.StreamReaderProtocol(asyncio.StreamReader())
            writing, _ = await loop.connect_write_pipe(lambda: protocol, files[0])
            self.transports.append(writing)
            self.stdin = asyncio.StreamWriter(writing, protocol, None, loop)
        except BaseException:  # the files no transport took are closed here, the rest by it
            for file in files[taken + 1 :] + ([files[0]] if self.stdin is None else []):
                file.close()
            self.close()
            raise

    def close(self) -> None:
        for transport in self.transports:
            transport.close()


class _Parent:
    """One run of the parent process, from its start to its death."""

    def __init__(self, process: asyncio.subprocess.Process, channel: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        self.process = process
        self.channel = channel
        self.ready: asyncio.Future[int] = loop.create_future()
        """Resolves to the parent's pid once it has warmed up."""
        self.pending: dict[int, tuple[asyncio.Future[ForkedQuiz], _Pipes]] = {}
        """Requests sent, by id, until the parent answers: the quiz to come, and its pipes."""
        self.quizzes: dict[int, ForkedQuiz] = {}
        """Its quizzes still running, by id."""
        self.alive = True
        self.errors = b""
        self.died: asyncio.Future[int] = loop.create_future()
        """Resolves to its exit status once it is gone and every quiz of its is accounted for."""
        self._ids = itertools.count(1)
        self.reading: asyncio.Future[None] | None = None
        """The task keeping the end of its error output (`read_errors`)."""

    # Messages from the parent ---------------------------------------------------------

    def readable(self) -> None:
        """The channel has messages (or the parent closed it)."""
        while self.alive:
            try:
                received = wire.receive(self.channel)
            except BlockingIOError:
                return
            except wire.WireError as error:
                log.warning("The quizzes' parent sent a message that is not one (%s).", error)
                continue
            except OSError:
                received = None
            if received is None:
                self.lost()
                return
            self._handle(*received)

    def _handle(self, message: dict[str, Any], fds: list[int]) -> None:
        kind, request = message["op"], message.get("id")
        if kind == "ready" and not self.ready.done():
            self.ready.set_result(int(message.get("pid", 0)))
        elif kind == "started" and request in self.pending:
            answer, pipes = self.pending.pop(request)
            pidfd = fds.pop(0) if fds else None
            assert pipes.stdin is not None
            quiz = ForkedQuiz(int(message["pid"]), pidfd, pipes.stdin, pipes.stdout, pipes.stderr)
            self.quizzes[request] = quiz  # before any "exited" for it can be read
            answer.set_result(quiz)
        elif kind == "started":  # for a tab that gave up waiting: nobody will drive this quiz
            with suppress(OSError):
                if fds:
                    signal.pidfd_send_signal(fds[0], signal.SIGKILL)
                else:
                    os.kill(int(message["pid"]), signal.SIGKILL)
        elif kind == "failed" and request in self.pending:
            answer, pipes = self.pending.pop(request)
            pipes.close()
            answer.set_exception(OSError(str(message.get("error", "no quiz was forked"))))
        elif kind == "exited" and request in self.quizzes:
            self.quizzes.pop(request).exited(int(message.get("status", -1)))
        elif kind == "note":
            log.info("%s", message.get("text", ""))
        wire.close_all(fds)

    # Asking for a quiz ----------------------------------------------------------------

    async def fork(self, changes: dict[str, str | None]) -> ForkedQuiz:
        """A quiz forked with these environment changes; ParentGone if the parent died first."""
        if not self.alive:
            raise ParentGone
        request = next(self._ids)
        stdin, stdout, stderr = os.pipe(), os.pipe(), os.pipe()  # each (read end, write end)
        theirs = [stdin[0], stdout[1], stderr[1]]
        pipes = _Pipes()
        answer: asyncio.Future[ForkedQuiz] = asyncio.get_running_loop().create_future()
        try:
            await pipes.connect(stdin[1], stdout[0], stderr[0])
            self.pending[request] = (answer, pipes)
            try:
                await self._send({"op": "start", "id": request, "env": changes}, theirs)
            finally:
                wire.close_all(theirs)  # the quiz's ends are the quiz's (or nobody's) now
                theirs = []
            return await asyncio.wait_for(asyncio.shield(answer), ANSWER_TIMEOUT)
        except TimeoutError:
            log.error(
                "The pre-warmed parent of the quizzes did not fork a quiz within %d seconds; "
                "it is stopped.",
                ANSWER_TIMEOUT,
            )
            with suppress(ProcessLookupError):
                self.process.kill()
            raise ParentGone from None
        except asyncio.CancelledError:  # the tab gave up at the moment its quiz came
            if answer.done() and not answer.cancelled() and answer.exception() is None:
                with suppress(ProcessLookupError):
                    answer.result().kill()
            raise
        finally:
            wire.close_all(theirs)
            if self.pending.pop(request, None) is not None:  # no quiz came (or will be taken)
                pipes.close()

    async def _send(self, message: dict[str, Any], fds: list[int]) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self.alive:
                raise ParentGone
            try:
                wire.send(self.channel, message, fds)
                return
            except BlockingIOError:  # the parent is busy (warming up, or forking others)
                writable = loop.create_future()
                loop.add_writer(self.channel, _settle, writable)
                try:
                    await asyncio.wait([writable, self.died], return_when=asyncio.FIRST_COMPLETED)
                finally:
                    loop.remove_writer(self.channel)
            except OSError:
                raise ParentGone from None

    # Its end ----------------------------------------------------------------------------

    def lost(self, grace: float = children.STOP_GRACE) -> None:
        """The channel closed or the process exited: fail what waits, end what it ran, and
        kill the process if it has not exited `grace` seconds later."""
        if not self.alive:
            return
        self.alive = False
        asyncio.get_running_loop().remove_reader(self.channel)
        self.channel.close()
        for answer, pipes in self.pending.values():
            pipes.close()
            answer.set_exception(ParentGone())
        self.pending.clear()
        if not self.ready.done():
            self.ready.set_exception(ParentGone())
            self.ready.exception()  # retrieved: whoever waits for it is told by `died`
        asyncio.ensure_future(self._bury(grace))

    async def _bury(self, grace: float) -> None:
        quizzes = list(self.quizzes.values())
        self.quizzes.clear()
        await asyncio.gather(*(quiz.gone_with_parent() for quiz in quizzes))
        try:
            status = await asyncio.wait_for(self.process.wait(), grace)
        except TimeoutError:
            with suppress(ProcessLookupError):
                self.process.kill()
            status = await self.process.wait()
        if self.reading is not None:  # its last words, for the terminal
            await asyncio.wait([self.reading], timeout=children.STOP_GRACE)
        self.died.set_result(status)

    async def read_errors(self) -> None:
        """Keep the end of the parent's error output; the parent is gone when it closes."""
        stream = self.process.stderr
        assert stream is not None
        with suppress(ConnectionError):
            while chunk := await stream.read(65_536):
                self.errors = (self.errors + chunk)[-MAX_ERROR_BYTES:]
        await self.process.wait()
        self.lost()


class PrewarmedParent:
    """The server's `Launcher` that forks each tab's quiz from one pre-warmed parent."""

    def __init__(
        self,
        command: Callable[[int], list[str]],
        environment: dict[str, str],
        fallback: children.Launcher,
    ) -> None:
        self.command = command
        """The parent's command, given the descriptor of its end of the channel."""
        self.environment = environment
        """textual-serve's environment for a served app, at the default size: the parent's own."""
        self.fallback = fallback
        """How tabs get a quiz once the server has given up on a parent."""
        self.parent: _Parent | None = None
        """The parent forking quizzes now (or starting up)."""
        self.given_up = False
        self.closing = False
        self._deaths: list[float] = []
        self._spawning: asyncio.Task[_Parent | None] | None = None

    async def open(self) -> None:
        """Start the parent and wait until it is ready (or give up on it, and say so)."""
        await self._current()

    async def start(self, environment: dict[str, str]) -> children.QuizProcess:
        """A quiz for one tab: forked if a parent is ready, else a process of its own."""
        changes: dict[str, str | None] = {
            name: value
            for name, value in environment.items()
            if self.environment.get(name) != value
        }
        changes.update({name: None for name in self.environment if name not in environment})
        for _ in range(2):  # once more, from a new parent, if this one dies before forking
            parent = await self._current()
            if parent is None:
                break
            with suppress(ParentGone):
                return await parent.fork(changes)
        if self.closing:
            raise OSError("the server is stopping")
        return await self.fallback.start(environment)

    async def close(self) -> None:
        """Stop the parent once every quiz has exited: it exits when its channel closes.

        A parent still starting up is stopped too, so that `open` returns at once."""
        self.closing = True
        parent = self.parent
        if parent is None:
            return
        parent.lost(grace=CLOSE_GRACE)  # it exits when its channel closes, unless it is stuck
        await parent.died

    async def _current(self) -> _Parent | None:
        """The parent to fork from, starting one if there is none; None once given up."""
        if self.given_up or self.closing:
            return None
        if self.parent is not None and self.parent.alive and self.parent.ready.done():
            return self.parent
        if self._spawning is None or self._spawning.done():
            self._spawning = asyncio.create_task(self._spawn())
        return await asyncio.shield(self._spawning)

    async def _spawn(self) -> _Parent | None:
        """Start a parent and wait for it to be ready; give up if it cannot be."""
        ours, theirs = wire.pair()
        try:
            process = await asyncio.create_subprocess_exec(
                *self.command(theirs.fileno()),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.PIPE,
                env=self.environment,
                pass_fds=(theirs.fileno(),),
                preexec_fn=children.die_with_this_process(),
                process_group=0,
            )
        except OSError as error:
            ours.close()
            self._give_up(f"it could not be started ({error.strerror or error})")
            return None
        finally:
            theirs.close()
        ours.setblocking(False)
        self.parent = parent = _Parent(process, ours)
        asyncio.get_running_loop().add_reader(ours, parent.readable)
        parent.reading = asyncio.ensure_future(parent.read_errors())
        if self.closing:  # the server began to stop while the parent was being started
            parent.lost(grace=CLOSE_GRACE)
            await parent.died
            return None
        try:
            pid = await asyncio.wait_for(asyncio.shield(parent.ready), READY_TIMEOUT)
        except (ParentGone, TimeoutError):
            parent.lost()
            with suppress(ProcessLookupError):
                process.kill()
            await parent.died
            if not self.closing:
                why = _last_line(parent.errors, process.returncode)
                self._give_up(f"it did not get ready ({why})")
            return None
        asyncio.ensure_future(self._watch(parent))
        log.info(
            "Quizzes are forked from a pre-warmed parent (process %d) that has Textual and "
            "the banks loaded.",
            pid,
        )
        return parent

    async def _watch(self, parent: _Parent) -> None:
        """Once a ready parent has died: say so, and start another (unless it keeps dying)."""
        status = await parent.died
        if self.closing:
            return
        now = time.monotonic()
        self._deaths = [t for t in self._deaths if now - t < GIVE_UP_WINDOW] + [now]
        said = (
            f"The pre-warmed parent of the quizzes stopped ({_last_line(parent.errors, status)}); "
            "the quizzes it had started ended with it"
        )
        if len(self._deaths) >= GIVE_UP_AFTER:
            log.error("%s.", said)
            self._give_up(f"it stopped {GIVE_UP_AFTER} times in a minute")
            return
        log.error("%s. Starting a new one.", said)
        await self._current()

    def _give_up(self, why: str) -> None:
        self.given_up = True
        log.error(
            "No pre-warmed parent for the quizzes: %s. Each tab now gets a process of its own "
            "(slower to start).",
            why,
        )


def _settle(future: asyncio.Future[None]) -> None:
    """Resolve `future` (a descriptor is ready), once."""
    if not future.done():
        future.set_result(None)


def _last_line(errors: bytes, status: int | None) -> str:
    """The parent's last line of error output, or how it ended."""
    from quizapp.serve.notices import last_line

    line = last_line(errors.decode("utf-8", "replace")) if errors.strip() else ""
    if line:
        return line
    if status is not None and status < 0:
        with suppress(ValueError):
            return f"killed by {signal.Signals(-status).name}"
    return f"exit status {status}"
