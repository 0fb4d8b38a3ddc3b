"""Keypress to feedback on screen, in run_test: quizapp beside the minimal app.

The clock starts when the app receives the answering key and stops when the
compositor first paints a widget whose text now says the verdict ("✓
Correct", "✗ Not quite"…; the minimal app's "Correct 3"), both taken inside
the app, so the test harness's own waiting is not counted. quizapp answers
every question of the bundled deck (seed 1), in three rounds; the minimal app
(`bench/minimal_app.py`) answers as many times.

`python bench/answer_latency.py` prints one JSON line:
{"minimal": [ms, ...], "quizapp": [ms, ...]}.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402
from textual.widgets import Static  # noqa: E402

from bench.minimal_app import Minimal  # noqa: E402
from quizapp.bank import QuestionKind, find_bank_files, load_decks  # noqa: E402
from quizapp.engine.session import RoundOptions  # noqa: E402
from quizapp.ui.app import make_app  # noqa: E402
from quizapp.ui.base_app import QuizappApp  # noqa: E402

key_received: list[float] = []
feedback_drawn: list[float] = []

VERDICTS = ("✓ Correct", "✗ Not quite", "◐ Partly right", "⏱ Time is up", "↷ Skipped")
MINIMAL_VERDICT = "Correct "


def says_verdict(text: str) -> bool:
    return text.startswith(MINIMAL_VERDICT) or any(verdict in text for verdict in VERDICTS)


def instrument() -> None:
    """Time stamps at a key's first arrival, and when a Static first paints a new verdict.

    quizapp's app freezes what start-up built once its first screen is up, as
    it does in a terminal (headless apps skip that for the test suite's sake).
    """
    QuizappApp.FREEZE_ON_READY = True
    on_event = App.on_event
    render_lines = Static.render_lines

    async def timed_on_event(self: App[object], event: events.Event) -> None:
        if isinstance(event, events.Key) and not getattr(event, "_timed", False):
            event._timed = True  # the app sees a key twice (before and after bindings)
            key_received.append(time.perf_counter())
        await on_event(self, event)

    def timed_render_lines(self: Static, crop: object) -> object:
        lines = render_lines(self, crop)
        text = str(getattr(self.visual, "plain", ""))
        if text != getattr(self, "_timed_text", None):
            self._timed_text = text
            if says_verdict(text):
                feedback_drawn.append(time.perf_counter())
        return lines

    App.on_event = timed_on_event  # type: ignore[method-assign]
    Static.render_lines = timed_render_lines  # type: ignore[method-assign]


async def timed_key(pilot: object, key: str) -> float:
    """Press `key`; milliseconds from its arrival to the verdict painted."""
    drawn, keys = len(feedback_drawn), len(key_received)
    await pilot.press(key)  # type: ignore[attr-defined]
    while len(feedback_drawn) == drawn:
        await pilot.pause()  # type: ignore[attr-defined]
    return (feedback_drawn[drawn] - key_received[keys]) * 1000


async def minimal(answers: int) -> list[float]:
    app = Minimal()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        return [await timed_key(pilot, "1") for _ in range(answers)]


async def quizapp() -> list[float]:
    from quizapp.ui.screens.question import QuestionScreen

    deck = load_decks(find_bank_files([]))[0]
    app = make_app([deck], RoundOptions(seed=1), student_name="bench")
    timings = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        while isinstance(app.screen, QuestionScreen) and not app.screen.session.current.retry:
            kind = app.screen.session.current.question.kind
            if kind in (QuestionKind.TEXT, QuestionKind.NUMBER):
                await pilot.press(*"11")
                key = "enter"
            elif kind is QuestionKind.ORDER:
                await pilot.press("down", "d")
                key = "enter"
            elif kind is QuestionKind.MULTI:
                await pilot.press("1")
                key = "enter"
            elif kind in (QuestionKind.CLOZE, QuestionKind.MATCH):
                # Several keys to answer: the one key that brings a verdict is timed, a skip
                # (Esc first leaves a typed blank's box).
                await pilot.press("escape")
                key = "s"
            else:
                key = "1"
            timings.append(await timed_key(pilot, key))
            await pilot.press("enter")
    return timings


PASSES = 3
"""Rounds over the whole deck, each in a new app: a 95th percentile of 38 answers would be
their second slowest, one stray pause from a different verdict."""


async def measure() -> dict[str, list[float]]:
    instrument()
    ours = [ms for _ in range(PASSES) for ms in await quizapp()]
    return {"minimal": await minimal(len(ours)), "quizapp": ours}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure())))
