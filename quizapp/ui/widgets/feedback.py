"""The verdict shown in place after each answer (practice mode)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quizapp.bank.model import QuestionKind
from quizapp.engine.session import Answer
from quizapp.ui.text import literal, template


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
    """Right or wrong in symbol and words, the right answer, and why."""

    def __init__(self, answer: Answer, *, can_overrule: bool) -> None:
        self.answer = answer
        self.can_overrule = can_overrule
        words, kind = verdict_line(answer)
        super().__init__(classes=f"feedback {kind}")
        self.words = words

    def compose(self) -> ComposeResult:
        answer = self.answer
        yield Static(self.words, classes="verdict", markup=False)
        if not answer.correct or answer.overruled:
            yield Static(
                template("[b]The answer:[/b] $text", text=answer.question.answer_text),
                classes="right-answer",
            )
        for choice, note in answer.why_wrong:
            yield Static(
                template("[b]About “$choice”:[/b] $text", choice=choice, text=note),
                classes="why-wrong",
            )
        if answer.question.kind is QuestionKind.MULTI:
            yield Static(
                "✓ a right answer · ✗ a wrong pick · [x] your picks", classes="legend", markup=False
            )
        if answer.question.explanation:
            yield Static(literal(answer.question.explanation), classes="explanation")
        keys = "[b]Enter[/b]/[b]Space[/b] next question"
        if self.can_overrule:
            keys += "   [b]o[/b] I was right (count it)"
        yield Static(template(keys), classes="next-keys")
