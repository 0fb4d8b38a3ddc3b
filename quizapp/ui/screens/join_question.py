"""The open question of a live room: asked with the usual answer widgets, answered once.

The question is the room's public part only (`student_question`: no answer
in it), so this screen cannot judge the answer and does not try: once the
answer is in it says so ("✓ Answer in — waiting for the teacher") with the
answer given, and the verdict comes with the reveal. One answer: the widget
is locked the moment it posts one, and the store refuses a second anyway.
While the teacher pauses, the widget is locked and the clock stands still.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from quizapp.engine.grading import Response, response_text
from quizapp.engine.session import AskedQuestion
from quizapp.live.follow import RoomView
from quizapp.store.rooms import Phase
from quizapp.ui.messages import AnswerGiven, AnswerRejected
from quizapp.ui.screens.join_room import RoomScreen, join_app, position_text
from quizapp.ui.text import literal, template
from quizapp.ui.widgets.answers import TypedAnswer
from quizapp.ui.widgets.key_line import KeyLine
from quizapp.ui.widgets.question_card import QuestionCard, key_help

if TYPE_CHECKING:
    from quizapp.ui.join_app import AnswerTaken

TICK_SECONDS = 0.25
"""How often the countdown of a timed question is redrawn."""
PAUSED = "⏸ Paused by the teacher — answers wait until the teacher goes on"
TIME_UP = "⏱ Time is up — waiting for the teacher"
TOO_LATE = "✗ Too late: the question had closed before your answer arrived; it does not count."
NOT_SENT = "✗ Your answer did not reach the room; answer again."
SOLO_ONLY = (
    (" · Esc for hint, skip and other keys", ""),
    (", or press Esc and then s to skip.", "."),
    (" (or press s to skip).", "."),
)
"""Words of the solo quiz's keys and notices about hints and skipping, which a live room has not."""


def live_words(text: str) -> str:
    """A key line or notice of the answer widgets, without the keys a live room does not have."""
    for solo, live in SOLO_ONLY:
        text = text.replace(solo, live)
    return text


class LiveQuestionCard(QuestionCard):
    """The solo quiz's question card, with the keys of a live room."""

    def __init__(self, asked: AskedQuestion) -> None:
        super().__init__(asked)
        self.key_line = KeyLine(live_words(key_help(asked)))


class LiveQuestionScreen(RoomScreen):
    """The open (or paused) question, until this student's answer is in."""

    def __init__(self, view: RoomView) -> None:
        super().__init__(view)
        question = view.question
        assert question is not None
        self.position = view.state.position
        options = question.choices or question.items
        self.asked = AskedQuestion(question, options, number=self.position + 1)
        self.card = LiveQuestionCard(self.asked)
        self.status = Static(id="live-status", markup=False)
        self.answer_in = Static(id="answer-in", markup=False)
        self.given: Response | None = view.given
        """The answer counted for this student (None: none yet)."""
        self.sending = False
        """An answer is on its way to the store."""
        self.closed = ""
        """Why no answer can be given now ('' while one can): time up, refused."""
        self.shown_at = 0.0

    def compose_body(self) -> ComposeResult:
        yield self.status
        yield self.card
        yield self.answer_in

    def on_mount(self) -> None:
        super().on_mount()
        self.answer_in.display = False
        self.shown_at = self.app_clock()
        self.card.answer.focus()
        if self.given is not None:
            self.show_answer_in(self.given)
        self.update_view(self.view)
        if self.view.question is not None and self.view.state.closes_at:
            self.set_interval(TICK_SECONDS, self.tick)

    def app_clock(self) -> float:
        return join_app(self).clock()

    # -- the room changed -------------------------------------------------------------------

    def shows(self, view: RoomView) -> bool:
        return view.phase in (Phase.OPEN, Phase.PAUSED) and view.state.position == self.position

    def update_view(self, view: RoomView) -> None:
        super().update_view(view)
        if view.given is not None and self.given is None:
            self.show_answer_in(view.given)  # given in another tab, or the follower saw it first
        self.refresh_lock()

    def room_line_text(self) -> str:
        line = f"{super().room_line_text()} · {position_text(self.view)}"
        left = self.seconds_left()
        if left is not None and self.given is None:
            line += f" · ⏱ {math.ceil(left)}s"
        return line

    def seconds_left(self) -> float | None:
        return self.view.seconds_left(join_app(self).now())

    def tick(self) -> None:
        """Redraw the countdown; at zero no answer can be given any more."""
        self.show_room_line()
        left = self.seconds_left()
        if left is not None and left <= 0 and self.given is None and not self.closed:
            self.closed = TIME_UP
            self.refresh_lock()

    def refresh_lock(self) -> None:
        """Lock the answer widget while paused, answered, sending or closed; say why."""
        paused = self.view.phase is Phase.PAUSED
        widget = self.card.answer
        widget.locked = paused or self.sending or bool(self.closed) or self.given is not None
        if self.given is not None:
            text = ""
        elif paused:
            text = PAUSED
        else:
            text = self.closed or ("Sending your answer…" if self.sending else "")
        self.status.update(literal(text))
        self.status.display = bool(text)
        self.status.set_class(paused, "paused")

    # -- answering ----------------------------------------------------------------------

    @on(AnswerGiven)
    def answer_given(self, event: AnswerGiven) -> None:
        event.stop()
        widget = self.card.answer
        if widget.locked or self.sending or self.given is not None or self.closed:
            return  # one answer: a second key, or a key while paused, does nothing
        self.sending = True
        self.refresh_lock()
        seconds = max(0.0, self.app_clock() - self.shown_at)
        join_app(self).send_answer(self.view, event.response, seconds)

    @on(AnswerRejected)
    def answer_rejected(self, event: AnswerRejected) -> None:
        event.stop()
        self.card.show_notice(live_words(event.reason))

    def answer_taken(self, taken: AnswerTaken) -> None:
        """The store's word on the answer sent."""
        if taken.position != self.position:
            return
        self.sending = False
        if taken.given is not None:
            self.show_answer_in(taken.given)
        elif taken.failed:
            self.card.show_notice(NOT_SENT)
        else:
            self.closed = TOO_LATE
        self.refresh_lock()

    def show_answer_in(self, given: Response) -> None:
        """ "✓ Answer in", with the answer given; the widget makes way for it."""
        self.given = given
        widget = self.card.answer
        widget.locked = True
        if isinstance(widget, TypedAnswer):
            widget.stop_blinking()
        widget.display = False
        self.card.key_line.display = False
        self.card.show_notice("")
        self.answer_in.update(
            template(
                "[b]✓ Answer in — waiting for the teacher[/b]\nYour answer: $given",
                given=response_text(self.asked.question, given),
            )
        )
        self.answer_in.display = True
        self.query_one("#room-body").focus()
        self.show_room_line()
        self.refresh_lock()
