"""What the host's screens share: the app they drive, and the keys every one of them has."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.widgets import Static

from quizapp.text.wording import plural
from quizapp.ui.text import literal

if TYPE_CHECKING:
    from quizapp.ui.host_app import HostApp, RoomNow


class RoomScreen(Screen[None]):
    """A screen of the host's app (lobby, question, reveal, summary)."""

    @property
    def host_app(self) -> HostApp:
        return cast("HostApp", self.app)

    def problem_line(self) -> Static:
        """A line, hidden until the store cannot be reached (composed by every screen)."""
        line = Static(classes="room-problem")
        line.display = False
        return line

    def show_problem(self, problem: str) -> None:
        """Say what went wrong with the store ('' hides the line)."""
        for line in self.query(".room-problem").results(Static):
            line.display = bool(problem)
            line.update(literal(f"⚠ {problem}"))

    def show_room(self, room: RoomNow) -> None:
        """Redraw from a new reading of the room (each screen shows what it needs of it)."""

    def action_end_room(self) -> None:
        """`e`: end the room early (asked first)."""
        self.host_app.confirm_end()


def position_line(position: int, count: int) -> str:
    """`Question 3 of 12`."""
    return f"Question {position + 1} of {count}"


def answers_in(given: int, players: int) -> str:
    """`Answers in: 7 of 9`."""
    return f"Answers in: {given} of {plural(players, 'student')}"
