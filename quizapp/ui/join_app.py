"""`quizapp join`: a student's screen in a live room, and `make_join_app`, its one factory.

The room lives in the results store (`quizapp.store.rooms`); this app only
follows it. Every store call runs on a worker thread: opening the store,
joining, sending the one answer, and following the room, which waits for its
next change (`quizapp.live.follow.RoomFollower`: a NOTIFY on PostgreSQL, a
short poll on SQLite) and posts each new view (`RoomChanged`) to the UI
thread. The app then shows the screen for that view, or lets the screen on
top update itself when the view is still its own (the same question, paused
or answered).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from quizapp.engine.grading import Response
from quizapp.store.clock import Now, utc_now
from quizapp.ui.base_app import QuizappApp
from quizapp.ui.screens.join_start import JoinScreen

if TYPE_CHECKING:
    from quizapp.live.follow import RoomFollower, RoomView
    from quizapp.live.player import LivePlayer
    from quizapp.store.address import DatabaseAddress
    from quizapp.store.results import ResultsStore

FOLLOW_TIMEOUT = 1.0
"""How long one wait for the room's next change lasts before the worker looks again
(whether the app is closing); the change itself wakes it at once (or within a poll)."""
RETRY_SECONDS = 1.0
"""After a store error (the database busy, a server gone), how long before trying again."""


@dataclass
class RoomChanged(Message):
    """The room has a new view for this student (posted by the follower's thread)."""

    view: RoomView


@dataclass
class JoinFinished(Message):
    """A join attempt ended: `error` is the line for the join screen ('' once joined)."""

    error: str


@dataclass
class AnswerTaken(Message):
    """The store's word on the answer sent: counted (`ok`), or why not."""

    position: int
    ok: bool
    given: Response | None
    """What the store holds for this student now (an answer from another tab, say)."""
    failed: bool = False
    """It never reached the store (an error): the student may send it again."""


@dataclass
class StoreTrouble(Message):
    """The store could not be reached just now ('' once it can again)."""

    text: str


class JoinApp(QuizappApp[None]):
    """Joins one live room and follows it to its end."""

    CSS_PATH = ["app.tcss", "screens/join.tcss", "screens/question.tcss"]
    TITLE = "quizapp join"
    ENABLE_COMMAND_PALETTE = False
    """Nothing in it a student needs; and the room's screens must be the ones on top."""

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        open_store: Callable[[], ResultsStore],
        *,
        code: str = "",
        student_name: str | None = None,
        suggested_name: str = "",
        now: Now = utc_now,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.open_store = open_store
        """Opens the results store (called on a worker thread)."""
        self.code = code
        self.student_name = student_name
        """Given with --student: not asked."""
        self.suggested_name = suggested_name
        self.now = now
        """Wall-clock time, for the countdown of a timed question (the room's `closes_at`)."""
        self.clock = clock
        """Seconds, for how long an answer took."""
        self.store: ResultsStore | None = None
        self.store_notice = ""
        """Why the store could not be opened, for the join screen ('' when it is open)."""
        self.player: LivePlayer | None = None
        """This student in the room, once joined."""
        self.view: RoomView | None = None
        """The room as last read."""
        self._store_open = threading.Event()
        self._follower: RoomFollower | None = None
        self._stopping = threading.Event()

    def get_default_screen(self) -> Screen[None]:
        return JoinScreen(self.code, student_name=self.student_name, suggested=self.suggested_name)

    def on_ready(self) -> None:
        super().on_ready()
        self._open()

    def on_unmount(self) -> None:
        self._stopping.set()
        follower = self._follower
        if follower is not None:
            follower.close()  # wakes the follower's wait at once
        if self.store is not None:
            self.store.close()

    # -- the store ----------------------------------------------------------------------

    @work(thread=True, exit_on_error=False, group="store")
    def _open(self) -> None:
        """Open the store, waiting while it is busy; join at once if code and name were given."""
        from quizapp.store.database import StoreBusy

        while not self._stopping.is_set():
            try:
                store = self.open_store()
            except StoreBusy as busy:
                self.post_message(StoreTrouble(f"Waiting for the results database ({busy})…"))
                self._stopping.wait(RETRY_SECONDS)
                continue
            except Exception as error:  # noqa: BLE001 - said on the screen; tried again
                self.post_message(StoreTrouble(f"The results database cannot be opened ({error})."))
                self._stopping.wait(RETRY_SECONDS)
                continue
            self.store = store
            if not store.saving:
                self.store_notice = store.notice or "The results database cannot be opened."
                self.post_message(StoreTrouble(self.store_notice))
            else:
                self.post_message(StoreTrouble(""))
            self._store_open.set()
            return

    # -- joining ------------------------------------------------------------------------

    def join(self, code: str, name: str) -> None:
        """Join the room (on a worker thread); `JoinFinished` tells the join screen."""
        self._join(code, name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="join")
    def _join(self, code: str, name: str) -> None:
        from quizapp.live.follow import JoinFailed, join_room

        while not self._store_open.wait(0.2):
            if self._stopping.is_set() or get_current_worker().is_cancelled:
                return
        store = self.store
        assert store is not None
        try:
            player = join_room(store, code, name)
        except JoinFailed as failed:
            self.post_message(JoinFinished(str(failed)))
            return
        except Exception as error:  # noqa: BLE001 - a store error is one line, the app goes on
            self.post_message(JoinFinished(f"Could not join just now ({error}); try again."))
            return
        self.player = player
        self.post_message(JoinFinished(""))

    @on(JoinFinished)
    def join_finished(self, event: JoinFinished) -> None:
        if event.error:
            screen = self.screen
            if isinstance(screen, JoinScreen):
                screen.show_error(event.error)
            return
        self._follow()

    # -- following the room -------------------------------------------------------------

    @work(thread=True, exclusive=True, exit_on_error=False, group="room")
    def _follow(self) -> None:
        """Read the room, then wait for each change and post it, until the room ends."""
        from quizapp.live.follow import RoomFollower

        player = self.player
        assert player is not None
        follower = self._follower = RoomFollower(player)
        worker = get_current_worker()
        troubled = False
        try:
            read_whole = True
            while not (self._stopping.is_set() or worker.is_cancelled):
                try:
                    view = follower.read() if read_whole else follower.changed(FOLLOW_TIMEOUT)
                except Exception as error:  # noqa: BLE001 - a lost database: say so, try again
                    if self._stopping.is_set():
                        return
                    troubled = True
                    self.post_message(
                        StoreTrouble(f"Lost touch with the room ({error}); retrying…")
                    )
                    self._stopping.wait(RETRY_SECONDS)
                    read_whole = True
                    continue
                read_whole = False
                if troubled:
                    troubled = False
                    self.post_message(StoreTrouble(""))
                if view is None:
                    continue
                self.post_message(RoomChanged(view))
                if view.ended:
                    return
        finally:
            follower.close()

    @on(RoomChanged)
    def room_changed(self, event: RoomChanged) -> None:
        """Show the view: on the screen on top if it is still its own, else on a new one."""
        from quizapp.ui.screens.join_room import RoomScreen, screen_for

        view = self.view = event.view
        screen = self.screen
        if isinstance(screen, RoomScreen) and screen.shows(view):
            screen.update_view(view)
            return
        shown = screen_for(view)
        if isinstance(screen, RoomScreen):
            self.switch_screen(shown)
        else:
            self.push_screen(shown)

    @on(StoreTrouble)
    def store_trouble(self, event: StoreTrouble) -> None:
        show = getattr(self.screen, "show_trouble", None)
        if show is not None:
            show(event.text)

    # -- answering ----------------------------------------------------------------------

    def send_answer(self, view: RoomView, response: Response, seconds: float) -> None:
        """Send the one answer to the open question (on a worker thread); `AnswerTaken` follows."""
        self._send(view, response, seconds)

    @work(thread=True, exit_on_error=False, group="answer")
    def _send(self, view: RoomView, response: Response, seconds: float) -> None:
        player = self.player
        assert player is not None
        position = view.state.position
        try:
            ok = player.answer(view.state, response, seconds)
            given = response if ok else player.my_response(view.state)
        except Exception as error:  # noqa: BLE001 - not sent: say so, the student may try again
            self.post_message(StoreTrouble(f"Your answer could not be sent ({error})."))
            self.post_message(AnswerTaken(position, False, None, failed=True))
            return
        self.post_message(AnswerTaken(position, ok, given))

    @on(AnswerTaken)
    def answer_taken(self, event: AnswerTaken) -> None:
        taken = getattr(self.screen, "answer_taken", None)
        if taken is not None:
            taken(event)


def make_join_app(
    where: DatabaseAddress,
    *,
    code: str = "",
    student_name: str | None = None,
    suggested_name: str = "",
    now: Now = utc_now,
) -> JoinApp:
    """The student's live-room app over the results store at `where`."""

    def open_store() -> ResultsStore:
        from quizapp.store.results import ResultsStore

        return ResultsStore.open(where)

    return JoinApp(
        open_store, code=code, student_name=student_name, suggested_name=suggested_name, now=now
    )
