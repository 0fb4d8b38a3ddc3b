"""A student's stats on a deck: scores over time, mastery, misses, reviews due."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static

from quizapp.bank.model import Deck
from quizapp.store.results import ResultsStore
from quizapp.store.review import due_per_day
from quizapp.store.stats import RECENT_ROUNDS, most_missed, score_history, topic_mastery
from quizapp.text.wording import plural
from quizapp.ui.text import cell, literal, template
from quizapp.ui.widgets.key_bar import KeyBar
from quizapp.ui.widgets.percent_chart import PercentChart


def meter(percent: float, width: int = 10) -> str:
    """`███████░░░`: a share on a fixed scale, next to its number."""
    filled = round(percent / 100 * width)
    return "█" * filled + "░" * (width - filled)


class StatsScreen(Screen[None]):
    """Read-only: everything here comes from the results store."""

    CSS_PATH = "stats.tcss"
    BINDINGS = [Binding("escape,t,q", "close", "Back")]

    def __init__(self, store: ResultsStore | None, student_name: str, deck: Deck) -> None:
        super().__init__()
        self.store = store
        self.student_name = student_name
        self.deck = deck

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats"):
            yield Static(
                template("Stats: $name on $title", name=self.student_name, title=self.deck.title),
                id="stats-title",
            )
            yield from self._sections()
        yield KeyBar()

    def _sections(self) -> Iterator[Widget]:
        store, deck = self.store, self.deck
        if store is None:
            yield Static(
                "Stats come from the results database, which is not open yet.", classes="empty"
            )
            return
        student = store.find_student(self.student_name)
        if student is None:
            yield Static("No rounds played yet under this name.", classes="empty")
            return
        history = score_history(store, student, deck.id)
        yield Static("Scores over time", classes="heading")
        if history:
            yield PercentChart([percent for _, percent in history], id="scores")
            recent = ", ".join(f"{percent:.0f}%" for _, percent in history[-8:])
            rounds = plural(len(history), "finished round")
            yield Static(literal(f"{rounds}; latest: {recent}"))
        else:
            yield Static("No finished rounds yet.", classes="empty")
        yield Static(
            literal(f"Mastery by topic: first tries right, over your last {RECENT_ROUNDS} rounds"),
            classes="heading",
        )
        yield DataTable(id="mastery", cursor_type="none", zebra_stripes=True)
        yield Static("Missed most often", classes="heading")
        missed = most_missed(store, student, deck.id)
        if missed:
            for question_id, prompt, misses in missed:
                yield Static(
                    template(
                        "✗ $misses×  $prompt  ($id)", misses=misses, prompt=prompt, id=question_id
                    ),
                    classes="missed-line",
                )
        else:
            yield Static("Nothing missed yet.", classes="empty")
        yield Static("Reviews due in the next 7 days", classes="heading")
        yield DataTable(id="due", cursor_type="none", zebra_stripes=True)

    def on_mount(self) -> None:
        student = self.store.find_student(self.student_name) if self.store else None
        if self.store is None or student is None:
            return
        mastery = self.query_one("#mastery", DataTable)
        mastery.add_columns("Topic", "First tries right", "Mastery")
        for topic in topic_mastery(self.store, student, self.deck.id):
            share = topic.percent
            mastery.add_row(
                cell(topic.topic),
                cell(f"{topic.right} of {topic.first_tries}" if topic.first_tries else "not yet"),
                cell(f"{share:3.0f}% {meter(share)}" if share is not None else "-"),
            )
        due = self.query_one("#due", DataTable)
        due.add_columns("Day", "Due")
        cards = self.store.review_cards(student, self.deck.id)
        for number, (day, count) in enumerate(due_per_day(cards, self.store.now())):
            label = "today" if number == 0 else f"{day:%a} {day.day} {day:%b}"
            due.add_row(cell(label), cell(count))
        self.query_one("#stats").focus()

    def action_close(self) -> None:
        self.dismiss(None)
