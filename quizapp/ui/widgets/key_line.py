"""The line under a question's prompt: the keys that answer it, then the verdict.

Once the answer is in, the verdict takes this line's very cells (same
lines, same width), so the screen repaints one line and lays out nothing:
the verdict shows in the first frame after the key, as fast as a bare
Textual app changes a label. What else the student learns (the answer, the
explanation) changes the card's size; it is brought in only after this line
has been drawn with the verdict (`then`), so its layout costs the next
frame, not this one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.widgets import Static

from quizapp.engine.session import Answer
from quizapp.text.width import fit, pad
from quizapp.ui.text import in_style, literal
from quizapp.ui.widgets.feedback import verdict_line

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.strip import Strip

VERDICT_BANDS = {
    "correct": "$success-muted",
    "wrong": "$error-muted",
    "partial": "$warning-muted",
    "skipped": "$warning-muted",
}
"""The band behind each kind of verdict; the symbol and words say it without colour."""

FALLBACK_SECONDS = 0.25
"""If the line is never drawn (scrolled away), `then` runs after this long anyway."""


class KeyLine(Static):
    """ "Press 1–4 or a–d to answer", and after the answer "✓ Correct" on its band."""

    def __init__(self, help_text: str) -> None:
        super().__init__(literal(help_text), id="keys")
        self._then: Callable[[], None] | None = None

    def show_verdict(self, answer: Answer, then: Callable[[], None] | None = None) -> None:
        """Draw the verdict in this line's cells; call `then` once it is on screen."""
        words, kind = verdict_line(answer)
        style = f"bold $text on {VERDICT_BANDS[kind]}"
        width, height = self.content_region.width, self.content_region.height
        if width < 1 or height < 1:  # not laid out yet: let it take the room it needs
            self.update(in_style(f" {words} ", style))
        else:
            rows = [pad(fit(f" {words}", width), width)] + [" " * width] * (height - 1)
            self.update(in_style("\n".join(rows), style), layout=False)
        if then is not None:
            self._then = then
            self.set_timer(FALLBACK_SECONDS, self._run_then)

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        if self._then is not None:
            self.call_later(self._run_then)  # the verdict is in the frame being written
        return lines

    def _run_then(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()
