"""The baseline: the smallest Textual app that does what a quiz answer does.

A Header, a question Static, a verdict Static and a Footer; the `1` key
updates the verdict ("Correct 3"). Every speed figure of quizapp's UI is
judged against this app measured the same way in the same run, so what it
costs is Textual's (and the terminal's) floor, and anything above it is ours.

`python bench/minimal_app.py` runs it in the terminal; `Minimal` is imported
by the in-app benchmarks.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static


class Minimal(App[None]):
    """Question 1 of 1; `1` answers (again and again); `q` quits."""

    BINDINGS = [Binding("1", "answer", "Answer"), Binding("q", "quit", "Quit")]

    answers = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Question 1 of 1: which key answers?", id="question")
        yield Static("", id="verdict")
        yield Footer()

    def action_answer(self) -> None:
        self.answers += 1
        self.query_one("#verdict", Static).update(f"Correct {self.answers}")


if __name__ == "__main__":
    Minimal().run()
