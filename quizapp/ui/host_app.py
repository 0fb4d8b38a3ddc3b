"""The app behind `quizapp host`: the teacher's projected screen of a live room.

The room lives in the store (`quizapp.live.host.LiveHost`), and every call
into it is blocking store work, so none of it runs on the UI thread: the
teacher's keys become commands run one at a time on a worker thread
(`HostApp.command`), and a second worker waits on the room
(`quizapp.live.wake.RoomWatcher`) and hands each new reading — who has
joined, how many answers are in — to the screen on top. Readings carry
the room's version, so one that arrives late never overwrites a newer one.

Quitting leaves the room open (`quizapp host --resume CODE` takes it up);
only `e` (or going on after the last question) ends it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.worker import get_current_worker

from quizapp.bank.model import Question
from quizapp.live.host import LiveHost, QuestionSummary, Ranking
from quizapp.live.public import LIVE_KINDS
from quizapp.live.tally import Tally
from quizapp.live.wake import RoomWatcher
from quizapp.store import rooms
from quizapp.store.rooms import Phase, RoomState
from quizapp.ui.base_app import QuizappApp
from quizapp.ui.screens.host_common import RoomScreen
from quizapp.ui.text import literal

T = TypeVar("T")

WATCH_SECONDS = 0.5
"""The longest the watcher waits between readings: how soon a quit stops it, at worst."""


@dataclass(frozen=True)
class RoomNow:
    """One reading of the room for the screen: its state and who has joined."""

    state: RoomState
    players: tuple[rooms.Player, ...]

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.players]


@dataclass(frozen=True)
class Revealed:
    """What the reveal screen shows: the question, how the room answered (None: skipped)."""

    state: RoomState
    question: Question
    options: tuple[str, ...]
    tally: Tally | None


@dataclass(frozen=True)
class Ended:
    """What the summary screen shows."""

    state: RoomState
    summary: list[QuestionSummary]
    ranking: list[Ranking] | None
    """Only with --leaderboard."""
    players: int


class HostApp(QuizappApp[None]):
    """Opens on the room's screen for where it stands: lobby, question, or reveal."""

    CSS_PATH = ["app.tcss", "screens/host.tcss"]
    TITLE = "quizapp host"
    ENABLE_COMMAND_PALETTE = False
    """A projected screen: every key is on it, and nothing else pops up."""

    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(self, host: LiveHost) -> None:
        super().__init__()
        self.host = host
        self.ended = False
        """True once the room has ended (else the room stays open when the app quits)."""
        self.busy = False
        """A command is running: keys that change the room wait for it (no double step)."""
        self.room: RoomNow | None = None
        """The latest reading of the room."""
        self.problem = ""
        """Why the store could not be reached, last time ('' when it could)."""
        self._command_lock = threading.Lock()
        self.left_out = sum(1 for q in _topics(host) if q.kind not in LIVE_KINDS)
        """Questions of the deck a live room cannot ask (cloze, match), said in the lobby."""

    def compose(self) -> ComposeResult:
        yield Static(literal(f"Opening room {self.host.code}…"), id="opening")

    def on_mount(self) -> None:
        self.command(self.read_room, self.first_reading)

    # -- the room, read off the UI thread ------------------------------------------------

    def read_room(self) -> RoomNow:
        """The room's state and players (runs on a worker thread)."""
        state = self.host.state()
        return RoomNow(state, tuple(rooms.players(self.host.store, self.host.code)))

    def first_reading(self, room: RoomNow) -> None:
        """Open on the screen for where the room stands (a resumed room too), then watch it."""
        self.room = room
        state = room.state
        if state.phase is Phase.REVEALED:
            self.show_reveal(self.revealed(state))
        elif state.phase in (Phase.OPEN, Phase.PAUSED):
            self.show_question(room)
        else:
            from quizapp.ui.screens.host_lobby import HostLobbyScreen

            self.push_screen(HostLobbyScreen(room, left_out=self.left_out))
        self.watch_room()

    @work(thread=True, group="room-watch", exclusive=True)
    def watch_room(self) -> None:
        """Wait for the room to change, and hand every new reading to the screen."""
        worker = get_current_worker()
        watcher = RoomWatcher(self.host.store, self.host.code)
        seen: int | None = None
        try:
            while not worker.is_cancelled:
                try:
                    room = self.read_room()
                except rooms.RoomGone:
                    return
                except Exception as error:  # noqa: BLE001 - a store that went away comes back
                    self._from_thread(self.store_problem, str(error) or type(error).__name__)
                    watcher.wait(-1, WATCH_SECONDS * 4)
                    continue
                if room.state.version != seen:
                    seen = room.state.version
                    self._from_thread(self.room_changed, room)
                if room.state.phase is Phase.ENDED:
                    return
                watcher.wait(seen, WATCH_SECONDS)
        finally:
            watcher.close()

    def _from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        """Call back on the UI thread, unless the app is on its way out."""
        if get_current_worker().is_cancelled or not self.is_running:
            return
        with contextlib.suppress(RuntimeError):  # the app closed meanwhile
            self.call_from_thread(callback, *args)

    def room_changed(self, room: RoomNow) -> None:
        """A newer reading: keep it, tell the screen; an older one, arriving late, is dropped."""
        if self.room is not None and room.state.version < self.room.state.version:
            return
        self.room = room
        if self.problem:
            self.say_problem("")
        view = self.room_screen()
        if view is not None:
            # Queued on the screen: one just switched to is drawn (mounted) before it redraws.
            view.call_later(view.show_room, room)

    def room_screen(self) -> RoomScreen | None:
        """The room's screen under any dialog (None before the first reading)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, RoomScreen):
                return screen
        return None

    def say_problem(self, problem: str) -> None:
        """Show (or, with '', clear) why the room could not be read or changed."""
        self.problem = problem
        view = self.room_screen()
        if view is not None:
            view.show_problem(problem)

    def store_problem(self, problem: str) -> None:
        if problem != self.problem:
            self.say_problem(f"Cannot reach the results database: {problem}. Trying again…")

    # -- the teacher's commands, one at a time on a worker ---------------------------------

    def command(self, action: Callable[[], T], then: Callable[[T], None]) -> bool:
        """Run `action` (store work) on a worker, then `then(result)` here; False while busy."""
        if self.busy:
            return False
        self.busy = True
        self._run_command(action, then)
        return True

    @work(thread=True, group="room-command")
    def _run_command(self, action: Callable[[], T], then: Callable[[T], None]) -> None:
        with self._command_lock:
            try:
                result = action()
            except Exception as error:  # noqa: BLE001 - said on screen; the key can be pressed again
                self._from_thread(self.command_failed, str(error) or type(error).__name__)
                return
        self._from_thread(self._command_done, then, result)

    def _command_done(self, then: Callable[[T], None], result: T) -> None:
        self.busy = False
        then(result)

    def command_failed(self, problem: str) -> None:
        self.busy = False
        self.say_problem(f"That did not reach the room: {problem}. Press the key again.")

    def next_question(self) -> None:
        """Open the next question for everyone (the first, from the lobby); after the last, end."""

        def step() -> RoomNow | None:
            return self.read_room() if self.host.next_question() is not None else None

        self.command(step, self._after_step)

    def skip(self) -> None:
        """Leave the question out and go straight on to the next (or the summary)."""

        def step() -> RoomNow | None:
            self.host.skip()
            return self.read_room() if self.host.next_question() is not None else None

        self.command(step, self._after_step)

    def _after_step(self, room: RoomNow | None) -> None:
        if room is None:
            self.end()
            return
        self.room_changed(room)
        self.show_question(room)

    def reveal(self) -> None:
        """Close the question, grade it, and show how the room answered."""

        def step() -> Revealed:
            self.host.reveal()
            return self.revealed(self.host.state())

        self.command(step, self.show_reveal)

    def toggle_pause(self) -> None:
        """Pause the question (its clock stops), or go on after a pause."""

        def step() -> RoomNow:
            if self.host.state().phase is Phase.PAUSED:
                self.host.go_on()
            else:
                self.host.pause()
            return self.read_room()

        self.command(step, self.room_changed)

    def end(self) -> None:
        """End the room: every student's round is finished; then the summary."""

        def step() -> Ended:
            summary = self.host.end()
            state = self.host.state()
            ranking = self.host.ranking() if state.options.get("leaderboard") else None
            players = len(rooms.players(self.host.store, self.host.code))
            return Ended(state, summary, ranking, players)

        self.command(step, self.show_summary)

    # -- screens -----------------------------------------------------------------------------

    def revealed(self, state: RoomState) -> Revealed:
        question = self.host.questions[state.position]
        reveal = state.reveal or {"skipped": True}
        tally = None if reveal.get("skipped") else Tally.from_json(reveal)
        return Revealed(state, question, self.host.options_for(question), tally)

    def _show(self, screen: RoomScreen) -> None:
        """Put `screen` in place of the room's current screen (a dialog above it goes too)."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_question(self, room: RoomNow) -> None:
        from quizapp.ui.screens.host_question import HostQuestionScreen

        self._show(HostQuestionScreen(room, now=self.host.now))

    def show_reveal(self, revealed: Revealed) -> None:
        from quizapp.ui.screens.host_reveal import reveal_screen

        self._show(reveal_screen(revealed))

    def show_summary(self, ended: Ended) -> None:
        from quizapp.ui.screens.host_summary import HostSummaryScreen

        self.ended = True
        self.workers.cancel_group(self, "room-watch")
        self._show(HostSummaryScreen(ended))

    def confirm_end(self) -> None:
        """`e`: ask first, since an ended room cannot be taken up again."""
        from quizapp.ui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.end()

        self.push_screen(
            ConfirmScreen(
                f"End room {self.host.code} now?",
                "Every student's round is finished with the points so far; the summary follows. "
                "An ended room cannot be taken up again.",
                yes="End the room",
                no="Keep going",
            ),
            answered,
        )


def _topics(host: LiveHost) -> list[Question]:
    from quizapp.engine.session import on_topics

    return on_topics(host.deck.questions, host.options.topics)


def make_host_app(host: LiveHost) -> HostApp:
    """Build the teacher's screen over an open room (the command line and the tests)."""
    return HostApp(host)
