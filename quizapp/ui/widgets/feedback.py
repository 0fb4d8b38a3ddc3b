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
    """The right answer, why a pick was wrong, the explanation, and the keys that go on.

    The verdict itself is drawn in the card's key line the moment the answer
    is in (`QuestionCard.show_verdict`); this panel follows a frame later,
    since it changes the card's size. Composed (hidden) with each question
    and filled in when the answer comes: no widgets are mounted after a key.
    Two Statics, not one per part: every widget shown costs layout time.
    """

    def __init__(self) -> None:
        super().__init__(classes="feedback")
        self.answer: Answer | None = None
        self._details = Static(classes="details", markup=False)
        self._keys = Static(classes="next-keys", markup=False)

    def compose(self) -> ComposeResult:
        yield self._details
        yield self._keys

    def on_mount(self) -> None:
        self.display = False

    def show(self, answer: Answer, *, can_overrule: bool) -> None:
        """Fill the panel in for `answer` and make it visible."""
        self.answer = answer
        what_to_know: Content | None = feedback_details(answer)
        self._details.display = what_to_know is not None
        if what_to_know is not None:
            self._details.update(what_to_know)
        next_keys = "[b]Enter[/b]/[b]Space[/b] next question"
        if can_overrule:
            next_keys += "   [b]o[/b] I was right (count it)"
        self._keys.update(template(next_keys))
        self.display = True


def feedback_details(answer: Answer) -> Content | None:
    """The right answer (when missed), why each wrong pick was wrong, the explanation,
    and the article's own words that support the answer (the question's evidence)."""
    question = answer.question
    parts: list[Content] = []
    if not answer.correct or answer.overruled:
        parts.append(template("[b]The answer:[/b] $text", text=question.answer_text))
    parts += [
        template("[b]About “$choice”:[/b] $text", choice=choice, text=note)
        for choice, note in answer.why_wrong
    ]
    if question.kind is QuestionKind.MULTI:
        parts.append(literal(LEGEND))
    if question.explanation:
        if parts:
            parts.append(literal(""))  # a blank line before the explanation
        parts.append(literal(question.explanation))
    if question.evidence:  # the article's own words, right under the explanation
        if parts and not question.explanation:
            parts.append(literal(""))
        parts.append(template("[b]In the article:[/b] “$text”", text=question.evidence))
    if not parts:
        return None
    return literal("\n").join(parts)


LEGEND = "✓ a right answer · ✗ a wrong pick · [x] your picks"
