"""`quizapp preview`'s app, and `make_preview_app`, the one factory that builds it.

An author's tool, not a student's: one screen (`PreviewScreen`) over a bank
file being edited, with no start screen, no student and no results store.
Nothing is saved, and not by a switch someone could forget to turn: the
app has no saver at all, and its rounds have no recorder.
"""

from __future__ import annotations

import time

from textual.binding import Binding
from textual.screen import Screen

from quizapp.bank.watch import BankCheck, BankWatch
from quizapp.engine.session import Clock
from quizapp.ui.base_app import QuizappApp
from quizapp.ui.screens.preview import PreviewScreen


class PreviewApp(QuizappApp[None]):
    """One question of a bank at a time, following every save of the file."""

    CSS_PATH = [
        "app.tcss",
        *(f"screens/{name}.tcss" for name in ("dialogs", "question", "preview")),
    ]
    """Every stylesheet the preview's screens use, read once before the first frame."""
    TITLE = "quizapp preview"

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        bank: BankWatch,
        check: BankCheck,
        question_id: str | None = None,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        super().__init__()
        if check.deck is None:
            raise ValueError("the preview starts from a bank that loads")
        self.bank = bank
        self.first_check = check
        """The first reading of the bank (valid)."""
        self.question_id = question_id
        """The question to open on; None for the first."""
        self.clock = clock

    def get_default_screen(self) -> Screen[None]:
        return PreviewScreen(self.bank, self.first_check, self.question_id, clock=self.clock)


def make_preview_app(
    bank: BankWatch,
    check: BankCheck,
    question_id: str | None = None,
    *,
    clock: Clock = time.monotonic,
) -> PreviewApp:
    """The preview of `bank`, first read as `check` (valid), open on `question_id` or the first."""
    return PreviewApp(bank, check, question_id, clock=clock)
