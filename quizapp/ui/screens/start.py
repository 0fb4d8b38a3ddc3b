"""The start screen: what the deck is, how the round will go, and Start."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from quizapp.bank.model import Deck
from quizapp.engine.session import Mode, RoundOptions
from quizapp.ui.messages import RoundRequested
from quizapp.ui.screens.briefing import BriefingScreen
from quizapp.ui.text import literal, template

MODE_DESCRIPTIONS = {
    Mode.PRACTICE: "practice — feedback after each answer; missed questions come back at the end",
    Mode.TEST: "test — no feedback until the results; each question is asked once",
}


def long_date(day: dt.date) -> str:
    """`10 June 2025`: unambiguous wherever the class is."""
    return f"{day.day} {day:%B %Y}"


def round_size(deck: Deck, options: RoundOptions) -> int:
    """How many questions the round will ask, after --topic and --limit."""
    wanted = {t.casefold() for t in options.topics}
    count = sum(1 for q in deck.questions if not wanted or q.topic.casefold() in wanted)
    return min(count, options.limit) if options.limit else count


class StartScreen(Screen[None]):
    """Introduces one deck; Enter starts the round, `b` opens the briefing."""

    CSS_PATH = "start.tcss"

    BINDINGS = [
        Binding("enter", "start", "Start"),
        Binding("b", "briefing", "Briefing"),
        Binding("escape", "back", "Other decks"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, deck: Deck, options: RoundOptions, *, can_go_back: bool = False) -> None:
        super().__init__()
        self.deck = deck
        self.options = options
        self.can_go_back = can_go_back

    def compose(self) -> ComposeResult:
        deck = self.deck
        with VerticalScroll(id="intro"):
            yield Static(literal(deck.title), id="deck-title")
            if deck.description:
                yield Static(literal(deck.description), id="description")
            facts = []
            if deck.source.describe():
                facts.append(template("[b]Source:[/b] $text", text=deck.source.describe()))
            if deck.source.url:
                facts.append(template("[b]Link:[/b] $text", text=deck.source.url))
            if deck.as_of:
                facts.append(template("[b]Facts as of:[/b] $text", text=long_date(deck.as_of)))
            size = round_size(deck, self.options)
            total = len(deck.questions)
            count = f"{size}" if size == total else f"{size} of {total}"
            facts.append(template("[b]Questions:[/b] $text", text=count))
            if self.options.topics:
                wanted = {t.casefold() for t in self.options.topics}
                chosen = [t for t in deck.topics if t.casefold() in wanted]
                facts.append(
                    template("[b]Topics:[/b] $text (chosen with --topic)", text=", ".join(chosen))
                )
            elif deck.topics:
                facts.append(template("[b]Topics:[/b] $text", text=", ".join(deck.topics)))
            facts.append(template("[b]Mode:[/b] $text", text=MODE_DESCRIPTIONS[self.options.mode]))
            for line in facts:
                yield Static(line, classes="fact")
        with Horizontal(id="start-buttons"):
            yield Button("Start (Enter)", id="start", compact=True)
            if deck.briefing:
                yield Button("Read the briefing (b)", id="briefing", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "briefing":
            return bool(self.deck.briefing)
        if action == "back":
            return self.can_go_back
        return True

    @on(Button.Pressed, "#start")
    def start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#briefing")
    def briefing_pressed(self) -> None:
        self.action_briefing()

    def action_start(self) -> None:
        self.post_message(RoundRequested(self.deck))

    def action_briefing(self) -> None:
        if not self.deck.briefing:
            return

        def start_if_asked(start: bool | None) -> None:
            if start:
                self.action_start()

        self.app.push_screen(BriefingScreen(self.deck), start_if_asked)

    def action_back(self) -> None:
        if self.can_go_back:
            self.dismiss(None)
