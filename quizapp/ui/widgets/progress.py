"""The line at the top of a round: where you are, score and streak."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

from quizapp.engine.scoring import Scoring
from quizapp.engine.session import Mode, QuizSession
from quizapp.text.wording import format_points, plural
from quizapp.ui.text import literal


class RoundProgress(Horizontal):
    """ "Question 3 of 30", a progress bar, then score and streak."""

    def compose(self) -> ComposeResult:
        yield Label(id="position", markup=False)
        yield ProgressBar(show_eta=False, show_percentage=False, id="bar")
        yield Label(id="clock", markup=False)
        yield Label(id="score", markup=False)

    def show_time_left(self, seconds: float | None) -> None:
        """The countdown of a timed question ("⏱ 12s"); hidden when untimed."""
        clock = self.query_one("#clock", Label)
        if clock.display != (seconds is not None):
            clock.display = seconds is not None
        if seconds is not None:
            clock.update(literal(f"⏱ {math.ceil(seconds)}s"))
            clock.set_class(seconds <= 5, "running-out")

    def update_from(self, session: QuizSession) -> None:
        """Show the session's current state."""
        asked = session.current
        if asked is not None and asked.retry:
            left = session.retries_left
            position = f"Again: {plural(left, 'missed question')} left"
        elif asked is not None:
            position = f"Question {asked.number} of {session.total}"
        else:
            position = f"Done: {session.total} of {session.total}"
        self.query_one("#position", Label).update(literal(position))
        self.query_one("#bar", ProgressBar).update(
            total=session.total, progress=session.answered_first_tries
        )
        if session.mode is Mode.TEST:
            score = "Test mode: results at the end"
        elif session.options.scoring is Scoring.SPEED:
            score = f"Score {session.score:,.0f} · Streak {session.streak}"
        elif session.answered_first_tries == 0:
            score = "Score 0 · Streak 0"
        else:
            score = (
                f"Score {format_points(session.points)}/{format_points(session.points_answered)}"
                f" · Streak {session.streak}"
            )
        self.query_one("#score", Label).update(literal(score))
