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
from quizapp.engine.session import Clock, QuizSession, RoundOptions
from quizapp.ui.messages import DeckChosen, RoundRequested
from quizapp.ui.screens.deck_picker import DeckPickerScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.screens.start import StartScreen


class QuizApp(App[None]):
    """Picks a deck, introduces it, plays rounds and shows results."""

    CSS_PATH = "app.tcss"
    TITLE = "quizapp"

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self, decks: Sequence[Deck], options: RoundOptions, clock: Clock = time.monotonic
    ) -> None:
        super().__init__()
        if not decks:
            raise ValueError("QuizApp needs at least one deck")
        self.decks = list(decks)
        self.options = options
        self.clock = clock

    def on_mount(self) -> None:
        if len(self.decks) == 1:
            self.push_screen(StartScreen(self.decks[0], self.options))
        else:
            self.push_screen(DeckPickerScreen(self.decks))

    @on(DeckChosen)
    def deck_chosen(self, event: DeckChosen) -> None:
        self.push_screen(StartScreen(event.deck, self.options, can_go_back=True))

    @on(RoundRequested)
    def round_requested(self, event: RoundRequested) -> None:
        session = QuizSession(event.deck, self.options, questions=event.questions, clock=self.clock)
        screen = QuestionScreen(session)
        if isinstance(self.screen, QuestionScreen | ResultsScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    async def action_quit(self) -> None:
        """Ctrl+Q: during a round, ask first; elsewhere quit at once."""
        if isinstance(self.screen, QuestionScreen):
            self.screen.action_quit_round()
        else:
            self.exit()


def make_app(
    decks: Sequence[Deck], options: RoundOptions | None = None, clock: Clock = time.monotonic
) -> QuizApp:
    """Build the quiz app over loaded decks."""
    return QuizApp(decks, options or RoundOptions(), clock)
