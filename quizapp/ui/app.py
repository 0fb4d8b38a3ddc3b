"""The quiz application and `make_app`, the one factory that builds it.

The command line and the tests both call `make_app`, so the tests play the
very app a student gets.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from textual import on
from textual.app import App
from textual.binding import Binding

from quizapp.bank.model import Deck
from quizapp.engine.session import Clock, Mode, QuizSession, RoundKind, RoundOptions, on_topics
from quizapp.store.results import ResultsStore, RoundRecorder, Student
from quizapp.store.review import review_questions
from quizapp.ui.messages import DeckChosen, RoundRequested
from quizapp.ui.screens.deck_picker import DeckPickerScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.screens.start import StartScreen


class QuizApp(App[None]):
    """Picks a deck, introduces it, plays rounds and keeps every answer."""

    CSS_PATH = "app.tcss"
    TITLE = "quizapp"

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        decks: Sequence[Deck],
        options: RoundOptions,
        store: ResultsStore,
        *,
        clock: Clock = time.monotonic,
        student_name: str | None = None,
        suggested_name: str = "",
        review_first: bool = False,
    ) -> None:
        super().__init__()
        if not decks:
            raise ValueError("QuizApp needs at least one deck")
        self.decks = list(decks)
        self.options = options
        self.store = store
        self.clock = clock
        self.student_name = student_name
        """Given with --student; otherwise asked on the start screen."""
        self.suggested_name = suggested_name
        self.review_first = review_first
        self.student: Student | None = None
        """Who is playing, once a round has started."""

    def on_mount(self) -> None:
        for deck in self.decks:
            self.store.sync_deck(deck)
        if len(self.decks) == 1:
            self.push_screen(self._start_screen(self.decks[0], can_go_back=False))
        else:
            self.push_screen(DeckPickerScreen(self.decks))

    def _start_screen(self, deck: Deck, can_go_back: bool) -> StartScreen:
        return StartScreen(
            deck,
            self.options,
            self.store,
            student_name=self.student_name,
            suggested_name=self.student.name if self.student else self.suggested_name,
            can_go_back=can_go_back,
            review_first=self.review_first,
        )

    @on(DeckChosen)
    def deck_chosen(self, event: DeckChosen) -> None:
        self.push_screen(self._start_screen(event.deck, can_go_back=True))

    @on(RoundRequested)
    def round_requested(self, event: RoundRequested) -> None:
        if event.student_name:
            self.student = self.store.student(event.student_name)
        if self.student is None:  # pragma: no cover - the start screen always names one
            return
        session = self._session(event)
        if session is None:
            self.notify("Nothing to ask: every question is scheduled for later.")
            return
        saved = event.resume
        session.observer = RoundRecorder(
            self.store, self.student, session, attempt_id=saved.id if saved else None
        )
        screen = QuestionScreen(session, saving=self.store.saving)
        if isinstance(self.screen, QuestionScreen | ResultsScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def _session(self, event: RoundRequested) -> QuizSession | None:
        """The round asked for: new, retry, review, or the unfinished one resumed."""
        deck = event.deck
        if event.resume is not None:
            saved = event.resume
            by_id = {q.id: q for q in deck.questions}
            questions = [by_id[qid] for qid in saved.order if qid in by_id]
            if not questions:
                return None
            options = RoundOptions(
                mode=Mode(saved.mode), seed=saved.seed, shuffle=self.options.shuffle
            )
            return QuizSession(
                deck,
                options,
                questions=questions,
                kind=saved.kind,
                seed=saved.seed,
                clock=self.clock,
                resume=saved.restored_answers(by_id),
            )
        if event.kind is RoundKind.REVIEW:
            assert self.student is not None
            cards = self.store.review_cards(self.student, deck.id)
            pool = on_topics(deck.questions, self.options.topics)
            questions = review_questions(pool, cards, self.store.now())[: self.options.limit]
            if not questions:
                return None
            return QuizSession(
                deck, self.options, questions=questions, kind=RoundKind.REVIEW, clock=self.clock
            )
        return QuizSession(
            deck, self.options, questions=event.questions, kind=event.kind, clock=self.clock
        )

    async def action_quit(self) -> None:
        """Ctrl+Q: during a round, ask first; elsewhere quit at once."""
        if isinstance(self.screen, QuestionScreen):
            self.screen.action_quit_round()
        else:
            self.exit()


def make_app(
    decks: Sequence[Deck],
    options: RoundOptions | None = None,
    clock: Clock = time.monotonic,
    *,
    store: ResultsStore | None = None,
    student_name: str | None = None,
    suggested_name: str = "",
    review_first: bool = False,
) -> QuizApp:
    """Build the quiz app over loaded decks (and a results store; in memory if none)."""
    return QuizApp(
        decks,
        options or RoundOptions(),
        store if store is not None else ResultsStore.in_memory(),
        clock=clock,
        student_name=student_name,
        suggested_name=suggested_name,
        review_first=review_first,
    )
