"""The preview's list of what is wrong with the bank as last saved, one problem a line.

Problems quote the bank (`unknown key '[b]x'`), so each is shown literally.
The list is capped: the first problems are the ones to fix (a syntax error
stops the reading, so the rest follow once it is fixed), and `quizapp
validate` lists every one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizapp.bank.problems import Problem, Severity
from quizapp.ui.text import literal

if TYPE_CHECKING:
    from textual.content import Content

MAX_SHOWN = 20
"""Problems listed at most; a last line says how many more there are."""


def problem_lines(problems: Sequence[Problem], label: str) -> list[str]:
    """One line per problem (`FILE:LINE: message`), capped at `MAX_SHOWN`, with a tally."""
    lines = [str(problem) for problem in problems[:MAX_SHOWN]]
    hidden = len(problems) - MAX_SHOWN
    if hidden > 0:
        lines.append(f"… and {hidden} more: quizapp validate {label} lists them all")
    return lines


class ProblemsPanel(VerticalScroll, can_focus=False):
    """Errors that keep the last good version on screen, or warnings about the question shown.

    One Static of one line per problem (each made one line: a message never
    breaks the list), updated in place: no widgets come and go on a save.
    """

    def __init__(self) -> None:
        super().__init__(id="problems")
        self._lines = Static(classes="problem-lines")
        self.shown: tuple[str, ...] = ()
        """The lines on show, as text (for whoever needs to know, tests included)."""

    def compose(self) -> ComposeResult:
        yield self._lines

    def on_mount(self) -> None:
        self.display = False

    def show(self, problems: Sequence[Problem], label: str) -> None:
        """List `problems` (hidden when there are none); errors and warnings look different."""
        lines = tuple(problem_lines(problems, label))
        if lines == self.shown:
            return
        errors = any(p.severity is Severity.ERROR for p in problems)
        self.set_class(errors, "errors")
        self.set_class(not errors, "warnings")
        listing: Content = literal("\n").join(literal(line, lines=False) for line in lines)
        self._lines.update(listing)
        self.display = bool(lines)
        self.scroll_home(animate=False)
        self.shown = lines
