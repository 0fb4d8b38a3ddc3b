"""A real browser: headless Chromium loads the served page, a student types a name and starts.

Driven over the Chrome DevTools Protocol with aiohttp (already installed with
textual-serve). Skipped when Debian's `chromium` is not on the machine.
"""

from __future__ import annotations

import asyncio
import base64
import io
import itertools
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest
from PIL import Image

from tests.test_serve import free_port, running_server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium package")

FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1100,800",
]


class DevTools:
    """The few DevTools Protocol calls the test needs."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.ids = itertools.count(1)

    async def call(self, method: str, **params: object) -> dict:
        message_id = next(self.ids)
        await self.socket.send_json({"id": message_id, "method": method, "params": params})
        while True:
            reply = json.loads((await self.socket.receive()).data)
            if reply.get("id") == message_id:
                return reply.get("result", {})

    async def press(self, text: str) -> None:
        for char in text:
            if char == "\r":
                for kind in ("keyDown", "keyUp"):
                    await self.call(
                        "Input.dispatchKeyEvent",
                        type=kind,
                        key="Enter",
                        code="Enter",
                        windowsVirtualKeyCode=13,
                        text="\r" if kind == "keyDown" else "",
                    )
            else:
                await self.call("Input.insertText", text=char)


DRAWN_BYTES = 10_000
"""A screenshot of the empty dark page is far smaller than one with text drawn on it."""


def lit_share_of_top_row(png: bytes) -> float:
    """How much of the top text row differs from the page background (the progress header)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    background = image.getpixel((image.width // 2, image.height // 2 + 40))
    row = [image.getpixel((x, 4)) for x in range(image.width)]
    return sum(1 for v in row if abs(v - background) > 6) / len(row)


async def screenshot_once(tools: DevTools, ready: Callable[[bytes], bool]) -> bytes:
    """Take screenshots until one satisfies `ready` (polling for what is drawn, with a hang guard)."""
    for _ in range(300):
        reply = await tools.call("Page.captureScreenshot", format="png")
        shot = base64.b64decode(reply.get("data", ""))  # no data while the page is loading
        if shot and ready(shot):
            return shot
        await asyncio.sleep(0.1)
    raise AssertionError("the page never drew what was expected")


def started_rounds(folder: Path, name: str) -> int:
    database = folder / "quizapp.db"
    if not database.exists():
        return 0
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT COUNT(*) FROM attempts t JOIN students s ON s.id = t.student_id WHERE s.name = ?",
            (name,),
        ).fetchone()[0]


async def test_headless_chromium_plays_the_served_quiz(tmp_path: Path) -> None:
    """The page loads, the terminal connects, typing a name starts a round, and a screenshot is taken."""
    data = tmp_path / "data"
    debug_port = free_port()
    with running_server(
        ["--data-dir", str(data), "--seed", "2", "--no-shuffle"], tmp_path
    ) as served:
        port = served.port
        browser = subprocess.Popen(
            [
                CHROMIUM,
                *FLAGS,
                f"--user-data-dir={tmp_path / 'profile'}",
                f"--remote-debugging-port={debug_port}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            async with aiohttp.ClientSession() as session:
                targets = []
                for _ in range(200):  # wait for DevTools to listen (a hang guard)
                    try:
                        async with session.get(f"http://127.0.0.1:{debug_port}/json") as reply:
                            targets = [t for t in await reply.json() if t["type"] == "page"]
                            if targets:
                                break
                    except aiohttp.ClientError:
                        pass
                    await asyncio.sleep(0.1)
                assert targets, "Chromium did not start"
                async with session.ws_connect(
                    targets[0]["webSocketDebuggerUrl"], max_msg_size=0
                ) as socket:
                    tools = DevTools(socket)
                    await tools.call("Page.enable")
                    await tools.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
                    start_screen = await screenshot_once(tools, lambda png: len(png) > DRAWN_BYTES)
                    await tools.call(
                        "Runtime.evaluate", expression="document.querySelector('textarea')?.focus()"
                    )
                    await tools.press("Cleo\r")
                    for _ in range(300):  # until the round is in the store (a hang guard)
                        if started_rounds(data, "Cleo"):
                            break
                        await asyncio.sleep(0.1)
                    assert started_rounds(data, "Cleo") == 1
                    # The question screen draws its progress header ("Question 1 of 38",
                    # the bar, the score) across the top row, where the start screen has none.
                    assert lit_share_of_top_row(start_screen) < 0.1
                    question = await screenshot_once(
                        tools, lambda png: lit_share_of_top_row(png) > 0.5
                    )
                    (tmp_path / "first-question.png").write_bytes(question)
        finally:
            browser.terminate()
            browser.wait(timeout=30)
