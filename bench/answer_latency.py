"""Keypress to feedback on screen, for every question of the bundled deck, in run_test.

The clock starts when the app receives the answering key and stops when the
compositor first paints a line saying the verdict ("✓ Correct", "✗ Not
quite"…), both taken inside the app, so the test harness's own waiting is
not counted. `python bench/answer_latency.py` prints the milliseconds, one
per answer, as a JSON list.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual import events  # noqa: E402
from textual.widgets import Static  # noqa: E402

from quizapp.bank import QuestionKind, find_bank_files, load_decks  # noqa: E402
from quizapp.engine.session import RoundOptions  # noqa: E402
from quizapp.ui.app import QuizApp, make_app  # noqa: E402
from quizapp.ui.screens.question import QuestionScreen  # noqa: E402

key_received: list[float] = []
feedback_drawn: list[float] = []


VERDICTS = ("✓ Correct", "✗ Not quite", "◐ Partly right", "⏱ Time is up", "↷ Skipped")


def says_verdict(widget: Static) -> bool:
    text = str(getattr(widget.visual, "plain", ""))
    return any(verdict in text for verdict in VERDICTS)


def instrument() -> None:
    """Time stamps at the key's first arrival and at the verdict's first paint."""
    on_event = QuizApp.on_event
    render_lines = Static.render_lines

    async def timed_on_event(self: QuizApp, event: events.Event) -> None:
        if isinstance(event, events.Key) and not getattr(event, "_timed", False):
            event._timed = True  # the app sees a key twice (before and after bindings)
            key_received.append(time.perf_counter())
        await on_event(self, event)

    def timed_render_lines(self: Static, crop: object) -> object:
        lines = render_lines(self, crop)
        if not getattr(self, "_painted", False) and says_verdict(self):
            self._painted = True
            feedback_drawn.append(time.perf_counter())
        return lines

    QuizApp.on_event = timed_on_event  # type: ignore[method-assign]
    Static.render_lines = timed_render_lines  # type: ignore[method-assign]


async def measure() -> list[float]:
    """Milliseconds from the answering key to the feedback drawn, per question."""
    instrument()
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
            else:
                key = "1"
            drawn = len(feedback_drawn)
            keys = len(key_received)
            await pilot.press(key)
            started = key_received[keys]
            while len(feedback_drawn) == drawn:
                await pilot.pause()
            timings.append((feedback_drawn[-1] - started) * 1000)
            await pilot.press("enter")
    return timings


if __name__ == "__main__":
    print(json.dumps(asyncio.run(measure())))
