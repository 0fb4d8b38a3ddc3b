"""The start screen: what the deck is, who is playing, and how to begin.

Besides a new round it offers to resume an unfinished one ("Resume: 12 of
30 answered"), a spaced review with the number of questions due today, the
briefing and the student's stats. What the student has waiting is looked up
on a worker thread as the name is typed, so the screen never waits for the
database; Enter with a round to resume asks "resume or start afresh".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Static
from textual.worker import get_current_worker

from quizapp.bank.model import Deck
from quizapp.engine.options import Mode, RoundKind, RoundOptions, on_topics
from quizapp.store.saver import SaveStatus
from quizapp.text.names import BadName, clean_name
from quizapp.text.wording import plural
from quizapp.ui.messages import RoundRequested
from quizapp.ui.text import in_style, literal, template, with_click
from quizapp.ui.unsaved import confirm_quit, saving_line, saving_status
from quizapp.ui.widgets.key_bar import KeyBar
from quizapp.ui.widgets.plain_input import NameInput

if TYPE_CHECKING:
    from textual.content import Content

    from quizapp.store.history import StudentHistory
    from quizapp.store.results import ResultsStore, SavedAttempt

# The store and the screens this one opens are imported where first used: the first
# frame needs none of them (the app loads them once it is drawn, see `QuizApp.warm_up`).

CHOICE_STYLE = "bold $text on $panel"

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
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        deck: Deck,
        options: RoundOptions,
        *,
        student_name: str | None = None,
        suggested_name: str = "",
        can_go_back: bool = False,
        review_first: bool = False,
    ) -> None:
        super().__init__()
        self.deck = deck
        self.options = options
        self.fixed_name = student_name
        """The student given with --student: not asked."""
        self.suggested_name = suggested_name
        self.can_go_back = can_go_back
        self.review_first = review_first
        """`quizapp review`: Enter starts a review instead of a new round."""
        self.history: StudentHistory | None = None
        """What the name on screen has waiting, once looked up (None: not known yet)."""
        self._start_when_known = False
        """Enter was pressed before the lookup finished: decide once it has."""
        self._asked_for: str | None = None
        """The name whose history was last asked for (the answer may be on its way)."""
        self._refusal = ""
        """Why the name on screen cannot play (not on the roster, no letter), or ''."""

    def compose(self) -> ComposeResult:
        deck = self.deck
        with VerticalScroll(id="intro"):
            yield Static(literal(deck.title), id="deck-title")
            if deck.description:
                yield Static(literal(deck.description), id="description")
            yield Static(self._facts(), id="facts")
        with Vertical(id="start-panel"):
            yield Static(id="store-notice", classes="saving-line")
            if self.fixed_name:
                yield Static(
                    template("[b]Your name:[/b] $name", name=self.fixed_name), id="fixed-name"
                )
            else:
                with Horizontal(id="who"):
                    yield Label("Your name:", id="name-label")
                    yield NameInput(
                        self.suggested_name, placeholder="type your name", id="name", compact=True
                    )
            yield Static(id="status")
            choices = Static(self._choices(), id="start-choices")
            choices.auto_links = False  # drawn as buttons, not as underlined links
            yield choices
        yield KeyBar()

    def _choices(self) -> Content:
        """`▶ Start (Enter)  Resume (c)  Review (v) …`: what can be done now, each clickable.

        One line of text rather than a row of Buttons: the keys work from
        anywhere on the screen, the key bar repeats them, and six widgets
        fewer (and Button's stylesheet) keep the first frame quick.
        """
        first = "Start a review (Enter)" if self.review_first else "Start (Enter)"
        choices = [(f"▶ {first}", "start", CHOICE_STYLE + " reverse")]
        if self.saved is not None:
            choices.append(("Resume (c)", "resume", CHOICE_STYLE))
        if not self.review_first:
            choices.append(("Review (v)", "review", CHOICE_STYLE))
        if self.deck.briefing:
            choices.append(("Briefing (b)", "briefing", CHOICE_STYLE))
        choices.append(("Stats (t)", "stats", CHOICE_STYLE))
        return literal(" ").join(
            with_click(in_style(f" {label} ", style), f"screen.{action}")
            for label, action, style in choices
        )

    def _facts(self) -> Content:
        """The facts about the deck and the round, one per line, for one Static (the first
        frame draws one widget, not six)."""
        return literal("\n").join(self._fact_lines())

    def _fact_lines(self) -> Iterator[Content]:
        """Source, link, date, size, topics, mode."""
        deck = self.deck

        def fact(label: str, text: str) -> Content:
            return template(f"[b]{label}:[/b] $text", text=text)

        if deck.source.describe():
            yield fact("Source", deck.source.describe())
        if deck.source.url:
            yield fact("Link", deck.source.url)
        if deck.as_of:
            yield fact("Facts as of", long_date(deck.as_of))
        size = round_size(deck, self.options)
        total = len(deck.questions)
        yield fact("Questions", f"{size}" if size == total else f"{size} of {total}")
        if self.options.topics:
            chosen = dict.fromkeys(q.topic for q in on_topics(deck.questions, self.options.topics))
            yield fact("Topics", f"{', '.join(chosen)} (chosen with --topic)")
        elif deck.topics:
            yield fact("Topics", ", ".join(deck.topics))
        yield fact("Mode", MODE_DESCRIPTIONS[self.options.mode])

    def on_mount(self) -> None:
        self.show_saving(saving_status(self.app))
        self.refresh_status()
        name_box = self.query("#name")
        if name_box and not self.typed_name:
            name_box.first().focus()
        else:
            self.query_one("#intro").focus()  # arrows scroll the intro; Enter starts

    @property
    def reader(self) -> ResultsStore | None:
        return getattr(self.app, "reader", None)

    def show_saving(self, status: SaveStatus) -> None:
        """The store's notice (a damaged file moved aside, results not saved, waiting)."""
        found = self.query("#store-notice")
        if not found:
            return  # told before it was composed: on_mount shows it
        notice = found.only_one(Static)
        line = saving_line(status) or (f"⚠ {status.notice}" if status.notice else "")
        notice.display = bool(line)
        if line:
            notice.update(literal(line))
        if status.ready and self.history is None and self._asked_for != self.typed_name:
            self.refresh_status()  # the database just opened: look the student up now

    # -- who is playing -------------------------------------------------------

    @property
    def typed_name(self) -> str:
        """The name as typed, trimmed; '' when not given yet."""
        if self.fixed_name:
            return self.fixed_name.strip()
        return self.query_one("#name", Input).value.strip()

    @on(Input.Changed, "#name")
    def name_changed(self) -> None:
        self._refusal = ""
        self.refresh_status()

    @on(Input.Submitted, "#name")
    def name_submitted(self) -> None:
        self.action_start()

    def refresh_status(self) -> None:
        """Look up what the name on screen has waiting (on a worker thread)."""
        self.history = None
        self._show_history()
        name = self.typed_name
        if name and self.reader is not None:
            self._asked_for = name
            self._look_up(name)

    @work(thread=True, exclusive=True, group="history")
    def _look_up(self, name: str) -> None:
        from quizapp.store.history import StudentHistory, look_up

        reader = self.reader
        if reader is None:
            return
        try:
            history = look_up(reader, name, self.deck.id)
        except Exception:  # noqa: BLE001 - a database that cannot be read must not stop the quiz
            history = StudentHistory(name)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._found, history)

    def _found(self, history: StudentHistory) -> None:
        if history.name != self.typed_name:
            return  # the name changed while it was looked up
        self.history = history
        self._show_history()
        if self._start_when_known:
            self._start_when_known = False
            self.action_start()

    def _show_history(self) -> None:
        status = self.query_one("#status", Static)
        history = self.history
        name = self.typed_name
        if self._refusal:
            status.update(literal(self._refusal))
        elif not name:
            status.update(literal("Type your name, then press Enter to start."))
        elif history is None:
            status.update(literal("Looking up your history…" if self.reader else ""))
        else:
            parts = []
            if history.saved is not None:
                parts.append(
                    f"Resume: {history.saved.answered} of {len(history.saved.order)} answered (c)"
                )
            parts.append(f"Review: {plural(history.due, 'question')} due today")
            status.update(literal(" · ".join(parts)))
        self.query_one("#start-choices", Static).update(self._choices(), layout=False)
        self.refresh_bindings()

    @property
    def saved(self) -> SavedAttempt | None:
        """The unfinished round the name on screen can resume, if known."""
        return self.history.saved if self.history else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input) and action in (
            "resume",
            "review",
            "briefing",
            "stats",
            "change_name",
            "quit",
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

    def _name_or_ask(self) -> str:
        """The typed name, cleaned; '' (and a message saying why) when it cannot be used."""
        typed = self.typed_name
        if not typed:
            self.notify("Type your name first.", severity="warning")
            self._focus_name()
            return ""
        try:
            name = clean_name(typed)
        except BadName as error:
            self._refuse(f"That name will not do: {error}.")
            return ""
        roster = getattr(self.app, "roster", None)
        if roster is None:
            return name
        listed = roster.find(name)
        if listed is None:
            self._refuse(roster.refusal(name))
            return ""
        return listed  # the teacher's spelling

    def _refuse(self, why: str) -> None:
        """Say why the name cannot play, and keep saying it until the name changes."""
        self._refusal = why
        self._show_history()
        self._focus_name()

    def _focus_name(self) -> None:
        if not self.fixed_name:
            self.query_one("#name", Input).focus()

    def action_start(self) -> None:
        if self.review_first:
            self.action_review()
            return
        name = self._name_or_ask()
        if not name:
            return
        if self.history is None and self.reader is not None:
            self._start_when_known = True  # the lookup is on its way; it decides
            return
        saved = self.saved
        if saved is None:
            self.post_message(RoundRequested(self.deck, student_name=name))
            return

        def decided(choice: str | None) -> None:
            if choice == "resume":
                self.action_resume()
            elif choice == "afresh":
                self._start_afresh(name)

        from quizapp.ui.screens.resume_prompt import ResumePrompt

        self.app.push_screen(ResumePrompt(saved.answered, len(saved.order)), decided)

    def _start_afresh(self, name: str) -> None:
        """A new round; the unfinished one is set aside (abandoned) and no longer offered."""
        from quizapp.store.clock import stamp
        from quizapp.store.writes import AbandonAttempt

        saved = self.saved
        saver = getattr(self.app, "saver", None)
        if saved is not None and saver is not None:
            saver.submit(AbandonAttempt(saved.uid, stamp(saver.now())))
        self.post_message(RoundRequested(self.deck, student_name=name))

    def action_resume(self) -> None:
        name = self._name_or_ask()
        if name and self.saved is not None:
            self.post_message(RoundRequested(self.deck, resume=self.saved, student_name=name))

    def action_review(self) -> None:
        from quizapp.store.review import review_questions

        name = self._name_or_ask()
        if not name:
            return
        reader = self.reader
        if reader is None:
            self.notify(
                "Spaced review needs your history, and the results database is not open yet.",
                severity="warning",
            )
            return
        student = reader.find_student(name)
        cards = reader.review_cards(student, self.deck.id) if student else []
        if not review_questions(self.deck.questions, cards, reader.now()):
            self.notify("Nothing to review today: every question is scheduled for later.")
            return
        self.post_message(RoundRequested(self.deck, kind=RoundKind.REVIEW, student_name=name))

    def action_briefing(self) -> None:
        if not self.deck.briefing:
            return

        def start_if_asked(start: bool | None) -> None:
            if start:
                self.action_start()

        from quizapp.ui.screens.briefing import BriefingScreen

        self.app.push_screen(BriefingScreen(self.deck), start_if_asked)

    def action_stats(self) -> None:
        from quizapp.ui.screens.stats import StatsScreen

        name = self._name_or_ask()
        if name:
            self.app.push_screen(StatsScreen(self.reader, name, self.deck))

    def action_change_name(self) -> None:
        self._focus_name()

    def action_back(self) -> None:
        if self.can_go_back:
            self.dismiss(None)

    def action_quit(self) -> None:
        confirm_quit(self.app, saving_status(self.app, settle=True), detail="")

    def on_screen_resume(self) -> None:
        """Back from a round or the stats: what can be resumed or reviewed has changed."""
        self.refresh_status()
