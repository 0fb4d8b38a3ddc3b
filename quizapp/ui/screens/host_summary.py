"""The end of a room: how much of the class got each question at the first try, hardest first.

The ranking by points follows only when the room was opened with
`--leaderboard`: by default a drill is not a contest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from quizapp.text.width import fit
from quizapp.text.wording import format_points, plural
from quizapp.ui.screens.host_common import RoomScreen
from quizapp.ui.text import cell, literal, template
from quizapp.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quizapp.ui.host_app import Ended, RoomNow

SMALLEST_PROMPT = 20
NAME_WIDTH = 30


class HostSummaryScreen(RoomScreen):
    """The room has ended; q quits."""

    BINDINGS = [Binding("q", "app.quit", "Quit")]

    def __init__(self, ended: Ended) -> None:
        super().__init__()
        self.ended = ended

    def compose(self) -> ComposeResult:
        ended = self.ended
        state = ended.state
        with VerticalScroll(id="summary"):
            yield Static(
                template(
                    "[b]Room $code has ended[/b] · $title · $asked of $questions asked · $students",
                    code=state.code,
                    title=state.title,
                    asked=max(state.position + 1, 0),
                    questions=plural(state.count, "question"),
                    students=plural(ended.players, "student"),
                ),
                id="summary-title",
            )
            yield Static("Right at the first try, hardest first", classes="heading")
            if ended.summary:
                yield DataTable(id="summary-questions", cursor_type="none", zebra_stripes=True)
            else:
                yield Static(literal("No answers were given."), id="summary-empty")
            if ended.ranking is not None:
                yield Static("Ranking by points", classes="heading")
                yield DataTable(id="summary-ranking", cursor_type="none", zebra_stripes=True)
        yield self.problem_line()
        yield KeyBar()

    def on_mount(self) -> None:
        if self.ended.summary:
            self._fill_questions()
        if self.ended.ranking is not None:
            table = self.query_one("#summary-ranking", DataTable)
            table.add_columns("Rank", "Student", "Points")
            for rank, row in enumerate(self.ended.ranking, start=1):
                table.add_row(
                    cell(rank), cell(fit(row.name, NAME_WIDTH)), cell(format_points(row.points))
                )

    def _prompt_width(self) -> int:
        return max(SMALLEST_PROMPT, self.app.size.width - 4 - 6 - 10 - 3 * 2 - 4)

    def _fill_questions(self) -> None:
        table = self.query_one("#summary-questions", DataTable)
        table.add_columns("Right", "Answered", "Question")
        width = self._prompt_width()
        for row in self.ended.summary:
            table.add_row(
                cell(f"{round(100 * row.share)}%"),
                cell(f"{row.right} of {row.answered}"),
                cell(fit(row.prompt, width)),
            )

    def show_room(self, room: RoomNow) -> None:
        """The room has ended: nothing more arrives."""
