"""The reveal: how the room answered, the right answer, and where the discussion starts.

Bars per choice (or per group of typed answers), the right answer written
out, the bank's explanation, and the most chosen wrong answer with what the
bank says about it (`why_wrong`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from quizapp.bank.model import QuestionKind
from quizapp.live.tally import Tally
from quizapp.text.wording import plural
from quizapp.ui.screens.host_common import RoomScreen, position_line
from quizapp.ui.text import literal, template
from quizapp.ui.widgets.answer_bars import AnswerBars, BarLine
from quizapp.ui.widgets.answers import LETTERS
from quizapp.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from quizapp.ui.host_app import Revealed, RoomNow

LETTERED = (QuestionKind.CHOICE, QuestionKind.TRUEFALSE, QuestionKind.MULTI)


def bar_lines(kind: QuestionKind, tally: Tally) -> list[BarLine]:
    """The tally's bars, choices lettered as the question showed them."""
    lettered = kind in LETTERED
    return [
        BarLine(
            f"{LETTERS[n]}  {bar.label}" if lettered and n < len(LETTERS) else bar.label,
            bar.count,
            bar.right,
        )
        for n, bar in enumerate(tally.bars)
    ]


def score_line(tally: Tally, players: int) -> str:
    """`7 of 9 answered · 5 right (71%)`."""
    if not tally.answered:
        return f"Nobody answered (of {plural(players, 'student')})."
    share = round(100 * tally.right / tally.answered)
    return f"{tally.answered} of {players} answered · {tally.right} right ({share}%)"


class HostRevealScreen(RoomScreen):
    """The answer is out; n (or Enter) goes on to the next question, or to the summary."""

    BINDINGS = [
        Binding("enter,n", "next", "Next question", key_display="Enter/n"),
        Binding("e", "end_room", "End early"),
        Binding("q", "app.quit", "Quit (room stays open)"),
    ]

    def __init__(self, revealed: Revealed) -> None:
        super().__init__()
        self.revealed = revealed

    def compose(self) -> ComposeResult:
        revealed = self.revealed
        state = revealed.state
        tally = revealed.tally
        with VerticalScroll(id="reveal"):
            yield Static(
                template(
                    "[b]$position[/b] · $score",
                    position=position_line(state.position, state.count),
                    score=score_line(tally, state.players) if tally else "skipped",
                ),
                id="reveal-top",
            )
            yield Static(literal(revealed.question.prompt), id="reveal-prompt")
            if tally is None:
                yield Static(
                    literal("Skipped: nothing given to this question counts."), id="reveal-skipped"
                )
            else:
                yield AnswerBars(bar_lines(revealed.question.kind, tally), id="reveal-bars")
                yield Static(
                    template("[b]✓ Right answer:[/b] $answer", answer=tally.answer),
                    id="reveal-answer",
                )
                if tally.explanation:
                    yield Static(literal(tally.explanation), id="reveal-explanation")
                if tally.common_wrong:
                    why = f" — {tally.why_wrong}" if tally.why_wrong else ""
                    yield Static(
                        template(
                            "[b]Most chosen wrong answer:[/b] “$wrong”$why",
                            wrong=tally.common_wrong,
                            why=why,
                        ),
                        id="reveal-common-wrong",
                    )
        yield self.problem_line()
        yield KeyBar()

    def show_room(self, room: RoomNow) -> None:
        """Nothing changes on a revealed question (late joiners show up on the next one)."""

    def action_next(self) -> None:
        self.host_app.next_question()


class HostLastRevealScreen(HostRevealScreen, inherit_bindings=False):
    """After the last question: going on ends the room and shows the summary."""

    BINDINGS = [
        Binding("enter,n", "next", "End and sum up", key_display="Enter/n"),
        Binding("q", "app.quit", "Quit (room stays open)"),
    ]

    def action_next(self) -> None:
        self.host_app.end()


def reveal_screen(revealed: Revealed) -> HostRevealScreen:
    """The reveal screen, with the keys for where the room is (the last question or not)."""
    last = revealed.state.position + 1 >= revealed.state.count
    return HostLastRevealScreen(revealed) if last else HostRevealScreen(revealed)
