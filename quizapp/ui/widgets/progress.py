"""The line at the top of a round: where you are, a bar, the clock, score and streak.

One Static drawn as one line of text rather than labels and a ProgressBar
(five widgets, one of them animated): an answer changes the score and the
bar, and redrawing a line of fixed size never makes the screen lay itself
out again, so the verdict reaches the screen in the same frame.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual.widgets import Static

from quizapp.engine.scoring import Scoring
from quizapp.engine.session import Mode, QuizSession
from quizapp.text.wording import format_points, plural
from quizapp.ui.text import in_style, literal

if TYPE_CHECKING:
    from textual.content import Content
    from textual.events import Resize

SCORE_WIDTH = 26
"""The score keeps one width, so the bar does not jump as the score grows."""
BAR = "━"
DONE_STYLE = "$accent"
LEFT_STYLE = "$foreground 25%"
RUNNING_OUT_STYLE = "bold on $warning-muted"


def position_text(session: QuizSession) -> str:
    """ "Question 3 of 30", or how many missed questions come back."""
    asked = session.current
    if asked is not None and asked.retry:
        return f"Again: {plural(session.retries_left, 'missed question')} left"
    if asked is not None:
        return f"Question {asked.number} of {session.total}"
    return f"Done: {session.total} of {session.total}"


def score_text(session: QuizSession) -> str:
    if session.mode is Mode.TEST:
        return "Test mode: results at the end"
    if session.options.scoring is Scoring.SPEED:
        return f"Score {session.score:,.0f} · Streak {session.streak}"
    if session.answered_first_tries == 0:
        return "Score 0 · Streak 0"
    return (
        f"Score {format_points(session.points)}/{format_points(session.points_answered)}"
        f" · Streak {session.streak}"
    )


def bar(width: int, done: int, total: int) -> Content:
    """`width` cells of bar, the answered share in the accent colour (the words say it too)."""
    if width <= 0:
        return literal("")
    filled = round(width * done / total) if total else 0
    return in_style(BAR * filled, DONE_STYLE) + in_style(BAR * (width - filled), LEFT_STYLE)


class RoundProgress(Static):
    """ "Question 3 of 30 ━━━━━━━━━━  ⏱ 12s  Score 2/2 · Streak 2"."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(markup=False, id=id)
        self._position = ""
        self._score = ""
        self._done = 0
        self._total = 0
        self._seconds: int | None = None

    @property
    def clock_text(self) -> str:
        """What the countdown says ("⏱ 12s"), or "" for an untimed question."""
        return "" if self._seconds is None else f"⏱ {self._seconds}s"

    def show_time_left(self, seconds: float | None) -> None:
        """The countdown of a timed question; none when untimed."""
        shown = None if seconds is None else max(0, math.ceil(seconds))
        if shown != self._seconds:
            self._seconds = shown
            self._redraw()

    def update_from(self, session: QuizSession) -> None:
        """Show the session's current state."""
        state = (
            position_text(session),
            score_text(session),
            session.answered_first_tries,
            session.total,
        )
        if state != (self._position, self._score, self._done, self._total):
            self._position, self._score, self._done, self._total = state
            self._redraw()

    def on_resize(self, event: Resize) -> None:
        self._redraw()

    def _redraw(self) -> None:
        self.update(self.line(self.content_region.width), layout=False)

    def line(self, width: int) -> Content:
        """The whole line at `width` cells: the bar takes what the words leave."""
        position = in_style(self._position, "bold")
        clock = literal("")
        if self._seconds is not None:
            style = RUNNING_OUT_STYLE if self._seconds <= 5 else "bold"
            clock = literal("  ") + in_style(f" {self.clock_text} ", style)
        score = literal(self._score)
        score = literal(" " * max(0, SCORE_WIDTH - score.cell_length)) + score
        words = position.cell_length + clock.cell_length + score.cell_length
        room = width - words - 4
        gap = literal("  ")
        if room < 4:  # narrow: the words matter more than the bar
            return position + clock + gap + literal(self._score)
        return position + gap + bar(room, self._done, self._total) + clock + gap + score
