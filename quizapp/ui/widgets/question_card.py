"""One question on screen: its prompt, the keys to use, the answer widget."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from quizapp.bank.model import QuestionKind
from quizapp.engine.session import AskedQuestion
from quizapp.text.wording import format_points
from quizapp.ui.text import literal, template
from quizapp.ui.widgets.answers import (
    LETTERS,
    ChoiceAnswer,
    MultiAnswer,
    OrderAnswer,
    TypedAnswer,
    uses_number_keys,
)
from quizapp.ui.widgets.feedback import FeedbackPanel


def key_help(asked: AskedQuestion) -> str:
    """The line under the prompt that says which keys answer this question."""
    question = asked.question
    count = len(asked.options)
    letters = f"a–{LETTERS[min(count, len(LETTERS)) - 1]}"
    keys = f"1–{min(count, 9)} or {letters}" if uses_number_keys(asked.options) else letters
    match question.kind:
        case QuestionKind.CHOICE:
            return f"Press {keys} to answer · or ↑↓ then Enter"
        case QuestionKind.TRUEFALSE:
            return "Press 1 or t for True, 2 or f for False · or ↑↓ then Enter"
        case QuestionKind.MULTI:
            return f"Select all that apply: {keys} or Space toggle · Enter submits"
        case QuestionKind.ORDER:
            return "↑↓ choose an item · u/d or Shift+↑↓ move it · Enter submits the order"
        case QuestionKind.NUMBER:
            unit = f" (a unit such as “{question.unit}” may follow)" if question.unit else ""
            return f"Type a number{unit}, then Enter · Esc for hint, skip and other keys"
        case QuestionKind.TEXT:
            return "Type your answer, then Enter · Esc for hint, skip and other keys"
    raise AssertionError(question.kind)  # pragma: no cover


def answer_widget(asked: AskedQuestion) -> Widget:
    """The widget that collects a response to `asked`."""
    kind = asked.question.kind
    if kind in (QuestionKind.CHOICE, QuestionKind.TRUEFALSE):
        return ChoiceAnswer(asked.options, kind, id="answer")
    if kind is QuestionKind.MULTI:
        return MultiAnswer(asked.options, id="answer")
    if kind is QuestionKind.ORDER:
        return OrderAnswer(asked.options, id="answer")
    return TypedAnswer(kind, asked.question.unit, id="answer")


def meta_line(asked: AskedQuestion) -> str:
    """Topic, difficulty and points, as far as the bank gives them."""
    question = asked.question
    points = format_points(question.points)
    parts = [
        question.topic,
        question.difficulty.value if question.difficulty else "",
        f"{points} point{'s' if points != '1' else ''}",
    ]
    if asked.retry:
        parts.insert(0, "Again")
    return " · ".join(part for part in parts if part)


class QuestionCard(Vertical):
    """Everything about the current question; replaced whole for the next one."""

    def __init__(self, asked: AskedQuestion) -> None:
        super().__init__(id="card")
        self.asked = asked

    def compose(self) -> ComposeResult:
        yield Static(literal(meta_line(self.asked)), classes="meta")
        yield Static(literal(self.asked.question.prompt), id="prompt")
        yield Static(id="hint", classes="hint")
        yield Static(literal(key_help(self.asked)), id="keys")
        yield answer_widget(self.asked)
        yield Static(id="notice", markup=False)
        yield FeedbackPanel()

    def show_hint(self, hint: str) -> None:
        """Reveal the question's hint under the prompt."""
        hint_widget = self.query_one("#hint", Static)
        hint_widget.update(template("[b]Hint:[/b] $text", text=hint))
        hint_widget.display = True

    def show_notice(self, text: str) -> None:
        """A short message about the last key, e.g. why nothing was submitted."""
        self.query_one("#notice", Static).update(literal(text))

    @property
    def answer(self) -> Widget:
        """The answer widget of this card."""
        return self.query_one("#answer")
