"""Launch an app headless until its first question is on screen, then exit.

`python bench/first_question.py quizapp [BANK ...]` plays quizapp (the start
screen, Enter, question 1); `... minimal` runs a minimal Textual app (a
Header, a Static, a Footer) the same way, as the baseline. It prints the
wall-clock time (time.time()) at which the question text was first painted
by the compositor, then the peak resident memory in kilobytes.
"""

from __future__ import annotations

import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

from textual.widgets import Static

painted: list[float] = []


def watch_paint(text: str) -> None:
    """Note when a Static showing `text` is first painted."""
    render_lines = Static.render_lines

    def timed(self: Static, crop: object) -> object:
        lines = render_lines(self, crop)
        if not painted and text in str(getattr(self.visual, "plain", "")):
            painted.append(time.time())
        return lines

    Static.render_lines = timed  # type: ignore[method-assign]


async def minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Question 1 of 1")
            yield Footer()

    watch_paint("Question 1 of")
    app = Minimal()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert "Question 1" in str(app.screen.query_one(Static).render())


async def quizapp(paths: list[str]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from quizapp.bank import find_bank_files, load_decks
    from quizapp.engine.session import RoundOptions
    from quizapp.store.results import ResultsStore
    from quizapp.ui.app import make_app
    from quizapp.ui.screens.question import QuestionScreen

    decks = load_decks(find_bank_files(paths))
    watch_paint("Question 1 of")
    with tempfile.TemporaryDirectory() as folder:
        store = ResultsStore.open(Path(folder))
        app = make_app(decks[:1], RoundOptions(seed=1), store=store, student_name="bench")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            assert isinstance(app.screen, QuestionScreen)
            assert app.screen.session.current.number == 1
        store.close()


if __name__ == "__main__":
    if sys.argv[1] == "minimal":
        asyncio.run(minimal())
    else:
        asyncio.run(quizapp(sys.argv[2:]))
    print(painted[0])
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
