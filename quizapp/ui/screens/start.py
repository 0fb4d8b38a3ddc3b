"""The start screen: what the deck is, who is playing, and how to begin.

Besides a new round it offers to resume an unfinished one ("Resume: 12 of
30 answered"), a spaced review with the number of questions due today, the
briefing and the student's stats.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from quizapp.bank.model import Deck
from quizapp.engine.session import Mode, RoundKind, RoundOptions, on_topics
from quizapp.store.results import ResultsStore, SavedAttempt
from quizapp.store.review import due_today, review_questions
from quizapp.text.wording import plural
from quizapp.ui.messages import RoundRequested
from quizapp.ui.screens.briefing import BriefingScreen
from quizapp.ui.text import literal, template
from quizapp.ui.widgets.footer import QuizFooter

MODE_DESCRIPTIONS = {
    Mode.PRACTICE: "practice — feedback after each answer; missed questions come back at the end",
    Mode.TEST: "test — no feedback until the results; each question is asked once",
}


def long_date(day: dt.date) -> str:
    """`10 June 2025`: unambiguous wherever the class is."""
    return f"{day.day} {day:%B %Y}"


def round_size(deck: Deck, options: RoundOptions) -> int:
    """How many questions the round will ask, after --topic and --limit."""
    count = len(on_topics(deck.questions, options.topics))
    return min(count, options.limit) if options.limit else count


class StartScreen(Screen[None]):
    """Introduces one deck; Enter starts a round, `b` opens the briefing."""

    CSS_PATH = "start.tcss"

    BINDINGS = [
        Binding("enter", "start", "Start"),
        Binding("c", "resume", "Resume"),
        Binding("v", "review", "Review"),
        Binding("b", "briefing", "Briefing"),
        Binding("t", "stats", "Stats"),
        Binding("n", "change_name", "Name"),
        Binding("escape", "back", "Other decks"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        deck: Deck,
        options: RoundOptions,
        store: ResultsStore,
        *,
        student_name: str | None = None,
        suggested_name: str = "",
        can_go_back: bool = False,
        review_first: bool = False,
    ) -> None:
        super().__init__()
        self.deck = deck
        self.options = options
        self.store = store
        self.fixed_name = student_name
        """The student given with --student: not asked."""
        self.suggested_name = suggested_name
        self.can_go_back = can_go_back
        self.review_first = review_first
        """`quizapp review`: Enter starts a review instead of a new round."""
        self.saved: SavedAttempt | None = None
        self.due = 0

    def compose(self) -> ComposeResult:
        deck = self.deck
        with VerticalScroll(id="intro"):
            yield Static(literal(deck.title), id="deck-title")
            if deck.description:
                yield Static(literal(deck.description), id="description")
            for line in self._facts():
                yield Static(line, classes="fact")
        with Vertical(id="start-panel"):
            if self.store.notice:
                yield Static(self.store.notice, id="store-notice", markup=False)
            with Horizontal(id="who"):
                yield Label("Your name:", id="name-label")
                if self.fixed_name:
                    yield Static(literal(self.fixed_name), id="fixed-name")
                else:
                    yield Input(
                        self.suggested_name, placeholder="type your name", id="name", compact=True
                    )
            yield Static(id="status", markup=False)
            with Horizontal(id="start-buttons"):
                first = "Start a review (Enter)" if self.review_first else "Start (Enter)"
                yield Button(first, id="start", compact=True)
                yield Button("Resume (c)", id="resume", compact=True)
                if not self.review_first:
                    yield Button("Review (v)", id="review", compact=True)
                if deck.briefing:
                    yield Button("Briefing (b)", id="briefing", compact=True)
                yield Button("Stats (t)", id="stats", compact=True)
        yield QuizFooter()

    def _facts(self) -> list:
        deck = self.deck
        facts = []
        if deck.source.describe():
            facts.append(template("[b]Source:[/b] $text", text=deck.source.describe()))
        if deck.source.url:
            facts.append(template("[b]Link:[/b] $text", text=deck.source.url))
        if deck.as_of:
            facts.append(template("[b]Facts as of:[/b] $text", text=long_date(deck.as_of)))
        size = round_size(deck, self.options)
        total = len(deck.questions)
        count = f"{size}" if size == total else f"{size} of {total}"
        facts.append(template("[b]Questions:[/b] $text", text=count))
        if self.options.topics:
            chosen = dict.fromkeys(q.topic for q in on_topics(deck.questions, self.options.topics))
            facts.append(
                template("[b]Topics:[/b] $text (chosen with --topic)", text=", ".join(chosen))
            )
        elif deck.topics:
            facts.append(template("[b]Topics:[/b] $text", text=", ".join(deck.topics)))
        facts.append(template("[b]Mode:[/b] $text", text=MODE_DESCRIPTIONS[self.options.mode]))
        return facts

    def on_mount(self) -> None:
        self.refresh_status()
        name_box = self.query("#name")
        if name_box and not self.student_name:
            name_box.first().focus()
        else:
            self.query_one("#start", Button).focus()

    # -- who is playing -------------------------------------------------------

    @property
    def student_name(self) -> str:
        """The name as typed, trimmed; '' when not given yet."""
        if self.fixed_name:
            return self.fixed_name.strip()
        return self.query_one("#name", Input).value.strip()

    @on(Input.Changed, "#name")
    def name_changed(self) -> None:
        self.refresh_status()

    @on(Input.Submitted, "#name")
    def name_submitted(self) -> None:
        self.action_start()

    def refresh_status(self) -> None:
        """What this student can resume and review, for the name as typed."""
        self.saved = None
        self.due = 0
        name = self.student_name
        status = self.query_one("#status", Static)
        if not name:
            status.update("Type your name, then press Enter to start.")
        else:
            student = self.store.find_student(name)
            if student is not None:
                self.saved = self.store.unfinished_attempt(student, self.deck.id)
                cards = self.store.review_cards(student, self.deck.id)
                self.due = len(due_today(cards, self.store.now()))
            parts = []
            if self.saved is not None:
                parts.append(
                    f"Resume: {self.saved.answered} of {len(self.saved.order)} answered (c)"
                )
            parts.append(f"Review: {plural(self.due, 'question')} due today")
            status.update(" · ".join(parts))
        self.query_one("#resume", Button).display = self.saved is not None
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input) and action in (
            "resume",
            "review",
            "briefing",
            "stats",
            "change_name",
        ):
            return False  # letters type into the name box
        match action:
            case "change_name":
                return not self.fixed_name
            case "briefing":
                return bool(self.deck.briefing)
            case "back":
                return self.can_go_back
            case "resume":
                return self.saved is not None
        return True

    # -- buttons and keys -------------------------------------------------------

    @on(Button.Pressed)
    async def button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.run_action(event.button.id or "")

    def _name_or_ask(self) -> str:
        name = self.student_name
        if not name:
            self.notify("Type your name first.", severity="warning")
            self.query_one("#name", Input).focus()
        return name

    def action_start(self) -> None:
        if self.review_first:
            self.action_review()
            return
        name = self._name_or_ask()
        if not name:
            return
        if self.saved is not None:
            self.store.abandon_attempt(self.saved.id)  # starting afresh
        self.post_message(RoundRequested(self.deck, student_name=name))

    def action_resume(self) -> None:
        name = self._name_or_ask()
        if name and self.saved is not None:
            self.post_message(RoundRequested(self.deck, resume=self.saved, student_name=name))

    def action_review(self) -> None:
        name = self._name_or_ask()
        if not name:
            return
        student = self.store.find_student(name)
        cards = self.store.review_cards(student, self.deck.id) if student else []
        if not review_questions(self.deck.questions, cards, self.store.now()):
            self.notify("Nothing to review today: every question is scheduled for later.")
            return
        self.post_message(RoundRequested(self.deck, kind=RoundKind.REVIEW, student_name=name))

    def action_briefing(self) -> None:
        if not self.deck.briefing:
            return

        def start_if_asked(start: bool | None) -> None:
            if start:
                self.action_start()

        self.app.push_screen(BriefingScreen(self.deck), start_if_asked)

    def action_stats(self) -> None:
        from quizapp.ui.screens.stats import StatsScreen

        name = self._name_or_ask()
        if name:
            self.app.push_screen(StatsScreen(self.store, name, self.deck))

    def action_change_name(self) -> None:
        if not self.fixed_name:
            self.query_one("#name", Input).focus()

    def action_back(self) -> None:
        if self.can_go_back:
            self.dismiss(None)

    def on_screen_resume(self) -> None:
        """Back from a round or the stats: what can be resumed or reviewed has changed."""
        self.refresh_status()
