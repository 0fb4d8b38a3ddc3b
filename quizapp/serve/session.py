"""One browser tab's quiz: its process, what the tab may send it, how the tab hears it ended.

Built on textual-serve's `AppService`, which speaks the protocol of Textual's
web driver (the packets on the quiz's stdin and stdout). What this adds:

* the tab's messages are read here, not by textual-serve's server: anything
  that is not a well-formed message is ignored (never a traceback in the
  teacher's terminal), keystrokes pass through an `InputBudget`, screen
  sizes are clamped and passed on at most every `Limits.resize_interval`;
* the quiz is started by the server's launcher (forked by the pre-warmed
  parent, `quizapp.serve.forked`, or a process of its own, `children`; either
  way it dies with the server) and stopped with `children.stop` (SIGTERM,
  then SIGKILL), never by writing to a pipe the quiz may no longer read;
* a quiz that exits before it draws, or with an error, closes the tab's
  websocket with a reason the page shows, instead of leaving it blank.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from contextlib import suppress

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from quizapp.serve import children, notices
from quizapp.serve.limits import InputBudget, Limits

log = logging.getLogger("quizapp.serve")

START_TIMEOUT = 60.0
"""Seconds a quiz may take to draw: 60 tabs opened at once on 2 cores take ~10 when
forked from the pre-warmed parent, and more than twice that with a process per tab."""

PRELUDE = b"__GANGLION__\n"
"""What Textual's web driver prints before its first frame (textual-serve waits for it too)."""

MAX_ERROR_BYTES = 16_384
"""How much of a quiz's error output is kept for the teacher's terminal: its end."""


class QuizSession(AppService):
    """One tab's quiz process, fed only what the limits allow."""

    def __init__(
        self,
        command: str,
        websocket: web.WebSocketResponse,
        limits: Limits,
        download_manager: DownloadManager,
        launcher: children.Launcher | None = None,
    ) -> None:
        super().__init__(
            command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=self._close_normally,
            download_manager=download_manager,
        )
        self.websocket = websocket
        """The tab."""
        self.launcher = launcher or children.OneProcessPerTab(command)
        """Where the quiz process comes from."""
        self.process: children.QuizProcess | None = None
        """The quiz, once started."""
        self.limits = limits
        self.budget = InputBudget(limits.input_burst, limits.input_rate)
        """How much more the tab may type now."""
        self.dropped = 0
        """Characters the tab sent beyond its budget."""
        self.started = False
        """Whether the quiz printed Textual's prelude (it is about to draw)."""
        self._said_exit = False
        self._stopping = False
        self._launch: asyncio.Task[children.QuizProcess] | None = None
        self._stop_task: asyncio.Future[None] | None = None
        self._errors_task: asyncio.Task[str] | None = None
        self._pending_size: tuple[int, int] | None = None
        self._resizer: asyncio.Task[None] | None = None
        self._resized_at = -math.inf

    # The process ---------------------------------------------------------------

    async def _open_quiz_process(self, width: int, height: int) -> children.QuizProcess:
        environment = self._build_environment(width=width, height=height)
        self.process = process = await self.launcher.start(environment)
        assert process.stdin is not None and process.stderr is not None
        self._stdin = process.stdin
        self._errors_task = asyncio.create_task(_tail(process.stderr, MAX_ERROR_BYTES))
        return process

    async def start(self, width: int, height: int) -> None:
        """Start the quiz at a clamped size, and the task relaying its screen to the tab."""
        self._launch = launch = asyncio.create_task(self._open_quiz_process(width, height))
        await asyncio.wait([launch])
        if launch.cancelled():  # `stop` gave up waiting for it
            return
        launch.result()  # an OSError if there is no quiz
        if not self._stopping:  # `stop` may have begun while the process was starting
            self._task = asyncio.create_task(self.run())

    async def stop(self) -> None:
        """Stop the quiz and wait for it (any number of callers, one stop)."""
        if self._stop_task is None:
            self._stop_task = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stop_task)

    async def _stop(self) -> None:
        self._stopping = True
        if self._resizer is not None:
            self._resizer.cancel()
        if self._launch is not None:
            # A quiz being started is waited for, to be stopped; one that takes longer than a
            # start does (a pre-warmed parent that is stuck) is given up, and gets no quiz.
            await asyncio.wait([self._launch], timeout=children.STOP_GRACE)
            if not self._launch.done():
                self._launch.cancel()
                await asyncio.wait([self._launch])
        process = self.process
        if process is None:
            return  # it never started
        if self._task is not None:
            if process.returncode is not None:  # the relay is telling the tab how it ended
                await asyncio.wait([self._task], timeout=children.STOP_GRACE)
            self._task.cancel()  # it may be stuck sending to a tab that reads nothing
            await asyncio.wait([self._task])
        assert process.stdout is not None
        discarding = asyncio.create_task(_discard(process.stdout))
        await children.stop(process, ending=self._said_exit)
        await asyncio.wait([discarding, *([self._errors_task] if self._errors_task else [])])
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)

    async def close_tab(self, code: int, reason: str) -> None:
        """Close the tab's websocket with a reason for the page, waiting at most STOP_GRACE."""
        with suppress(TimeoutError, ConnectionError):
            await asyncio.wait_for(
                self.websocket.close(code=code, message=reason.encode("utf-8")),
                children.STOP_GRACE,
            )

    async def _close_normally(self) -> None:
        await self.close_tab(WSCloseCode.OK, "")

    async def end(self, code: int, reason: str) -> None:
        """Close the tab and stop the quiz, at once (the server is stopping)."""
        await asyncio.gather(self.close_tab(code, reason), self.stop())

    # The quiz's screen, to the tab ----------------------------------------------

    async def run(self) -> None:
        """Relay the quiz's packets to the tab until it exits; then tell the tab how it ended."""
        process = self.process
        assert process is not None and process.stdout is not None
        stdout = process.stdout
        timed_out = False
        try:
            self.started = await asyncio.wait_for(_wait_for_prelude(stdout), START_TIMEOUT)
            if self.started:
                await self._relay_packets(stdout)
        except TimeoutError:
            timed_out = True
            with suppress(ProcessLookupError):
                process.kill()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass  # the quiz exited mid-packet, or the tab went away
        await _discard(stdout)
        status = await process.wait()
        errors = await asyncio.shield(self._errors_task) if self._errors_task else ""
        if self._stopping:
            return
        if timed_out:
            log.error("A quiz did not start within %d seconds and was stopped.", START_TIMEOUT)
            await self.close_tab(
                notices.QUIZ_FAILED, notices.could_not_start("it did not start in time")
            )
        elif getattr(process, "ended_with_parent", False):
            await self.close_tab(notices.QUIZ_FAILED, notices.parent_stopped())
        elif not self.started:
            log.error("A quiz could not start (exit status %s):\n%s", status, _indent(errors))
            await self.close_tab(notices.QUIZ_FAILED, notices.could_not_start(errors))
        elif status != 0:
            log.error("A quiz stopped with exit status %s:\n%s", status, _indent(errors))
            await self.close_tab(notices.QUIZ_FAILED, notices.stopped_with_error(errors))
        else:
            await self._close_normally()

    async def _relay_packets(self, stdout: asyncio.StreamReader) -> None:
        """textual-serve's packet loop: data to the tab's screen, meta handled here."""
        while True:
            kind = await stdout.readexactly(1)
            size = int.from_bytes(await stdout.readexactly(4), "big")
            payload = await stdout.readexactly(size)
            if kind == b"D":
                await self.on_data(payload)
            elif kind == b"M":
                await self.on_meta(payload)
            elif kind == b"P":
                await self.on_packed(payload)

    async def on_meta(self, data: bytes) -> None:
        """As textual-serve, except that "exit" waits for the process: its exit
        status decides whether the tab is told of an error."""
        try:
            meta = json.loads(data)
        except ValueError:
            return
        if isinstance(meta, dict) and meta.get("type") == "exit":
            self._said_exit = True
            return
        await super().on_meta(data)

    # The tab's messages, to the quiz --------------------------------------------

    async def relay_browser(self) -> None:
        """Read the tab's messages until it closes, passing on only what the limits allow."""
        async for message in self.websocket:
            if message.type is not WSMsgType.TEXT:
                continue
            envelope = _envelope(message.data)
            if envelope is None:
                continue
            kind, payload = envelope
            if kind == "stdin":
                await self._type(payload)
            elif kind == "resize":
                self._resize(payload)
            elif kind == "ping":
                await self._pong(payload)
            elif kind in ("focus", "blur") and self.budget.allow(1):
                await self.send_meta({"type": kind})

    async def _type(self, keys: object) -> None:
        if not isinstance(keys, str) or not keys:
            return
        if self.budget.allow_keys(keys):
            await self.send_bytes(keys.encode("utf-8", "replace"))
            return
        if not self.dropped:
            log.warning(
                "A browser tab is sending more than anyone types (over %d characters at once, "
                "or %d a second); the extra input is dropped.",
                self.limits.input_burst,
                self.limits.input_rate,
            )
        self.dropped += len(keys)

    def _resize(self, payload: object) -> None:
        if not isinstance(payload, dict):
            return
        size = self.limits.screen(payload.get("width"), payload.get("height"))
        if size is None:
            return
        self._pending_size = size
        if self._resizer is None or self._resizer.done():
            self._resizer = asyncio.create_task(self._pass_on_sizes())

    async def _pass_on_sizes(self) -> None:
        """Send the latest size asked for, at most once every `resize_interval`."""
        loop = asyncio.get_running_loop()
        while (size := self._pending_size) is not None:
            wait = self._resized_at + self.limits.resize_interval - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
                continue  # a newer size may have come meanwhile
            self._pending_size = None
            self._resized_at = loop.time()
            await self.set_terminal_size(*size)

    async def _pong(self, payload: object) -> None:
        short = isinstance(payload, str) and len(payload) <= self.limits.max_ping_characters
        if short and self.budget.allow(1):
            with suppress(ConnectionError):
                await self.websocket.send_json(["pong", payload])

    async def send_bytes(self, data: bytes) -> bool:
        """Keys for the quiz, unless it is gone (a closed pipe is not written to)."""
        return await self._write_packet(self.encode_packet(b"D", data))

    async def send_meta(self, data: dict[str, str | None | int | bool]) -> bool:
        """A meta packet for the quiz, unless it is gone."""
        return await self._write_packet(self.encode_packet(b"M", json.dumps(data).encode()))

    async def _write_packet(self, packet: bytes) -> bool:
        stdin = self._stdin
        if stdin is None or stdin.is_closing() or self._stopping or self._said_exit:
            return False
        stdin.write(packet)
        try:
            await stdin.drain()  # a quiz that reads slowly slows its own tab, nobody else
        except ConnectionError:
            return False
        return True


def served_environment(width: int = 80, height: int = 24) -> dict[str, str]:
    """The environment textual-serve gives a served app: this process's, with the web driver,
    truecolor, 60 frames a second and the screen size set (`AppService._build_environment`)."""
    service = AppService(
        "",
        write_bytes=_unused,
        write_str=_unused,
        close=_unused,
        download_manager=DownloadManager(),
    )
    return dict(service._build_environment(width=width, height=height))


async def _unused(*args: object) -> None:
    """For an AppService built only to ask it for its environment."""


def _envelope(text: str) -> tuple[str, object] | None:
    """A tab's message as (kind, payload), or None if it is not one."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    return envelope[0], envelope[1] if len(envelope) > 1 else None


async def _wait_for_prelude(stdout: asyncio.StreamReader) -> bool:
    """Whether the quiz printed Textual's prelude within its first lines (as textual-serve)."""
    for _ in range(10):
        line = await stdout.readline()
        if not line:
            return False
        if line == PRELUDE:
            return True
    return False


async def _discard(stream: asyncio.StreamReader) -> None:
    """Read a stream to its end: asyncio waits for the pipes to close before `wait` returns."""
    with suppress(ConnectionError):
        while await stream.read(65_536):
            pass


async def _tail(stream: asyncio.StreamReader, keep: int) -> str:
    """Everything a stream says, keeping only its last `keep` bytes."""
    kept = b""
    with suppress(ConnectionError):
        while chunk := await stream.read(65_536):
            kept = (kept + chunk)[-keep:]
    return kept.decode("utf-8", "replace")


def _indent(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.rstrip().splitlines()) or "    (no message)"
