"""The question everyone answers: prompt, lettered choices, the clock, and answers coming in.

Shows only what the students see (the room's public question), so the
teacher can project it without giving anything away. With a time limit a
countdown runs from the room's own clock; when it reaches zero the answer
is revealed by itself.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from quizapp.store.clock import Now
from quizapp.store.rooms import Phase, RoomState
from quizapp.ui.screens.host_common import RoomScreen, answers_in, position_line
from quizapp.ui.text import literal, template
from quizapp.ui.widgets.answers import LETTERS
from quizapp.ui.widgets.key_bar import KeyBar
from quizapp.ui.widgets.room_code import spaced

if TYPE_CHECKING:
    from quizapp.ui.host_app import RoomNow

TICK_SECONDS = 0.25


def seconds_left(state: RoomState, now: dt.datetime) -> float | None:
    """Seconds until the question closes (None: no time limit); frozen while paused."""
    if not state.closes_at:
        return None
    closes = dt.datetime.fromisoformat(state.closes_at)
    at = now
    if state.phase is Phase.PAUSED and state.paused_at:
        at = dt.datetime.fromisoformat(state.paused_at)
    return max(0.0, (closes - at).total_seconds())


def clock_text(left: float) -> str:
    """`0:27`: whole seconds, rounded up (the clock shows 0:00 only when time is up)."""
    whole = math.ceil(left)
    return f"{whole // 60}:{whole % 60:02d}"


def option_lines(shown: dict[str, Any]) -> list[str]:
    """What the room answers with: lettered choices, the items to order, or what to type."""
    kind = shown.get("kind")
    choices = [str(c) for c in shown.get("choices", ())]
    if choices:
        lines = [
            f"{LETTERS[n] if n < len(LETTERS) else ' '}  {choice}"
            for n, choice in enumerate(choices)
        ]
        if kind == "multi":
            lines.append("(choose every right answer)")
        return lines
    items = [str(i) for i in shown.get("items", ())]
    if items:
        return [*(f"•  {item}" for item in items), "(put these in order)"]
    if kind == "number":
        unit = shown.get("unit")
        return [f"Type a number{f' (in {unit})' if unit else ''}."]
    return ["Type your answer."]


class HostQuestionScreen(RoomScreen):
    """One question up for everyone; r reveals, p pauses, s skips, e ends."""

    BINDINGS = [
        Binding("r", "reveal", "Reveal"),
        Binding("p", "toggle_pause", "Pause/go on"),
        Binding("s", "skip", "Skip"),
        Binding("e", "end_room", "End early"),
        Binding("q", "app.quit", "Quit (room stays open)"),
    ]

    def __init__(self, room: RoomNow, *, now: Now) -> None:
        super().__init__()
        self.room = room
        self.now = now
        self._clock_shown = ""

    @property
    def state(self) -> RoomState:
        return self.room.state

    def compose(self) -> ComposeResult:
        state = self.state
        shown = state.question or {}
        with Horizontal(id="question-top"):
            yield Static(
                template(
                    "[b]$position[/b] · room $code",
                    position=position_line(state.position, state.count),
                    code=spaced(state.code),
                ),
                id="question-position",
            )
            yield Static(id="question-clock")
        with VerticalScroll(id="question-body"):
            yield Static(literal(str(shown.get("prompt", ""))), id="question-prompt")
            yield Static(literal("\n".join(option_lines(shown))), id="question-options")
        yield Static(id="question-paused")
        yield Static(id="answers-in")
        yield self.problem_line()
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_room(self.room)
        self.set_interval(TICK_SECONDS, self.tick)

    def show_room(self, room: RoomNow) -> None:
        """Answers as they arrive; the pause, when there is one."""
        if room.state.position != self.state.position:
            return  # a reading of another question, about to be replaced
        self.room = room
        state = room.state
        self.query_one("#answers-in", Static).update(
            literal(answers_in(state.answers_in, state.players))
        )
        paused = self.query_one("#question-paused", Static)
        paused.display = state.phase is Phase.PAUSED
        paused.update(literal("⏸ Paused: answers wait. Press p to go on."))
        self.tick()

    def tick(self) -> None:
        """The countdown; at zero the answer is revealed (no store work here: the clock only)."""
        left = seconds_left(self.state, self.now())
        clock = self.query_one("#question-clock", Static)
        clock.display = left is not None
        if left is None:
            return
        text = f"⏱ {clock_text(left)}" + (" paused" if self.state.phase is Phase.PAUSED else "")
        if text != self._clock_shown:
            self._clock_shown = text
            clock.update(literal(text))
            clock.set_class(left <= 5, "hurry")
        if left <= 0 and self.state.phase is Phase.OPEN:
            self.host_app.reveal()

    def action_reveal(self) -> None:
        self.host_app.reveal()

    def action_toggle_pause(self) -> None:
        self.host_app.toggle_pause()

    def action_skip(self) -> None:
        self.host_app.skip()
