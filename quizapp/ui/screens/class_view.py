"""The teacher's live class view: who is where, and what the room gets wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quizapp.store.database import StoreUnreadable
from quizapp.store.reports import ClassSnapshot, read_class
from quizapp.store.results import Now, utc_now
from quizapp.text.wording import format_points, plural
from quizapp.ui.text import cell, literal, template
from quizapp.ui.widgets.footer import QuizFooter

REFRESH_SECONDS = 1.0
PROMPT_WIDTH = 52
WRONG_WIDTH = 32


def shorten(text: str, width: int) -> str:
    """Cut a line to `width` characters with an ellipsis, so every column stays in view."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class ClassScreen(Screen[None]):
    """Refreshed every second by a worker thread, so reading never blocks the screen."""

    CSS_PATH = "class_view.tcss"
    BINDINGS = [Binding("r", "refresh_now", "Refresh"), Binding("q", "app.quit", "Quit")]

    def __init__(
        self,
        folder: Path,
        *,
        deck_id: str | None,
        leaderboard: bool,
        hours: int,
        now: Now = utc_now,
    ) -> None:
        super().__init__()
        self.folder = folder
        self.now = now
        self.deck_id = deck_id
        self.leaderboard = leaderboard
        """Rank students by score; off unless the teacher asks (--leaderboard)."""
        self.hours = hours
        self.last: ClassSnapshot | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="class"):
            yield Static("Waiting for the class…", id="class-title", markup=False)
            yield Static(id="most-missed")
            yield Static("Students", classes="heading")
            yield DataTable(id="students", cursor_type="none", zebra_stripes=True)
            yield Static("Questions, as the answers arrive (first tries)", classes="heading")
            yield DataTable(id="questions", cursor_type="none", zebra_stripes=True)
        yield QuizFooter()

    def on_mount(self) -> None:
        students = self.query_one("#students", DataTable)
        if self.leaderboard:
            students.add_column("Rank")
        students.add_columns("Student", "Reached", "Right", "Score")
        self.query_one("#questions", DataTable).add_columns(
            "#", "Right", "Answered", "Question", "Most chosen wrong answer"
        )
        self.query_one("#most-missed").display = False
        self.action_refresh_now()
        self.set_interval(REFRESH_SECONDS, self.action_refresh_now)

    def action_refresh_now(self) -> None:
        self.load_snapshot()

    def read_snapshot(self) -> ClassSnapshot | None:
        """The class as the store has it now (runs in a worker thread)."""
        since = self.now() - dt.timedelta(hours=self.hours)
        return read_class(self.folder, since, self.deck_id)

    @work(thread=True, exclusive=True, group="class-refresh")
    def load_snapshot(self) -> None:
        try:
            snapshot = self.read_snapshot()
        except StoreUnreadable as error:
            self.app.call_from_thread(self.show_problem, str(error))
            return
        self.app.call_from_thread(self.show, snapshot)

    def show_problem(self, problem: str) -> None:
        """The file went bad (or was replaced) while the view was open: say so, keep trying."""
        self.query_one("#class-title", Static).update(
            literal(f"⚠ Cannot read the class: {problem}")
        )

    def show(self, snapshot: ClassSnapshot | None) -> None:
        """Redraw from a snapshot (on the UI thread)."""
        self.last = snapshot
        stamp = self.now().astimezone().strftime("%H:%M:%S")
        title = self.query_one("#class-title", Static)
        if snapshot is None:
            title.update(
                literal(
                    f"No rounds in the last {plural(self.hours, 'hour')} yet · refreshed {stamp}"
                )
            )
            return
        title.update(
            template(
                "Class view: $title · $count · refreshed $stamp",
                title=snapshot.deck_title,
                count=plural(len(snapshot.students), "student"),
                stamp=stamp,
            )
        )
        self._show_most_missed(snapshot)
        self._show_students(snapshot)
        self._show_questions(snapshot)

    def _show_most_missed(self, snapshot: ClassSnapshot) -> None:
        panel = self.query_one("#most-missed", Static)
        worst = snapshot.most_missed
        panel.display = worst is not None
        if worst is None:
            return
        head = "[b]⚠ Most missed:[/b] $prompt ($right of $answered right) — "
        panel.update(
            template(
                head
                + (
                    "most chosen wrong answer: “$wrong” ($count×)"
                    if worst.common_wrong
                    else "mostly skipped or timed out"
                ),
                prompt=worst.prompt,
                right=worst.right,
                answered=worst.answered,
                wrong=worst.common_wrong,
                count=worst.common_wrong_count,
            )
        )

    def _show_students(self, snapshot: ClassSnapshot) -> None:
        table = self.query_one("#students", DataTable)
        table.clear()
        students = list(snapshot.students)
        if self.leaderboard:
            students.sort(key=lambda s: (-s.score, s.name.casefold()))
        else:
            students.sort(key=lambda s: s.name.casefold())
        for rank, student in enumerate(students, start=1):
            reached = "finished" if student.finished else f"{student.answered} of {student.total}"
            table.add_row(
                *([cell(rank)] if self.leaderboard else []),
                cell(student.name),
                cell(reached),
                cell(f"{student.right} of {student.answered}"),
                cell(format_points(student.score)),
            )

    def _show_questions(self, snapshot: ClassSnapshot) -> None:
        table = self.query_one("#questions", DataTable)
        table.clear()
        worst = snapshot.most_missed
        for number, question in enumerate(snapshot.questions, start=1):
            marker = "⚠ " if worst and question.question_id == worst.question_id else ""
            right = f"{question.percent_right:.0f}%" if question.answered else "-"
            wrong = (
                f"{question.common_wrong} ({question.common_wrong_count}×)"
                if question.common_wrong
                else ""
            )
            table.add_row(
                cell(number),
                cell(right),
                cell(question.answered),
                cell(shorten(marker + question.prompt, PROMPT_WIDTH)),
                cell(shorten(wrong, WRONG_WIDTH)),
            )
