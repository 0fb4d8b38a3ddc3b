"""The room's code, big enough to read from the back of a classroom.

Drawn in block letters (five rows, twice as wide and tall on a projector's
larger terminal), with the plain letters spaced out underneath, so that it
reads aloud letter by letter ("K M T A") and can also be copied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

from quizapp.ui.text import literal

if TYPE_CHECKING:
    from textual.content import Content
    from textual.geometry import Size

GLYPHS: dict[str, tuple[str, ...]] = {
    "A": (" ███ ", "█   █", "█████", "█   █", "█   █"),
    "C": (" ████", "█    ", "█    ", "█    ", " ████"),
    "D": ("████ ", "█   █", "█   █", "█   █", "████ "),
    "E": ("█████", "█    ", "████ ", "█    ", "█████"),
    "F": ("█████", "█    ", "████ ", "█    ", "█    "),
    "H": ("█   █", "█   █", "█████", "█   █", "█   █"),
    "J": ("  ███", "    █", "    █", "█   █", " ███ "),
    "K": ("█   █", "█  █ ", "███  ", "█  █ ", "█   █"),
    "L": ("█    ", "█    ", "█    ", "█    ", "█████"),
    "M": ("█   █", "██ ██", "█ █ █", "█   █", "█   █"),
    "N": ("█   █", "██  █", "█ █ █", "█  ██", "█   █"),
    "P": ("████ ", "█   █", "████ ", "█    ", "█    "),
    "R": ("████ ", "█   █", "████ ", "█  █ ", "█   █"),
    "T": ("█████", "  █  ", "  █  ", "  █  ", "  █  "),
    "U": ("█   █", "█   █", "█   █", "█   █", " ███ "),
    "V": ("█   █", "█   █", "█   █", " █ █ ", "  █  "),
    "W": ("█   █", "█   █", "█ █ █", "██ ██", "█   █"),
    "X": ("█   █", " █ █ ", "  █  ", " █ █ ", "█   █"),
    "Y": ("█   █", " █ █ ", "  █  ", "  █  ", "  █  "),
}
"""Every letter a room code uses (`quizapp.store.rooms.CODE_LETTERS`), five cells by five."""
ROWS = 5
GAP = 3
"""Cells between two letters."""


def spaced(code: str) -> str:
    """`KMTA` as it is read aloud: `K M T A`."""
    return " ".join(code)


def block_lines(code: str, scale: int = 1) -> list[str]:
    """The code in block letters, each cell `scale` times as wide and tall."""
    rows = []
    for row in range(ROWS):
        glyphs = [GLYPHS.get(letter, (" " * 5,) * ROWS)[row] for letter in code]
        line = (" " * GAP).join(glyphs)
        rows.extend(["".join(char * scale for char in line)] * scale)
    return rows


def block_width(code: str, scale: int = 1) -> int:
    return (len(code) * 5 + GAP * max(len(code) - 1, 0)) * scale


class RoomCode(Widget):
    """The code in block letters, then spaced out; twice the size when the screen allows."""

    def __init__(self, code: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.code = code

    def scale(self) -> int:
        width, height = self.app.size
        big = block_width(self.code, 2) + 4 <= width and height >= 36
        return 2 if big else 1

    def render(self) -> Content:
        lines = block_lines(self.code, self.scale())
        return literal("\n".join([*lines, "", spaced(self.code)]))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return ROWS * self.scale() + 2

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max(block_width(self.code, self.scale()), len(spaced(self.code)))
