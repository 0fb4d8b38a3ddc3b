"""How the room answered, as horizontal bars: `a  South Korea  ████████ 12 ✓ right`.

One line per choice (in the order the room saw them) or per group of typed
answers. The bars share one scale, the longest filling the room there is,
and every bar carries its count, so nothing depends on reading lengths; a
right answer is marked with a symbol and the word ("✓ right"), its bar also
in the success colour but never told by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.widget import Widget

from quizapp.text.width import cell_width, fit
from quizapp.ui.text import in_style, literal

if TYPE_CHECKING:
    from textual.content import Content
    from textual.geometry import Size

BLOCK = "█"
RIGHT_MARK = "✓ right"
LABEL_SHARE = 0.45
"""At most this share of the width goes to the labels; longer ones are cut with an ellipsis."""
SMALLEST_BAR = 10


@dataclass(frozen=True)
class BarLine:
    """One line: what was given, how many gave it, whether it is right."""

    label: str
    count: int
    right: bool


def bar_layout(lines: Sequence[BarLine], width: int) -> tuple[int, int, int]:
    """Cells for the label, the bar and the count, to fit `width`."""
    count_width = max((len(str(line.count)) for line in lines), default=1)
    tail = 1 + count_width + 1 + len(RIGHT_MARK)
    widest = max((cell_width(line.label) for line in lines), default=0)
    label_width = min(widest, max(8, int(width * LABEL_SHARE)))
    bar_width = max(SMALLEST_BAR, width - label_width - 2 - tail)
    return label_width, bar_width, count_width


def bar_text(lines: Sequence[BarLine], width: int) -> list[tuple[str, str, str]]:
    """Each line as (label, bar, count and mark), padded to line up (for the widget and tests)."""
    label_width, bar_width, count_width = bar_layout(lines, width)
    most = max((line.count for line in lines), default=0)
    shown = []
    for line in lines:
        label = fit(line.label, label_width)
        label += " " * (label_width - cell_width(label))
        length = round(bar_width * line.count / most) if most else 0
        if line.count and not length:
            length = 1  # one answer is still seen
        bar = (BLOCK * length).ljust(bar_width)
        mark = f" {RIGHT_MARK}" if line.right else ""
        shown.append((label + "  ", bar, f" {line.count:>{count_width}}{mark}"))
    return shown


class AnswerBars(Widget):
    """The distribution of one question's answers, one bar per line."""

    def __init__(self, lines: Sequence[BarLine], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines = list(lines)

    def render(self) -> Content:
        rendered: list[Content] = []
        for (label, bar, tail), line in zip(
            bar_text(self.lines, self.size.width), self.lines, strict=True
        ):
            style = "bold $success" if line.right else "$primary"
            row = literal(label, lines=False) + in_style(bar, style)
            rendered.append(row + (in_style(tail, "bold") if line.right else literal(tail)))
        return literal("\n").join(rendered)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self.lines), 1)
