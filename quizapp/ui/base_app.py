"""What every quizapp app shares: no traceback (and none of its locals) on a student's screen.

Textual prints an unexpected error as a traceback with the values of local
variables, and those hold the deck's answers. quizapp's apps end instead
with one line naming a crash file (`quizapp.crash`), which keeps the stack
without any local variable for whoever looks after the machines.
"""

from __future__ import annotations

import gc
import sys
from typing import ClassVar

from textual.app import App, ReturnType

from quizapp.crash import crash_message
from quizapp.ui.text import literal


class QuizappApp(App[ReturnType]):
    """An App that fails politely, and does not pause to collect what it keeps."""

    FREEZE_ON_READY: ClassVar[bool | None] = None
    """Freeze what start-up built once the first screen is up: None for "unless headless".

    The benchmarks set it to True, so that an app in `run_test` is timed as a
    student's terminal runs it.
    """

    def on_ready(self) -> None:
        """Once the first screen is up, keep the garbage collector off what is already here.

        Everything alive now (Textual, the decks, the screens) stays for the
        whole session; without this, every full collection walks all of it,
        a pause of many milliseconds that lands on some keypress. Not in
        tests (headless), where one process runs many apps one after another.
        """
        freeze = self.FREEZE_ON_READY
        if freeze or (freeze is None and not self.is_headless):
            gc.freeze()
        gc.enable()  # off since `quizapp.launch`, so that start-up was not collected

    def _fatal_error(self) -> None:
        """Textual's own fatal-error screen shows locals: say what happened, and where to look."""
        error = sys.exc_info()[1] or RuntimeError("unknown error")
        self.bell()
        self.panic(literal(crash_message(error)))
