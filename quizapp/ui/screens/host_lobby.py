"""The lobby: the room's code, big, how to join, and who has joined so far (live)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Static

from quizapp.text.wording import plural
from quizapp.ui.screens.host_common import RoomScreen
from quizapp.ui.text import literal, template
from quizapp.ui.widgets.key_bar import KeyBar
from quizapp.ui.widgets.room_code import RoomCode

if TYPE_CHECKING:
    from quizapp.ui.host_app import RoomNow


def not_joined(roster: tuple[str, ...], names: list[str]) -> list[str]:
    """Names on the class list that have not joined yet (matched as names are everywhere)."""
    from quizapp.text.names import name_key

    joined = {name_key(n) for n in names}
    return [n for n in roster if name_key(n) not in joined]


class HostLobbyScreen(RoomScreen):
    """Waits for the class; Enter (or n) opens the first question."""

    BINDINGS = [
        Binding("enter,n", "start", "Start the first question", key_display="Enter/n"),
        Binding("q", "app.quit", "Quit (the room stays open)"),
    ]

    def __init__(self, room: RoomNow, *, left_out: int = 0) -> None:
        super().__init__()
        self.room = room
        self.left_out = left_out

    def compose(self) -> ComposeResult:
        state = self.room.state
        with Vertical(id="lobby"):
            yield Static(
                template("[b]$title[/b] · $count", title=state.title, count=_count(state.count)),
                id="lobby-title",
            )
            with Center():
                yield RoomCode(state.code, id="room-code")
            yield Static(
                template(
                    "Join with [b]quizapp join $code[/b] — or open the class's quiz page "
                    "and type the code [b]$code[/b]",
                    code=state.code,
                ),
                id="how-to-join",
            )
            yield Static(id="joined-count", classes="heading")
            yield Static(id="joined-names")
            yield Static(id="not-joined")
            if self.left_out:
                yield Static(
                    literal(
                        f"{plural(self.left_out, 'cloze or match question')} left out: "
                        "too slow for a whole room at once."
                    ),
                    id="left-out",
                )
        yield self.problem_line()
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_room(self.room)

    def show_room(self, room: RoomNow) -> None:
        """Who has joined, as they arrive."""
        self.room = room
        names = room.names
        self.query_one("#joined-count", Static).update(
            literal(f"Joined: {len(names)}" if names else "Waiting for the class to join…")
        )
        self.query_one("#joined-names", Static).update(literal("  ·  ".join(names)))
        missing = not_joined(room.state.roster, names)
        waiting = self.query_one("#not-joined", Static)
        waiting.display = bool(missing)
        waiting.update(literal(f"Not joined yet ({len(missing)}): {', '.join(missing)}"))

    def action_start(self) -> None:
        self.host_app.next_question()


def _count(count: int) -> str:
    return plural(count, "question")
