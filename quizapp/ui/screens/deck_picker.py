"""Choose a deck when several banks were given."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quizapp.bank.model import Deck
from quizapp.ui.messages import DeckChosen
from quizapp.ui.text import template
from quizapp.ui.widgets.key_bar import KeyBar


class DeckPickerScreen(Screen[None]):
    """A list of decks; Enter opens the chosen one's start screen."""

    CSS_PATH = "start.tcss"

    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def __init__(self, decks: list[Deck]) -> None:
        super().__init__()
        self.decks = decks

    def compose(self) -> ComposeResult:
        yield Static("Choose a deck (↑↓ then Enter)", id="deck-title")
        yield OptionList(
            *(
                Option(
                    template(
                        "[b]$title[/b]\n  $count questions$about",
                        title=deck.title,
                        count=len(deck.questions),
                        about=f" · {deck.description}" if deck.description else "",
                    ),
                    id=str(index),
                )
                for index, deck in enumerate(self.decks)
            ),
            id="decks",
        )
        yield KeyBar()

    def on_mount(self) -> None:
        decks = self.query_one("#decks", OptionList)
        decks.highlighted = 0
        decks.focus()

    @on(OptionList.OptionSelected, "#decks")
    def deck_chosen(self, event: OptionList.OptionSelected) -> None:
        self.post_message(DeckChosen(self.decks[event.option_index]))
