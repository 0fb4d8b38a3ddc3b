"""Resume or start afresh: asked when Enter would otherwise abandon an unfinished round."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quizapp.ui.text import literal


class ResumePrompt(ModalScreen[str | None]):
    """Dismissed with "resume", "afresh", or None (back to the start screen)."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("c,r", "choose('resume')", "Resume"),
        Binding("n", "choose('afresh')", "Start afresh"),
        Binding("escape", "choose(None)", "Back"),
    ]

    def __init__(self, answered: int, total: int) -> None:
        super().__init__()
        self.answered = answered
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("You have a round to finish", classes="dialog-title")
            yield Static(
                literal(
                    f"You answered {self.answered} of {self.total} questions last time. "
                    "Resume goes on where you stopped; starting afresh sets that round "
                    "aside for good."
                ),
                classes="dialog-detail",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Back (Esc)", id="back")
                yield Button("Start afresh (n)", id="afresh", variant="warning")
                yield Button("Resume (c)", id="resume", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "back" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
