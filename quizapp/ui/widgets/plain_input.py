"""Text boxes that keep only visible text, whatever is typed or pasted into them.

Textual's Input takes pasted text as it comes and draws it as it is, so a
pasted ESC sequence would reach the terminal. These boxes drop control and
invisible characters on the way in (`quizapp.text.names.visible_text`).
"""

from __future__ import annotations

from textual.widgets import Input

from quizapp.text.names import MAX_NAME_LENGTH, visible_text


class PlainInput(Input):
    """An Input that never holds a control character."""

    def replace(self, text: str, start: int, end: int) -> None:
        """Typing and pasting: cleaned, and cut to the room left (Textual would refuse it all)."""
        text = visible_text(text)
        if self.max_length:
            start, end = sorted((max(0, start), min(len(self.value), end)))
            room = self.max_length - (len(self.value) - (end - start))
            text = text[: max(room, 0)]
        super().replace(text, start, end)

    def validate_value(self, value: str) -> str:
        """Every way text enters the box (keys, paste, `value=`) sets `value`, checked here."""
        return visible_text(value)


class NameInput(PlainInput):
    """Where a student types a name: visible text, at most `MAX_NAME_LENGTH` characters."""

    def __init__(
        self,
        value: str = "",
        *,
        placeholder: str = "",
        id: str | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(
            visible_text(value)[:MAX_NAME_LENGTH],
            placeholder=placeholder,
            id=id,
            compact=compact,
            max_length=MAX_NAME_LENGTH,
        )
