"""One question on screen: its prompt, the keys to use, the answer widget."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from quizapp.bank.model import QuestionKind
from quizapp.engine.session import AskedQuestion
from quizapp.text.wording import format_points
from quizapp.ui.text import literal, template
from quizapp.ui.widgets.answers import (
    LETTERS,
    AnswerList,
    ChoiceAnswer,
    MultiAnswer,
    OrderAnswer,
    TypedAnswer,
    uses_number_keys,
)
from quizapp.ui.widgets.cloze_answer import ClozeAnswer
from quizapp.ui.widgets.feedback import FeedbackPanel
from quizapp.ui.widgets.key_line import KeyLine
from quizapp.ui.widgets.match_answer import MatchAnswer


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
        case QuestionKind.CLOZE:
            return cloze_key_help(asked.blank_options)
        case QuestionKind.MATCH:
            return match_key_help(len(question.pairs), len(asked.options))
    raise AssertionError(question.kind)  # pragma: no cover


def letter_range(count: int) -> str:
    """`a–d` for four options (the letters stop at g)."""
    return f"a–{LETTERS[min(count, len(LETTERS)) - 1]}" if count > 1 else "a"


def cloze_key_help(blank_options: tuple[tuple[str, ...], ...]) -> str:
    """The keys of a cloze question: typing, picking (letters) or both, and moving on."""
    typed = any(not choices for choices in blank_options)
    most = max((len(choices) for choices in blank_options), default=0)
    if typed and most:
        fill = f"Type in a blank, or pick with {letter_range(most)}"
    elif typed:
        fill = "Type in each blank"
    else:
        fill = f"Pick each blank with {letter_range(most)} (or ← →)"
    moves = "↑↓ move between blanks" if len(blank_options) > 1 else ""
    enter = "Enter submits" if len(blank_options) == 1 else "Enter next blank, then submits"
    escape = "Esc for hint, skip and other keys" if typed else ""
    return " · ".join(part for part in (fill, moves, enter, escape) if part)


def match_key_help(lefts: int, rights: int) -> str:
    """The keys of a match question: choose a left item, give it a match, submit."""
    choose = f"1–{min(lefts, 9)} or ↑↓ choose an item"
    pair = f"{letter_range(rights)} give it its match (or → then ↑↓ Enter)"
    return f"{choose} · {pair} · Enter submits once all are matched"


def answer_widget(asked: AskedQuestion) -> AnswerList | TypedAnswer | ClozeAnswer | MatchAnswer:
    """The widget that collects a response to `asked`."""
    kind = asked.question.kind
    if kind is QuestionKind.CLOZE:
        return ClozeAnswer(asked.blank_options, id="answer")
    if kind is QuestionKind.MATCH:
        lefts = tuple(left for left, _ in asked.question.pairs)
        return MatchAnswer(lefts, asked.options, id="answer")
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
    """Everything about the current question; replaced whole for the next one.

    Keeps its parts at hand, so an answer changes them without a query.
    """

    def __init__(self, asked: AskedQuestion) -> None:
        super().__init__(id="card")
        self.asked = asked
        self.answer = answer_widget(asked)
        """The widget that takes the answer."""
        self.feedback = FeedbackPanel()
        self.key_line = KeyLine(key_help(asked))
        """The keys that answer; once answered, the verdict."""
        self._hint = Static(id="hint", classes="hint")
        self._notice = Static(id="notice", markup=False)
        self._notice_text = ""

    def compose(self) -> ComposeResult:
        yield Static(literal(meta_line(self.asked)), classes="meta")
        yield Static(literal(self.asked.question.prompt), id="prompt")
        yield self._hint
        yield self.key_line
        yield self.answer
        yield self._notice
        yield self.feedback

    def on_mount(self) -> None:
        self._hint.display = False

    def show_hint(self, hint: str) -> None:
        """Reveal the question's hint under the prompt."""
        self._hint.update(template("[b]Hint:[/b] $text", text=hint))
        self._hint.display = True

    def show_notice(self, text: str) -> None:
        """A short message about the last key, e.g. why nothing was submitted."""
        if text != self._notice_text:
            self._notice_text = text
            self._notice.update(literal(text))
