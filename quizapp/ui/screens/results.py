"""The results screen: score, topics, and every question missed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from quizapp.engine.grading import response_text
from quizapp.engine.scoring import Scoring
from quizapp.engine.session import Answer, QuizSession, RoundKind, RoundResults
from quizapp.store.recorder import RoundRecorder
from quizapp.store.saver import SaveStatus
from quizapp.text.wording import format_points
from quizapp.ui.messages import RoundRequested
from quizapp.ui.text import cell, literal, template
from quizapp.ui.unsaved import saving_status, show_saving_line
from quizapp.ui.widgets.feedback import verdict_line
from quizapp.ui.widgets.key_bar import KeyBar


def format_duration(seconds: float) -> str:
    """`6:05` for minutes and seconds, `1:02:03` past an hour."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def summary_line(results: RoundResults) -> str:
    """Score, percentage, right answers, best streak and time on one line."""
    if results.scoring is Scoring.SPEED:
        return (
            f"Score {results.score:,.0f} points · {results.correct_count} of "
            f"{len(results.answers)} right ({results.percent:.0f}%) · "
            f"best streak {results.best_streak} · time {format_duration(results.seconds)}"
        )
    return (
        f"Score {format_points(results.points)} of {format_points(results.max_points)} "
        f"({results.percent:.0f}%) · {results.correct_count} of {len(results.answers)} right · "
        f"best streak {results.best_streak} · time {format_duration(results.seconds)}"
    )


def round_note(session: QuizSession) -> str:
    """Mode and seed, and how to replay the round in the same order."""
    if session.kind is RoundKind.RETRY:
        return f"Mode {session.mode.value} · a retry of the questions missed before"
    if session.kind is RoundKind.REVIEW:
        return f"Mode {session.mode.value} · spaced review: questions due first, then new ones"
    return (
        f"Mode {session.mode.value} · seed {session.seed}: "
        f"--seed {session.seed} with the same options replays this order"
    )


class MissedQuestion(Vertical):
    """One missed question: the prompt, what was given, the answer, why."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(classes="missed")
        self.answer = answer

    def compose(self) -> ComposeResult:
        answer = self.answer
        question = answer.question
        symbol, _ = verdict_line(answer)
        yield Static(
            template("[b]$verdict:[/b] $prompt", verdict=symbol, prompt=question.prompt),
            classes="missed-prompt",
        )
        if answer.response is not None:
            yield Static(
                template("Your answer: $text", text=response_text(question, answer.response))
            )
        yield Static(
            template("[b]The answer:[/b] $text", text=question.answer_text), classes="right-answer"
        )
        if question.explanation:
            yield Static(literal(question.explanation), classes="explanation")


class ResultsScreen(Screen[None]):
    """Ends a round; `r` retries the missed ones, `n` starts a new round."""

    CSS_PATH = "results.tcss"

    BINDINGS = [
        Binding("r", "retry", "Retry missed"),
        Binding("n", "new_round", "New round"),
        Binding("t", "stats", "Stats"),
        Binding("escape", "menu", "Start screen"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: QuizSession) -> None:
        super().__init__()
        self.session = session
        self.results = session.results()

    def compose(self) -> ComposeResult:
        results = self.results
        with VerticalScroll(id="results"):
            yield Static(
                template("Results: $title", title=self.session.deck.title), id="results-title"
            )
            yield Static(id="saving", classes="saving-line")
            yield Static(literal(summary_line(results)), id="summary")
            yield Static(literal(round_note(self.session)), classes="seed")
            yield Static("By topic", classes="heading")
            yield DataTable(id="topics", cursor_type="none", zebra_stripes=True)
            if results.missed:
                yield Static(literal(f"Missed ({len(results.missed)})"), classes="heading")
                for answer in results.missed:
                    yield MissedQuestion(answer)
            else:
                yield Static(
                    "Nothing missed: every first try was right. Well done!", classes="heading"
                )
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#topics", DataTable)
        table.add_columns("Topic", "Right", "Points", "Score")
        for topic in self.results.by_topic:
            table.add_row(
                cell(topic.topic),
                cell(f"{topic.correct} of {topic.asked}"),
                cell(f"{format_points(topic.points)} of {format_points(topic.max_points)}"),
                cell(f"{topic.percent:.0f}%"),
            )
        self.show_saving(saving_status(self.app))
        self.query_one("#results").focus()

    def show_saving(self, status: SaveStatus) -> None:
        """Say so while some of this round's answers still wait to be saved."""
        show_saving_line(self, status)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.results.missed)
        return True

    def action_retry(self) -> None:
        missed = tuple(answer.question for answer in self.results.missed)
        if missed:
            self.post_message(
                RoundRequested(self.session.deck, kind=RoundKind.RETRY, questions=missed)
            )

    def action_stats(self) -> None:
        from quizapp.ui.screens.stats import StatsScreen

        recorder = self.session.observer
        if isinstance(recorder, RoundRecorder):
            reader = getattr(self.app, "reader", None)
            self.app.push_screen(StatsScreen(reader, recorder.student, self.session.deck))

    def action_new_round(self) -> None:
        self.post_message(RoundRequested(self.session.deck))

    def action_menu(self) -> None:
        self.dismiss(None)
