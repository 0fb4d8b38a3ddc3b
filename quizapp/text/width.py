"""How wide text is on a terminal, so that tables line up with Korean, Chinese and accents.

East Asian wide and full-width characters take two cells, combining marks
none; everything else one. (Plain Python, so `quizapp report` stays light.)
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"


def cell_width(text: str) -> int:
    """Terminal cells `text` takes."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis when it is longer."""
    if cell_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        size = _char_width(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept).rstrip() + ELLIPSIS


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` cells."""
    return text + " " * max(0, width - cell_width(text))
