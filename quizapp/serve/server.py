"""The web server: the page, its files, and one websocket (one quiz) per browser tab.

It replaces textual-serve's `Server` (whose page, routes, message loop and
shutdown are all changed here) and keeps textual-serve's static files and
its `AppService`, through `QuizSession`. What a tab can reach:

* `GET /`: the page (`templates/index.html`), which loads only from here;
* `GET /static/...`: textual-serve's script, style sheet, font and image;
  no directory listings;
* `GET /ws`: the websocket that runs one quiz, or, without a websocket
  upgrade, a one-line 426 error. textual-serve's `/download` route is gone:
  the quiz delivers no files.

Each tab's quiz comes from the server's launcher: forked by the pre-warmed
parent (`quizapp.serve.forked`), or a process of its own (`children`). The
server says it is serving once the launcher is ready, so the first tab opens
as fast as the rest.

Stopping (Ctrl+C, SIGTERM, the terminal closing) tells every tab, stops every
quiz (`children.stop`), then the launcher, and returns only once each has exited.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
import textual_serve
from aiohttp import web
from textual_serve.download_manager import DownloadManager

from quizapp.serve import children, notices
from quizapp.serve.limits import Limits
from quizapp.serve.room import Room
from quizapp.serve.session import QuizSession
from quizapp.text.safe import echo
from quizapp.text.wording import plural

log = logging.getLogger("quizapp.serve")

STATIC = Path(textual_serve.__file__).parent / "static"
"""textual-serve's files for the page: textual.js (xterm.js), xterm.css, the font, an image."""
TEMPLATES = Path(__file__).parent / "templates"

HEARTBEAT = 15.0
"""Seconds between websocket pings (textual-serve's): a tab that stops answering is closed."""

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Ctrl+C, a polite kill, and the teacher's terminal closing."""


class QuizServer:
    """Serves one quiz per tab on `host`:`port`, within `limits`: each from `launcher`, or
    from `command` run through the shell."""

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        limits: Limits,
        title: str = "quizapp",
        launcher: children.Launcher | None = None,
    ):
        self.command = command
        self.launcher = launcher or children.OneProcessPerTab(command)
        self.host = host
        self.port = port
        self.limits = limits
        self.title = title
        self.room = Room(limits.max_sessions)
        self.download_manager = DownloadManager()

    def run(self, announce: Callable[[], None]) -> int:
        """Serve until stopped; `announce` is called once the port is listening. The exit status."""
        logging.basicConfig(
            level=logging.INFO, format="[%(asctime)s] %(message)s", datefmt="%H:%M:%S"
        )
        return asyncio.run(self._serve(announce))

    async def _serve(self, announce: Callable[[], None]) -> int:
        loop = asyncio.get_running_loop()
        stopping = asyncio.Event()
        for number in STOP_SIGNALS:
            loop.add_signal_handler(number, stopping.set)
        runner = web.AppRunner(
            self.make_app(),
            handle_signals=False,
            access_log=None,
            shutdown_timeout=children.STOP_GRACE,
        )
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as error:
            await runner.cleanup()
            echo(
                f"quizapp: error: cannot listen on {self.host}:{self.port}: "
                f"{error.strerror or error}",
                err=True,
            )
            return 1
        opening = asyncio.ensure_future(self.launcher.open())
        waiting = asyncio.ensure_future(stopping.wait())
        await asyncio.wait([opening, waiting], return_when=asyncio.FIRST_COMPLETED)
        if opening.done():
            announce()
            await waiting
        log.info("Stopping: %d quizzes to stop.", self.room.occupied)
        await runner.cleanup()  # runs _stop_every_quiz, then closes what is left
        await self.launcher.close()
        await asyncio.wait([opening])
        log.info("Stopped: every quiz has exited.")
        return 0

    def make_app(self) -> web.Application:
        """The aiohttp application: three routes and a shutdown hook."""
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES))
        app.add_routes(
            [
                web.get("/", self.handle_index),
                web.get("/ws", self.handle_websocket),
                web.static("/static", STATIC, show_index=False),
            ]
        )
        app.on_shutdown.append(self._stop_every_quiz)
        return app

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page; `?fontsize=N` sets the terminal's font (8 to 48 pixels)."""
        font_size = _whole(request.query.get("fontsize", ""), default=16, low=8, high=48)
        context: dict[str, Any] = {"title": self.title, "font_size": font_size}
        return aiohttp_jinja2.render_template("index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """One tab: a quiz if there is room, else a close frame saying why not."""
        websocket = web.WebSocketResponse(
            heartbeat=HEARTBEAT,
            max_msg_size=self.limits.max_message_bytes,
            timeout=children.STOP_GRACE,
        )
        if not websocket.can_prepare(request).ok:
            raise web.HTTPUpgradeRequired(
                text="This address is the quiz's websocket; open the quiz at / instead.\n",
                headers={"Upgrade": "websocket"},
            )
        await websocket.prepare(request)
        session = QuizSession(
            self.command, websocket, self.limits, self.download_manager, self.launcher
        )
        if not self.room.enter(session):
            if not self.room.closing:
                log.warning(
                    "The room is full (%s): a tab from %s was turned away.",
                    plural(self.room.capacity, "quiz", "quizzes"),
                    request.remote,
                )
            await session.close_tab(notices.ROOM_FULL, notices.room_full(self.room.capacity))
            return websocket
        log.info(
            "A quiz started for %s (%d of %d running).",
            request.remote,
            self.room.occupied,
            self.room.capacity,
        )
        try:
            width, height = self.limits.first_screen(
                request.query.get("width"), request.query.get("height")
            )
            await session.start(width, height)
            await session.relay_browser()
        except OSError as error:  # no process at all: out of memory, or of processes
            log.error("A quiz could not be started: %s", error)
            await session.close_tab(notices.QUIZ_FAILED, notices.could_not_start(str(error)))
        finally:
            try:
                await session.stop()
            finally:
                self.room.leave(session)
                log.info("A quiz ended (%d of %d running).", self.room.occupied, self.room.capacity)
        return websocket

    async def _stop_every_quiz(self, app: web.Application) -> None:
        await self.room.close()


def _whole(text: str, default: int, low: int, high: int) -> int:
    """`text` as a whole number within [low, high], or `default` if it is none."""
    try:
        return min(max(int(text), low), high)
    except ValueError:
        return default
