"""The first screen of `quizapp join`: the room's code and the student's name.

Enter joins (on the app's worker thread); what went wrong is one line under
the boxes (no such room, the room has ended, not on the class list), kept
until the student changes what they typed.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from quizapp.store.rooms import CODE_LENGTH
from quizapp.ui.text import literal, template
from quizapp.ui.widgets.key_bar import KeyBar
from quizapp.ui.widgets.plain_input import NameInput, PlainInput

CODE_BOX_LENGTH = 12
"""Room for a code typed with spaces or a dash ("km-ta"); only its letters count."""


ENTER_JOINS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("enter", "submit", "Join")
]
"""Enter in a box: submitted in the box's own turn, after the keys typed before it (a
priority binding on the screen would run first, and find the box still empty)."""


class CodeInput(PlainInput):
    """The room code's box: Enter (shown in the key bar) joins."""

    BINDINGS = ENTER_JOINS


class JoinNameInput(NameInput):
    """The name's box: Enter (shown in the key bar) joins."""

    BINDINGS = ENTER_JOINS


class JoinScreen(Screen[None]):
    """Asks for the room code (unless given) and the name (unless given), then joins."""

    BINDINGS = [
        Binding("enter", "join", "Join"),
        Binding("tab", "app.focus_next", "Next box", show=False),
    ]

    def __init__(self, code: str = "", *, student_name: str | None = None, suggested: str = ""):
        super().__init__()
        self.given_code = code
        self.fixed_name = student_name
        """Given with --student: shown, not asked."""
        self.suggested = suggested
        self.joining = False
        """A join is on its way: Enter waits for its answer."""

    def compose(self) -> ComposeResult:
        with Vertical(id="join-panel"):
            yield Static(literal("Join a live room"), id="join-title")
            yield Static(
                literal("Type the code your teacher shows, then your name, then press Enter."),
                id="join-help",
            )
            with Horizontal(classes="join-row"):
                yield Label("Room code:", classes="join-label")
                yield CodeInput(
                    self.given_code,
                    placeholder=f"{CODE_LENGTH} letters",
                    id="code",
                    compact=True,
                    max_length=CODE_BOX_LENGTH,
                )
            if self.fixed_name:
                yield Static(
                    template("[b]Your name:[/b]  $name", name=self.fixed_name), id="fixed-name"
                )
            else:
                with Horizontal(classes="join-row"):
                    yield Label("Your name:", classes="join-label")
                    yield JoinNameInput(
                        self.suggested, placeholder="type your name", id="name", compact=True
                    )
            yield Static(id="join-error")
            yield Static(id="join-status")
            yield Static(id="join-trouble", classes="saving-line")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#join-error").display = False
        self.query_one("#join-trouble").display = False
        if self.given_code and not self.fixed_name:
            self.query_one("#name", Input).focus()
        else:
            self.query_one("#code", Input).focus()
        if self.given_code and self.fixed_name:
            self.action_join()  # both given on the command line: join at once

    # -- what was typed -----------------------------------------------------------------

    @property
    def typed_code(self) -> str:
        return self.query_one("#code", Input).value.strip()

    @property
    def typed_name(self) -> str:
        if self.fixed_name:
            return self.fixed_name
        return self.query_one("#name", Input).value.strip()

    @on(Input.Changed)
    def typed(self) -> None:
        self.show_error("")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_join()

    # -- joining ------------------------------------------------------------------------

    def action_join(self) -> None:
        """Enter: join; in the code box with no name typed yet, go on to the name first."""
        if self.joining:
            return
        focused = self.focused
        if (
            isinstance(focused, Input)
            and focused.id == "code"
            and self.typed_code
            and not self.fixed_name
            and not self.typed_name
        ):
            self.query_one("#name", Input).focus()
            self._status("Now type your name, then press Enter.")
            return
        if not self.typed_code:
            self.show_error("Type the room code your teacher shows.")
            self.query_one("#code", Input).focus()
            return
        if not self.typed_name:
            self.show_error("Type your name.")
            self.query_one("#name", Input).focus()
            return
        self.joining = True
        self._status(f"Joining room {self.typed_code.upper()}…")
        join = getattr(self.app, "join", None)
        if join is not None:
            join(self.typed_code, self.typed_name)

    def show_error(self, text: str) -> None:
        """One line saying why the join failed ('' clears it); the student can try again."""
        error = self.query_one("#join-error", Static)
        error.update(literal(f"✗ {text}" if text else ""))
        error.display = bool(text)
        if text:
            self.joining = False
            self._status("")

    def show_trouble(self, text: str) -> None:
        """How the store stands, while it cannot be reached ('' once it can): a line of its
        own, so that the store opening never wipes what the status line says."""
        trouble = self.query_one("#join-trouble", Static)
        trouble.update(literal(text))
        trouble.display = bool(text)

    def _status(self, text: str) -> None:
        self.query_one("#join-status", Static).update(literal(text))
