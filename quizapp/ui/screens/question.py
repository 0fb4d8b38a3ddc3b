"""The question screen: ask, take the answer, give feedback, move on."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static

from quizapp.bank.model import Question, QuestionKind
from quizapp.engine.grading import part_marks
from quizapp.engine.session import Answer, Mode, QuizSession
from quizapp.store.saver import SaveStatus
from quizapp.text.wording import plural
from quizapp.ui.messages import AnswerGiven, AnswerRejected
from quizapp.ui.screens.help import HelpScreen
from quizapp.ui.text import literal
from quizapp.ui.unsaved import confirm_quit, saving_status, show_saving_line
from quizapp.ui.widgets.answers import ChoiceAnswer, OrderAnswer, TypedAnswer
from quizapp.ui.widgets.cloze_answer import ClozeAnswer
from quizapp.ui.widgets.key_bar import KeyBar
from quizapp.ui.widgets.match_answer import MatchAnswer
from quizapp.ui.widgets.progress import RoundProgress
from quizapp.ui.widgets.question_card import QuestionCard

TYPED_KINDS = (QuestionKind.TEXT, QuestionKind.NUMBER)


def takes_typing(question: Question) -> bool:
    """True when the answer is typed in a box (so `i` goes back to it after Esc)."""
    return question.kind in TYPED_KINDS or any(not c for c in question.blank_choices)


TICK_SECONDS = 0.25
"""How often the countdown of a timed question is redrawn."""


class QuestionScreen(Screen[None]):
    """Plays a `QuizSession` to its end, then hands over to the results."""

    CSS_PATH = "question.tcss"

    BINDINGS = [
        Binding("enter,space", "next", "Next", priority=False),
        Binding("o", "overrule", "I was right"),
        Binding("h", "hint", "Hint"),
        Binding("s", "skip", "Skip"),
        Binding("i", "type", "Type answer"),
        Binding("escape", "leave_input", "Other keys"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit_round", "Quit"),
        # While the feedback has focus, the arrows still scroll the question.
        Binding("up", "scroll_body('up')", show=False),
        Binding("down", "scroll_body('down')", show=False),
        Binding("pageup", "scroll_body('page_up')", show=False),
        Binding("pagedown", "scroll_body('page_down')", show=False),
        Binding("home", "scroll_body('home')", show=False),
        Binding("end", "scroll_body('end')", show=False),
    ]

    def __init__(self, session: QuizSession, *, note: str = "") -> None:
        super().__init__()
        self.session = session
        self.note = note
        """Said once above the first question (a resumed round whose bank changed)."""
        self.progress = RoundProgress(id="progress")
        self._card: QuestionCard | None = None

    def compose(self) -> ComposeResult:
        yield self.progress
        yield Static(id="saving", classes="saving-line")
        yield Static(literal(self.note), id="round-note")
        yield VerticalScroll(id="body")
        yield KeyBar()

    def show_saving(self, status: SaveStatus) -> None:
        """A line under the progress bar while answers wait to be saved, or are not kept."""
        show_saving_line(self, status)

    async def on_mount(self) -> None:
        self.show_saving(saving_status(self.app))
        self.query_one("#round-note").display = bool(self.note)
        await self.show_current()
        if self.session.timed:
            self.set_interval(TICK_SECONDS, self.tick)

    # -- the clock of timed questions -------------------------------------------

    async def tick(self) -> None:
        """Update the countdown; when it reaches zero the question counts as unanswered."""
        left = self.session.seconds_left()
        self.progress.show_time_left(left)
        if left is not None and left <= 0 and self.session.current is not None:
            await self.after_answer(self.session.time_out())

    def on_screen_suspend(self) -> None:
        """Help or a dialog on top: practice mode stops the clock; test mode cannot."""
        self.session.pause_clock()

    async def on_screen_resume(self) -> None:
        self.session.resume_clock()
        await self.tick()

    # -- state helpers ------------------------------------------------------

    @property
    def card(self) -> QuestionCard:
        """The current question's card (mounted by `show_current`)."""
        assert self._card is not None
        return self._card

    def _typing(self) -> bool:
        """True while the cursor is in an answer box that takes text: letters are text then."""
        focused = self.focused
        return isinstance(focused, Input) and not getattr(focused, "locked", False)

    def _in_answer(self) -> bool:
        """True while the cursor is in the answer widget (a cloze question's choices, say)."""
        focused = self.focused
        card = self._card
        return (
            focused is not None and card is not None and card.answer in focused.ancestors_with_self
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something right now."""
        session = self.session
        asked = session.current
        awaiting = session.awaiting_next
        typed = asked is not None and takes_typing(asked.question)
        match action:
            case "next":
                return awaiting
            case "overrule":
                return session.can_overrule
            case "hint" | "skip":
                return not awaiting and not self._typing() and asked is not None
            case "type":
                return typed and not awaiting and not self._in_answer()
            case "leave_input":
                return self._typing()
            case "help" | "quit_round":
                return not self._typing()
        return True

    # -- showing a question -------------------------------------------------

    async def show_current(self) -> None:
        """Replace the card with the session's current question, or finish."""
        asked = self.session.current
        if asked is None:
            self.finish()
            return
        body = self.query_one("#body", VerticalScroll)
        await body.remove_children()
        card = self._card = QuestionCard(asked)
        await body.mount(card)
        body.scroll_home(animate=False)
        card.answer.focus()
        self.progress.update_from(self.session)
        self.progress.show_time_left(self.session.seconds_left())
        self.refresh_bindings()

    def finish(self) -> None:
        """The round is over: show the results in place of this screen."""
        from quizapp.ui.screens.results import ResultsScreen

        self.app.switch_screen(ResultsScreen(self.session))

    # -- answering ----------------------------------------------------------

    @on(AnswerGiven)
    async def answer_given(self, event: AnswerGiven) -> None:
        event.stop()
        if self.session.awaiting_next or self.session.current is None:
            return
        answer = self.session.submit(event.response)
        await self.after_answer(answer)

    @on(AnswerRejected)
    def answer_rejected(self, event: AnswerRejected) -> None:
        event.stop()
        self.card.show_notice(event.reason)

    async def after_answer(self, answer: Answer) -> None:
        """Practice: lock the answer and show feedback. Test: go straight on.

        The frame after the key repaints in place only what tells the
        student how they did: the verdict (in the key line) and the ✓/✗
        marks. Everything else waits until that frame is drawn: the score,
        the keys at the bottom, and the explanation, which changes the card's
        size and so costs a layout of its own.
        """
        if self.session.mode is Mode.TEST:
            self.session.advance()
            await self.show_current()
            return
        card = self.card
        card.show_notice("")
        card.key_line.show_verdict(answer, then=lambda: self._show_feedback(card, answer))
        widget = card.answer
        if isinstance(widget, ChoiceAnswer):
            picked = (
                answer.response
                if isinstance(answer.response, frozenset)
                else frozenset([answer.response] if isinstance(answer.response, str) else [])
            )
            widget.show_verdict(answer.question.correct_choices, picked)
        elif isinstance(widget, OrderAnswer) and not answer.skipped:
            widget.show_verdict(answer.question.items)
        elif isinstance(widget, ClozeAnswer | MatchAnswer):
            widget.show_verdict(part_marks(answer.question, answer.response))
        widget.locked = True

    def _show_feedback(self, card: QuestionCard, answer: Answer) -> None:
        """The score, the answer, the explanation and the keys that go on."""
        if card is not self._card or not card.is_attached:
            return  # the student has already gone on
        if isinstance(card.answer, TypedAnswer | ClozeAnswer):
            card.answer.stop_blinking()
        self.progress.update_from(self.session)
        self.progress.show_time_left(None)
        panel = card.feedback
        panel.show(answer, can_overrule=self.session.can_overrule)
        panel.scroll_visible(animate=False)
        self.refresh_bindings()

    # -- actions ------------------------------------------------------------

    async def action_next(self) -> None:
        if not self.session.awaiting_next:
            return
        self.session.advance()
        await self.show_current()

    async def action_overrule(self) -> None:
        if not self.session.can_overrule:
            return
        fixed = self.session.overrule()
        self.card.key_line.show_verdict(fixed)
        self.progress.update_from(self.session)
        self._show_feedback(self.card, fixed)

    def action_hint(self) -> None:
        if self.session.awaiting_next or self.session.current is None:
            return
        hint = self.session.use_hint()
        if hint:
            self.card.show_hint(hint)
        else:
            self.card.show_notice("This question has no hint.")

    async def action_skip(self) -> None:
        if self.session.awaiting_next or self.session.current is None:
            return
        await self.after_answer(self.session.skip())

    def action_type(self) -> None:
        if not self.session.awaiting_next:
            self.card.answer.focus()

    def action_scroll_body(self, how: str) -> None:
        """Scroll the question and its feedback with the keyboard."""
        getattr(self.query_one("#body", VerticalScroll), f"scroll_{how}")(animate=False)

    def action_leave_input(self) -> None:
        self.query_one("#body", VerticalScroll).focus()

    def action_help(self) -> None:
        asked = self.session.current
        self.app.push_screen(
            HelpScreen(
                asked.question.kind if asked else None,
                overrule=self.session.overrules_allowed and self.session.mode is Mode.PRACTICE,
            )
        )

    def action_quit_round(self) -> None:
        answered = self.session.answered_first_tries
        confirm_quit(
            self.app,
            saving_status(self.app, settle=True),
            detail=f"You have answered {answered} of {plural(self.session.total, 'question')}.",
        )
