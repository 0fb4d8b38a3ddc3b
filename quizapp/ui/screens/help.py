"""The list of keys, for the question type on screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from quizapp.bank.model import QuestionKind
from quizapp.ui.text import literal

TYPING_KEYS = """\
Enter       submit
Esc         leave the box to use h, s, ?, q
i           back to the box"""

ANSWER_KEYS: dict[QuestionKind, str] = {
    QuestionKind.CHOICE: """\
1-9 or a-g  answer at once (letters only when a choice starts with a digit)
↑ ↓ Enter   pick with the arrows""",
    QuestionKind.TRUEFALSE: """\
1 or t      True
2 or f      False
↑ ↓ Enter   pick with the arrows""",
    QuestionKind.MULTI: """\
1-9 or a-g  check or uncheck a choice
Space       check or uncheck the highlighted one
Enter       submit your selection""",
    QuestionKind.TEXT: "type        your answer\n" + TYPING_KEYS,
    QuestionKind.NUMBER: "type        a number, optionally with its unit\n" + TYPING_KEYS,
    QuestionKind.ORDER: """\
↑ ↓         choose an item
u / d       move it up / down (or Shift+↑ / Shift+↓)
Enter       submit the order""",
    QuestionKind.CLOZE: """\
type        fill in a blank that has a box
a-g         pick a choice in a blank that has choices (← → move the pick)
↑ ↓         go to the blank above / below (Tab too)
Enter       go on to the next empty blank; once all are filled, submit
Esc         leave the blanks to use h, s, ?, q; i goes back""",
    QuestionKind.MATCH: """\
1-9 or ↑ ↓  choose an item on the left
a-g         give it that match from the right-hand list
→ ↑ ↓ Enter or pick its match with the arrows (← goes back)
            a match already given moves to the new item: any pair can change
Enter       submit, once every item has a match""",
}

OVERRULE_KEY = 'o           after a typed answer marked wrong: "I was right"'
COMMON_KEYS = """\
h           show the hint (in a text box, press Esc first)
s           skip the question: it counts as wrong
Enter/Space after feedback: next question
↑ ↓ PgUp    scroll long questions and feedback
?           this help
q, Ctrl+Q   quit quizapp (asks first during a round)"""


def common_keys(*, overrule: bool) -> str:
    """The keys that always work, with `o` only when the teacher allows overrules."""
    if not overrule:
        return COMMON_KEYS
    after = "Enter/Space after feedback: next question"
    return COMMON_KEYS.replace(after, f"{after}\n{OVERRULE_KEY}")


SCORING = (
    "Your score counts first tries only. In practice mode, questions you miss come back "
    "at the end until you get each one right once. Select-all questions give partial "
    "credit (right picks minus wrong picks); order questions give credit for each pair "
    "of items in the right order minus each pair in the wrong order. Neither goes below zero. "
    "Fill-in-the-blank and matching questions give credit for each blank or pair that is right."
)


class HelpScreen(ModalScreen[None]):
    """Keys and scoring rules; any of Esc, ? or q closes it."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,question_mark,q,enter", "close", "Close")]

    def __init__(self, kind: QuestionKind | None, *, overrule: bool = True) -> None:
        super().__init__()
        self.kind = kind
        self.overrule = overrule
        """Whether `o` ("I was right") is on offer: the teacher may have turned it off."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static("Keys · Esc closes this help", classes="dialog-title")
            if self.kind is not None:
                yield Static(literal(f"This question ({self.kind.value}):"), classes="help-heading")
                yield Static(literal(ANSWER_KEYS[self.kind]))
            yield Static("Always:", classes="help-heading")
            yield Static(literal(common_keys(overrule=self.overrule)))
            yield Static("Scoring", classes="help-heading")
            yield Static(SCORING, markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
