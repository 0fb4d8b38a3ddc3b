"""The reveal of a live question: this student's verdict, the answer, and how the class did.

Everything here comes from the host's grading at the reveal: the verdict
from the student's own answer row, the answer, the explanation and the
bank's note on each wrong choice from the room's tally. The class's bars
say their numbers in words, and mark the right answers with ✓ (not colour
alone) and the student's own pick with "← you".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.widgets import Static

from quizapp.engine.grading import Response, response_text
from quizapp.live.follow import RoomView
from quizapp.live.player import Verdict
from quizapp.live.tally import Bar, Tally
from quizapp.store.rooms import Phase
from quizapp.text.width import cell_width, fit, pad
from quizapp.ui.screens.join_room import RoomScreen, position_text
from quizapp.ui.text import literal, template

if TYPE_CHECKING:
    from textual.content import Content

BAR_CELLS = 20
"""The longest bar (the most given answer)."""
LABEL_CELLS = 30
"""Labels are cut to this many cells, so every bar starts in the same column."""


def verdict_words(verdict: Verdict | None) -> tuple[str, str]:
    """A symbol and words for this student's verdict (never colour alone), and a CSS class."""
    if verdict is None or not verdict.answered:
        return "— You gave no answer to this question", "none"
    if verdict.correct:
        return "✓ Right", "correct"
    if verdict.credit > 0:
        return f"◐ Partly right — {verdict.credit:.0%} credit", "partial"
    return "✗ Not right", "wrong"


def own_picks(given: Response | None) -> frozenset[str]:
    """The choices this student picked (one, several, or none for a typed answer)."""
    if isinstance(given, str):
        return frozenset([given])
    if isinstance(given, frozenset | set):
        return frozenset(given)
    return frozenset()


def bar_lines(tally: Tally, picks: frozenset[str]) -> list[str]:
    """One line per choice (or group of typed answers): ✓ when right, its bar, its count."""
    most = max((bar.count for bar in tally.bars), default=0)
    width = min(LABEL_CELLS, max((cell_width(bar.label) for bar in tally.bars), default=0))

    def line(bar: Bar) -> str:
        cells = round(BAR_CELLS * bar.count / most) if most else 0
        mark = "✓" if bar.right else " "
        you = "  ← you" if bar.label in picks else ""
        return f"{mark} {pad(fit(bar.label, width), width)}  {'█' * cells} {bar.count}{you}"

    return [line(bar) for bar in tally.bars]


class RevealScreen(RoomScreen):
    """The revealed question, until the teacher opens the next one."""

    def __init__(self, view: RoomView) -> None:
        super().__init__(view)
        self.position = view.state.position

    def shows(self, view: RoomView) -> bool:
        return view.phase is Phase.REVEALED and view.state.position == self.position

    def room_line_text(self) -> str:
        return f"{super().room_line_text()} · {position_text(self.view)} · the answer"

    def compose_body(self) -> ComposeResult:
        view = self.view
        question = view.question
        assert question is not None
        yield Static(literal(question.prompt), id="prompt")
        tally = view.tally
        if tally is None:
            yield Static(
                literal("The teacher skipped this question: it does not count."), id="verdict"
            )
            yield from self._waiting()
            return
        words, kind = verdict_words(view.verdict)
        yield Static(literal(words), id="verdict", classes=kind)
        yield Static(self._details(tally), id="reveal-details")
        yield Static(
            literal(f"How the class did: {tally.right} of {tally.answered} right"),
            classes="heading",
        )
        yield Static(literal("\n".join(bar_lines(tally, self._own_bars(tally)))), id="bars")
        yield from self._waiting()

    def _own_bars(self, tally: Tally) -> frozenset[str]:
        """The bars that hold this student's answer: the choices picked, or the typed answer's
        group (the right one, or its own text among the wrong ones)."""
        view = self.view
        question = view.question
        if question is None or view.given is None:
            return frozenset()
        if question.choices:
            return own_picks(view.given)
        if view.verdict is not None and view.verdict.correct:
            return frozenset(bar.label for bar in tally.bars if bar.right)
        return frozenset([response_text(question, view.given).strip()])

    def _waiting(self) -> Iterator[Static]:
        yield Static(literal("Waiting for the teacher's next question…"), classes="room-detail")

    def _details(self, tally: Tally) -> Content:
        """Your answer, the answer, the bank's note on your wrong picks, the explanation."""
        view = self.view
        question = view.question
        assert question is not None
        parts: list[Content] = []
        if view.given is not None:
            given = response_text(question, view.given)
            parts.append(template("[b]Your answer:[/b] $text", text=given))
        parts.append(template("[b]The answer:[/b] $text", text=tally.answer))
        right = {bar.label for bar in tally.bars if bar.right}
        for choice in sorted(own_picks(view.given) - right):
            note = tally.note_on(choice)
            if note:
                parts.append(template("[b]About “$choice”:[/b] $text", choice=choice, text=note))
        if tally.explanation:
            parts += [literal(""), literal(tally.explanation)]
        return literal("\n").join(parts)
