"""The screens of a joined live room, one per phase, and `screen_for`, which picks one.

Each `RoomScreen` shows one view of the room (`quizapp.live.follow.RoomView`)
under a line saying where the student is ("Room KMTA · Ann · Question 3 of
12"). When the room changes, the app asks the screen on top whether the new
view is still its own (`shows`): then it updates in place (a pause, an
answer counted), else the app switches to `screen_for` the new view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quizapp.live.follow import RoomView
from quizapp.store.rooms import Phase
from quizapp.text.wording import format_points, plural
from quizapp.ui.text import literal
from quizapp.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quizapp.ui.join_app import JoinApp


def join_app(screen: Screen[None]) -> JoinApp:
    """The app a room screen belongs to (only `quizapp.ui.join_app` shows them)."""
    return cast("JoinApp", screen.app)


def student_name(screen: Screen[None]) -> str:
    """The joined student's name, as the store keeps it."""
    player = join_app(screen).player
    return player.player.name if player is not None else ""


def position_text(view: RoomView) -> str:
    """ "Question 3 of 12" (the room counts from 0)."""
    return f"Question {view.state.position + 1} of {view.state.count}"


class RoomScreen(Screen[None]):
    """One view of the room, with the room line on top and the keys at the bottom."""

    def __init__(self, view: RoomView) -> None:
        super().__init__()
        self.view = view
        self.room_line = Static(id="room-line", markup=False)
        self.trouble = Static(id="room-trouble", classes="saving-line", markup=False)

    def compose(self) -> ComposeResult:
        yield self.room_line
        yield self.trouble
        with VerticalScroll(id="room-body"):
            yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.trouble.display = False
        self.show_room_line()

    def room_line_text(self) -> str:
        parts = [f"Room {self.view.state.code}", student_name(self)]
        return " · ".join(part for part in parts if part)

    def show_room_line(self) -> None:
        self.room_line.update(literal(self.room_line_text()))

    def shows(self, view: RoomView) -> bool:
        """Whether `view` is this screen's to show (then `update_view`), not another's."""
        return False

    def update_view(self, view: RoomView) -> None:
        """The room changed, but this screen still shows it: draw what changed."""
        self.view = view
        self.show_room_line()

    def show_trouble(self, text: str) -> None:
        """A line while the store cannot be reached ('' once it can)."""
        self.trouble.update(literal(text))
        self.trouble.display = bool(text)


class WaitingScreen(RoomScreen):
    """The lobby: joined, waiting for the teacher's first question."""

    def compose_body(self) -> ComposeResult:
        yield Static(id="waiting", classes="room-message", markup=False)
        yield Static(id="players", classes="room-detail", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.update_view(self.view)

    def shows(self, view: RoomView) -> bool:
        return view.phase is Phase.LOBBY

    def update_view(self, view: RoomView) -> None:
        super().update_view(view)
        code, name = view.state.code, student_name(self)
        self.query_one("#waiting", Static).update(
            literal(
                f"Joined room {code} as {name} — waiting for the teacher to open a question",
            )
        )
        title = f"{view.state.title} · " if view.state.title else ""
        self.query_one("#players", Static).update(
            literal(f"{title}{plural(view.state.players, 'student')} in the room")
        )


class EndedScreen(RoomScreen):
    """The room is over: the student's score, and nothing more to wait for."""

    def compose_body(self) -> ComposeResult:
        view = self.view
        if view.gone:
            yield Static(literal("The room is gone: the teacher has removed it."), id="ended")
            return
        yield Static(literal("The teacher ended the room"), id="ended", classes="room-message")
        score = view.score
        if score is not None:
            answered = plural(score.answered, "answer")
            yield Static(
                literal(
                    f"Your score: {score.right} of {answered} right · "
                    f"{format_points(score.points)} of {format_points(score.max_points)} points"
                ),
                id="score",
            )
        yield Static(literal("Press Ctrl+Q to close."), classes="room-detail")

    def shows(self, view: RoomView) -> bool:
        return view.ended


def screen_for(view: RoomView) -> RoomScreen:
    """The screen that shows `view`."""
    if view.ended:
        return EndedScreen(view)
    if view.phase in (Phase.OPEN, Phase.PAUSED) and view.question is not None:
        from quizapp.ui.screens.join_question import LiveQuestionScreen

        return LiveQuestionScreen(view)
    if view.phase is Phase.REVEALED and view.question is not None:
        from quizapp.ui.screens.join_reveal import RevealScreen

        return RevealScreen(view)
    return WaitingScreen(view)
