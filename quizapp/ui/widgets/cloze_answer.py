"""The answer widget of a cloze question: one row per blank, typed or picked.

The prompt above shows each blank as a numbered gap (`[1 ____]`); here each
gap gets a row with the same number: a one-line box for a typed blank, or
its choices (`a ( ) October  b (•) November`) for a blank with choices. ↑↓
(or Tab) go from blank to blank, and Enter goes on to the next empty one,
submitting once every blank is filled.

Once the answer is in, each row's mark becomes ✓ or ✗ in place: the marks
have a fixed width, so nothing is laid out again for the verdict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from quizapp.engine.grading import ClozeResponse
from quizapp.ui.messages import AnswerGiven, AnswerRejected
from quizapp.ui.text import literal, template
from quizapp.ui.widgets.answers import LETTERS, POINTER, LockableInput, tell_screen

if TYPE_CHECKING:
    from typing import Self

    from textual.content import Content

PICKED = "(•)"
"""A blank's picked choice, marked in text (not only in colour)."""
NOT_PICKED = "( )"


class BlankInput(LockableInput):
    """A typed blank: one line; Enter goes on (the row's container decides where)."""

    def __init__(self, number: int) -> None:
        super().__init__(placeholder=f"Type blank {number}", compact=True, classes="blank-field")


class BlankChoices(Static, can_focus=True):
    """A blank picked from its choices: a–g pick one, ← → move the pick."""

    BINDINGS = [
        Binding("left", "step(-1)", "Previous choice", show=False),
        Binding("right", "step(1)", "Next choice", show=False),
    ]

    def __init__(self, choices: tuple[str, ...]) -> None:
        super().__init__(classes="blank-field blank-choices")
        self.choices = choices
        self.picked: int | None = None
        """The index of the choice picked, if any."""
        self.locked = False
        """Set once the answer is in: the keys go on to the screen."""

    @property
    def value(self) -> str:
        """The choice picked, or '' when none is."""
        return self.choices[self.picked] if self.picked is not None else ""

    def on_mount(self) -> None:
        self.update(self.line())

    def line(self) -> Content:
        """Every choice with its key and whether it is picked, wrapping as one paragraph."""
        parts = []
        for index, choice in enumerate(self.choices):
            key = LETTERS[index] if index < len(LETTERS) else "·"
            mark = PICKED if index == self.picked else NOT_PICKED
            parts.append(template("[b]$key[/b] $mark $choice", key=key, mark=mark, choice=choice))
        return literal("   ").join(parts)

    def pick(self, index: int) -> None:
        """Pick the choice at `index`: the same characters redrawn, so no layout."""
        self.picked = index
        self.update(self.line(), layout=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.locked

    def action_step(self, step: int) -> None:
        if self.locked:
            return
        start = -1 if self.picked is None and step > 0 else (self.picked or 0)
        self.pick((start + step) % len(self.choices))

    def on_key(self, event: events.Key) -> None:
        if self.locked or event.character is None:
            return
        index = LETTERS.find(event.character.lower())
        if 0 <= index < len(self.choices):
            event.stop()
            event.prevent_default()
            self.pick(index)


class BlankRow(Horizontal):
    """One blank: its mark (✓/✗ once answered), its number (▸ with the cursor), its field."""

    def __init__(self, number: int, choices: tuple[str, ...]) -> None:
        super().__init__(classes="blank-row")
        self.number = number
        self.mark = Static(" ", classes="blank-mark", markup=False)
        self.label = Static(literal(self._label(False)), classes="blank-number")
        self.field: BlankInput | BlankChoices = (
            BlankChoices(choices) if choices else BlankInput(number)
        )

    def compose(self) -> ComposeResult:
        yield self.mark
        yield self.label
        yield self.field

    @property
    def value(self) -> str:
        """What the blank holds: typed text (trimmed) or the choice picked; '' when empty."""
        return self.field.value.strip()

    def _label(self, current: bool) -> str:
        return f"{POINTER if current else ' '}{self.number:>2}"

    def show_current(self, current: bool) -> None:
        """Move the `▸` to this row, or off it: the same width, redrawn in place."""
        self.label.update(literal(self._label(current)), layout=False)


class ClozeAnswer(Vertical):
    """Fill in every blank; Enter goes to the next empty blank, then submits."""

    BINDINGS = [
        Binding("up", "blank(-1)", "Previous blank", show=False),
        Binding("down", "blank(1)", "Next blank", show=False),
        Binding("enter", "enter", "Next blank or submit", show=False),
    ]

    def __init__(
        self, blank_options: tuple[tuple[str, ...], ...], *, id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="cloze")
        self.rows = [BlankRow(n, choices) for n, choices in enumerate(blank_options, start=1)]
        self.current = 0
        """The row that has (or last had) the cursor."""
        self._locked = False

    def compose(self) -> ComposeResult:
        yield from self.rows

    def on_mount(self) -> None:
        if self.rows:
            self.rows[0].show_current(True)

    @property
    def values(self) -> tuple[str, ...]:
        """What each blank holds, in order."""
        return tuple(row.value for row in self.rows)

    @property
    def locked(self) -> bool:
        """Set once the answer is in: no blank takes keys, which go on to the screen."""
        return self._locked

    @locked.setter
    def locked(self, locked: bool) -> None:
        self._locked = locked
        for row in self.rows:
            row.field.locked = locked

    def focus(self, scroll_visible: bool = True) -> Self:
        """The cursor goes back to the blank it was last in (after Esc, `i` brings it here)."""
        if self.rows:
            self.rows[self.current].field.focus(scroll_visible)
        return self

    def stop_blinking(self) -> None:
        """Once answered, no box's cursor invites typing."""
        for row in self.rows:
            if isinstance(row.field, BlankInput):
                row.field.stop_blinking()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Locked: ↑↓ scroll and Enter goes to the next question, as on the screen."""
        return not self._locked

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Follow the cursor, by key or click, so `▸` marks the blank being filled."""
        for index, row in enumerate(self.rows):
            if row.field is event.widget and index != self.current:
                self.rows[self.current].show_current(False)
                self.current = index
                row.show_current(True)

    def move_to(self, index: int) -> None:
        """Put the cursor in blank `index` at once, not after the keys already waiting.

        `Widget.focus` moves it later (after the current message), so a key
        typed right after Enter would still land in the blank it left.
        """
        self.screen.set_focus(self.rows[index].field)

    def action_blank(self, step: int) -> None:
        """Go to the blank above (-1) or below (+1)."""
        target = self.current + step
        if not self._locked and 0 <= target < len(self.rows):
            self.move_to(target)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_enter()

    def action_enter(self) -> None:
        """Submit when every blank is filled; otherwise go on to the next empty one."""
        if self._locked:
            return
        values = self.values
        if all(values):
            tell_screen(self, AnswerGiven(ClozeResponse(values)))
            return
        row = self.rows[self.current]
        if not row.value:
            tell_screen(self, AnswerRejected(empty_blank_message(row)))
            return
        count = len(self.rows)
        following = (self.current + step for step in range(1, count))
        empty = next(index % count for index in following if not values[index % count])
        self.move_to(empty)

    def show_verdict(self, marks: tuple[bool, ...]) -> None:
        """✓ or ✗ in front of each blank, drawn into cells kept for it (no layout)."""
        for row, right in zip(self.rows, marks, strict=False):
            row.mark.update(literal("✓" if right else "✗"), layout=False)


def empty_blank_message(row: BlankRow) -> str:
    """Why Enter did not go on: this blank is still empty, and what to do about it."""
    if isinstance(row.field, BlankChoices):
        last = LETTERS[min(len(row.field.choices), len(LETTERS)) - 1]
        return f"Pick a choice for blank {row.number} first (a–{last}), or press s to skip."
    return f"Fill in blank {row.number} first (a guess is fine), or press Esc and then s to skip."
