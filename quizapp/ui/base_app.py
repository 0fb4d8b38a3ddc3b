"""What every quizapp app shares: no traceback (and none of its locals) on a student's screen.

Textual prints an unexpected error as a traceback with the values of local
variables, and those hold the deck's answers. quizapp's apps end instead
with one line naming a crash file (`quizapp.crash`), which keeps the stack
without any local variable for whoever looks after the machines.
"""

from __future__ import annotations

import sys

from textual.app import App, ReturnType

from quizapp.crash import crash_message
from quizapp.ui.text import literal


class QuizappApp(App[ReturnType]):
    """An App that fails politely."""

    def _fatal_error(self) -> None:
        """Textual's own fatal-error screen shows locals: say what happened, and where to look."""
        error = sys.exc_info()[1] or RuntimeError("unknown error")
        self.bell()
        self.panic(literal(crash_message(error)))
