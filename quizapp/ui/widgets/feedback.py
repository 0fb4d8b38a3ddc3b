"""The verdict shown in place after each answer (practice mode)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quizapp.bank.model import QuestionKind
from quizapp.engine.session import Answer
from quizapp.ui.text import literal, template

if TYPE_CHECKING:
    from textual.content import Content


def verdict_line(answer: Answer) -> tuple[str, str]:
    """A symbol and words for the verdict, never colour alone, plus a CSS class."""
    if answer.timed_out:
        return "⏱ Time is up — counted as unanswered", "wrong"
    if answer.skipped:
        return "↷ Skipped", "skipped"
    if answer.overruled:
        return "✓ Counted as right (you overruled the marking)", "correct"
    if answer.correct:
        return "✓ Correct", "correct"
    if answer.credit > 0:
        return f"◐ Partly right — {answer.credit:.0%} credit", "partial"
    return "✗ Not quite", "wrong"


class FeedbackPanel(Vertical):
    """Right or wrong in symbol and words, the right answer, and why.

    Composed (hidden) with each question and filled in when the answer comes,
    so that showing feedback only updates text: no widgets are mounted
    between the keypress and the verdict on screen.
    """

    can_focus = True
    """Holds focus after an answer, so Enter, Space and `o` reach the screen."""

    def __init__(self) -> None:
        super().__init__(classes="feedback")
        self.answer: Answer | None = None

    def compose(self) -> ComposeResult:
        yield Static(classes="verdict", markup=False)
        yield Static(classes="right-answer")
        yield Static(classes="why-wrong")
        yield Static(
            "✓ a right answer · ✗ a wrong pick · [x] your picks", classes="legend", markup=False
        )
        yield Static(classes="explanation")
        yield Static(classes="next-keys")

    def on_mount(self) -> None:
        self.display = False

    def show(self, answer: Answer, *, can_overrule: bool) -> None:
        """Fill the panel in for `answer` and make it visible."""
        self.answer = answer
        words, kind = verdict_line(answer)
        self.set_classes(f"feedback {kind}")  # one restyle, not one per class
        question = answer.question

        def put(name: str, content: Content | None) -> None:
            widget = self.query_one(f".{name}", Static)
            widget.display = content is not None
            if content is not None:
                widget.update(content)

        put("verdict", literal(words))
        shows_answer = not answer.correct or answer.overruled
        put(
            "right-answer",
            template("[b]The answer:[/b] $text", text=question.answer_text)
            if shows_answer
            else None,
        )
        notes = [
            template("[b]About “$choice”:[/b] $text", choice=choice, text=note)
            for choice, note in answer.why_wrong
        ]
        put("why-wrong", literal("\n").join(notes) if notes else None)
        self.query_one(".legend").display = question.kind is QuestionKind.MULTI
        put("explanation", literal(question.explanation) if question.explanation else None)
        keys = "[b]Enter[/b]/[b]Space[/b] next question"
        if can_overrule:
            keys += "   [b]o[/b] I was right (count it)"
        put("next-keys", template(keys))
        self.display = True
