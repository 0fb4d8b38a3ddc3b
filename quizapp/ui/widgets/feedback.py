"""The verdict shown in place after each answer (practice mode)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quizapp.bank.model import QuestionKind
from quizapp.engine.grading import ClozeResponse, MatchResponse, part_counts, part_marks
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
    counts = part_counts(answer.question, answer.response)
    if counts is not None:
        right, total = counts
        parts = "blank" if answer.question.kind is QuestionKind.CLOZE else "pair"
        tally = f"{right} of {total} {parts}s right"
        if answer.credit > 0:
            return f"◐ Partly right — {tally}", "partial"
        return f"✗ Not quite — {tally}", "wrong"
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
    by_part = part_lines(answer)
    if by_part:
        parts += by_part
    elif not answer.correct or answer.overruled:
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


def part_lines(answer: Answer) -> list[Content]:
    """A missed cloze or match answer, part by part: ✓ or ✗, what was given, the right one.

    Empty when the answer was right (the marks on the answer say it all) or
    not given (skipped, timed out: the right answer is shown whole instead).
    """
    question, response = answer.question, answer.response
    if answer.correct:
        return []
    marks = part_marks(question, response)
    if isinstance(response, ClozeResponse) and marks:
        return [
            template("$mark Blank $number: $given", mark="✓", number=number, given=given)
            if right
            else template(
                "$mark Blank $number: $given — [b]the answer:[/b] $answer",
                mark="✗",
                number=number,
                given=given or "(empty)",
                answer=question.blanks[number - 1][0],
            )
            for number, (given, right) in enumerate(
                zip(response.blanks, marks, strict=True), start=1
            )
        ]
    if isinstance(response, MatchResponse) and marks:
        return [
            template("$mark $left → $given", mark="✓", left=left, given=right)
            if ok
            else template(
                "$mark $left → $given — [b]the right match:[/b] $right",
                mark="✗",
                left=left,
                given=response.picked_for(left) or "(none)",
                right=right,
            )
            for (left, right), ok in zip(question.pairs, marks, strict=True)
        ]
    return []


LEGEND = "✓ a right answer · ✗ a wrong pick · [x] your picks"
