"""The briefing: a short summary of the article to read before the quiz."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from quizapp.bank.model import Deck
from quizapp.ui.text import literal, template
from quizapp.ui.widgets.key_bar import KeyBar


class BriefingScreen(Screen[bool]):
    """Shows the deck's briefing; dismissed with True when the student starts."""

    CSS_PATH = "start.tcss"

    BINDINGS = [
        Binding("enter", "start", "Start the quiz"),
        Binding("escape,b", "back", "Back"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, deck: Deck) -> None:
        super().__init__()
        self.deck = deck

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="briefing-body"):
            yield Static(template("Briefing: $title", title=self.deck.title), id="deck-title")
            yield Static(literal(self.deck.briefing), id="briefing-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#briefing-body").focus()

    def action_start(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)
