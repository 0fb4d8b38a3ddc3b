"""Scores over time as bars on a fixed 0–100% axis, with the axis labelled.

A chart that scaled to its data made 57% next to 70% look like nothing and
one round a full block; on a fixed axis, close scores read as close and a
single round reads as what it is. Each bar also carries its number, so the
chart never depends on reading heights (or colours) alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.widget import Widget

from quizapp.ui.text import literal

if TYPE_CHECKING:
    from textual.content import Content

ROWS = 5
"""Bar height in lines: each line is 20 points, split in eighths by the block characters."""
EIGHTHS = " ▁▂▃▄▅▆▇█"
COLUMN = 5
"""Cells per round: a bar of 3 and a gap of 2, wide enough for its label (`100%`)."""
AXIS = 6
"""Cells for the axis labels on the left."""


def bar_lines(values: Sequence[float], rows: int = ROWS) -> list[str]:
    """The chart as lines of text: axis, bars (oldest left), and each bar's percentage."""
    lines = []
    for row in range(rows, 0, -1):
        bottom = (row - 1) * 100 / rows
        label = {rows: "100%", (rows + 1) // 2: " 50%"}.get(row, "    ")
        cells = []
        for value in values:
            share = min(max(value - bottom, 0.0), 100 / rows) / (100 / rows)
            block = EIGHTHS[round(share * 8)]
            cells.append((block * 3).ljust(COLUMN))
        lines.append(f"{label} ┤ " + "".join(cells).rstrip())
    lines.append("  0% └─" + "─" * (COLUMN * len(values)))
    lines.append(" " * (AXIS + 1) + "".join(f"{value:.0f}%".ljust(COLUMN) for value in values))
    return lines


class PercentChart(Widget):
    """The latest scores that fit the width, oldest left, on a fixed 0–100% axis."""

    def __init__(self, values: Sequence[float], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.values = list(values)

    def render(self) -> Content:
        fits = max(1, (self.size.width - AXIS - 2) // COLUMN)
        return literal("\n".join(bar_lines(self.values[-fits:])))
