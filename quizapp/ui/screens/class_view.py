"""The teacher's live class view: who is where, and what the room gets wrong.

Made to fit: at 80×24 every column is readable, long names and prompts are
cut with an ellipsis (never pushing another column off screen), and each
student's status is a symbol and a word (playing, finished, idle, left).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quizapp.store.address import DatabaseAddress
from quizapp.store.class_progress import ClassSnapshot, Status, StudentProgress, read_class
from quizapp.store.database import StoreUnreadable
from quizapp.store.results import Now, utc_now
from quizapp.text.width import fit
from quizapp.text.wording import format_points, plural
from quizapp.ui.text import cell, literal, template
from quizapp.ui.widgets.key_bar import KeyBar

REFRESH_SECONDS = 1.0
NAME_WIDTH = 18
"""A student's name is cut here; the numbers after it stay in view."""
WRONG_WIDTH = 18
SMALLEST_PROMPT = 16

STATUS_WORDS = {
    Status.PLAYING: "● playing",
    Status.FINISHED: "✓ finished",
    Status.IDLE: "◌ idle",
    Status.LEFT: "← left",
}
"""A symbol and a word for each status: never colour alone."""

OVERRULE_MARK = "⚑"
"""Marks answers a student overruled ("I was right"): the teacher may want to look at them."""


def reached(student: StudentProgress) -> str:
    """`Q3 of 9` for the question a student is on, or `done 9` once finished."""
    if student.finished:
        return f"all {student.total}"
    return f"Q{student.reached} of {student.total}"


class ClassScreen(Screen[None]):
    """Refreshed every second by a worker thread, so reading never blocks the screen."""

    CSS_PATH = "class_view.tcss"
    BINDINGS = [Binding("r", "refresh_now", "Refresh"), Binding("q", "app.quit", "Quit")]

    def __init__(
        self,
        folder: Path | DatabaseAddress,
        *,
        deck_id: str | None,
        leaderboard: bool,
        hours: int,
        now: Now = utc_now,
        roster: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.folder = folder
        self.now = now
        self.roster = tuple(roster)
        """The class list, when given: who has not joined yet is listed."""
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
            yield Static(id="not-joined")
            yield Static(
                literal(f"{OVERRULE_MARK} answers overruled by the student (“I was right”)"),
                id="legend",
            )
            yield Static("Questions, as the answers arrive (first tries)", classes="heading")
            yield DataTable(id="questions", cursor_type="none", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        students = self.query_one("#students", DataTable)
        if self.leaderboard:
            students.add_column("Rank")
        students.add_columns("Student", "Status", "Reached", "Right", "Score")
        self.query_one("#questions", DataTable).add_columns(
            "#", "Right", "n", "Question", "Most chosen wrong"
        )
        for hidden in ("#most-missed", "#not-joined", "#legend"):
            self.query_one(hidden).display = False
        self.action_refresh_now()
        self.set_interval(REFRESH_SECONDS, self.action_refresh_now)

    def action_refresh_now(self) -> None:
        self.load_snapshot()

    def read_snapshot(self) -> ClassSnapshot | None:
        """The class as the store has it now (runs in a worker thread)."""
        since = self.now() - dt.timedelta(hours=self.hours)
        return read_class(self.folder, since, self.deck_id, now=self.now(), roster=self.roster)

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
        not_joined = self.query_one("#not-joined", Static)
        not_joined.display = bool(snapshot.not_joined)
        if snapshot.not_joined:
            not_joined.update(
                literal(
                    f"Not joined yet ({len(snapshot.not_joined)}): {', '.join(snapshot.not_joined)}"
                )
            )
        overruled = any(s.overruled for s in snapshot.students)
        self.query_one("#legend").display = overruled

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
            mark = f" {OVERRULE_MARK}{student.overruled}" if student.overruled else ""
            table.add_row(
                *([cell(rank)] if self.leaderboard else []),
                cell(fit(student.name, NAME_WIDTH)),
                cell(STATUS_WORDS[student.status]),
                cell(reached(student)),
                cell(f"{student.right} of {student.answered}{mark}"),
                cell(format_points(student.score)),
            )

    def _prompt_width(self) -> int:
        """What the question column may take: the screen's width less the other columns."""
        others = 3 + 4 + 3 + WRONG_WIDTH + 2 * 5 + 4  # numbers, the wrong answer, cell padding
        return max(SMALLEST_PROMPT, self.size.width - others)

    def _show_questions(self, snapshot: ClassSnapshot) -> None:
        table = self.query_one("#questions", DataTable)
        table.clear()
        worst = snapshot.most_missed
        width = self._prompt_width()
        for number, question in enumerate(snapshot.questions, start=1):
            marker = "⚠ " if worst and question.question_id == worst.question_id else ""
            if question.overruled:
                marker += f"{OVERRULE_MARK}{question.overruled} "
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
                cell(fit(marker + question.prompt, width)),
                cell(fit(wrong, WRONG_WIDTH)),
            )

    def on_resize(self) -> None:
        """A narrower or wider terminal: cut the prompts to the new width."""
        if self.last is not None:
            self._show_questions(self.last)
