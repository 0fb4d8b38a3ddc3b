"""One answer widget per question type; each posts `AnswerGiven` when done.

The widgets only collect a response. Grading happens in the engine, and
the question screen decides what to show next.
"""

from __future__ import annotations

from textual import events, on
from textual.binding import Binding
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from quizapp.bank.model import QuestionKind
from quizapp.engine.matching import parse_number
from quizapp.ui.messages import AnswerGiven, AnswerRejected
from quizapp.ui.text import template

LETTERS = "abcdefg"
"""Letter keys for choices; stops before `h` (hint) so no key means two things."""


def choice_keys(index: int, kind: QuestionKind) -> tuple[str, ...]:
    """The keys that pick the choice at `index`: its number and its letter."""
    if kind is QuestionKind.TRUEFALSE:
        return (str(index + 1), "t" if index == 0 else "f", "ab"[index])
    keys = []
    if index < 9:
        keys.append(str(index + 1))
    if index < len(LETTERS):
        keys.append(LETTERS[index])
    return tuple(keys)


def key_label(keys: tuple[str, ...]) -> str:
    """How a choice's keys are written next to it: `1 a`, or blanks when none."""
    return " ".join(keys[:2]).ljust(3)


class ChoiceAnswer(OptionList):
    """Pick one option: its number or letter answers at once; arrows + Enter too."""

    def __init__(self, options: tuple[str, ...], kind: QuestionKind, **kwargs: object) -> None:
        self.kind = kind
        self.choices = options
        self.checked: set[int] = set()
        self.key_map = {key: i for i in range(len(options)) for key in choice_keys(i, kind)}
        super().__init__(*self._rendered(), markup=False, **kwargs)
        self.highlighted = 0

    def pick(self, index: int) -> None:
        """The student chose the option at `index` (by key, Enter or click)."""
        self.post_message(AnswerGiven(self.choices[index]))

    def _box(self, index: int) -> str:
        """A checkbox in front of each option; single choices have none."""
        return ""

    def _rendered(self, marks: dict[int, str] | None = None) -> list[Option]:
        marks = marks or {}
        return [
            Option(
                template(
                    "$mark$box[b]$keys[/b]  $text",
                    mark=marks.get(i, "  "),
                    box=self._box(i),
                    keys=key_label(choice_keys(i, self.kind)),
                    text=choice,
                )
            )
            for i, choice in enumerate(self.choices)
        ]

    def _rerender(self, marks: dict[int, str] | None = None) -> None:
        highlighted = self.highlighted
        self.set_options(self._rendered(marks))
        self.highlighted = highlighted

    def on_key(self, event: events.Key) -> None:
        if self.disabled or event.character is None:
            return
        index = self.key_map.get(event.character.lower())
        if index is not None:
            event.stop()
            event.prevent_default()
            self.highlighted = index
            self.pick(index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.pick(event.option_index)

    def show_verdict(self, right: frozenset[str], picked: frozenset[str]) -> None:
        """Mark the right choices ✓ and wrong picks ✗ once the answer is in."""
        self._rerender(
            {
                i: "✓ " if choice in right else "✗ " if choice in picked else "  "
                for i, choice in enumerate(self.choices)
            }
        )


class MultiAnswer(ChoiceAnswer):
    """Select all that apply: number/letter keys or Space toggle, Enter submits."""

    BINDINGS = [
        Binding("space", "toggle", "Toggle", show=False),
        Binding("enter", "submit", "Submit", show=False),
    ]

    def __init__(self, options: tuple[str, ...], **kwargs: object) -> None:
        super().__init__(options, QuestionKind.MULTI, **kwargs)

    def _box(self, index: int) -> str:
        return "[x] " if index in self.checked else "[ ] "

    def pick(self, index: int) -> None:
        """Check or uncheck the option at `index`."""
        self.checked ^= {index}
        self._rerender()

    def action_toggle(self) -> None:
        if self.highlighted is not None and not self.disabled:
            self.pick(self.highlighted)

    def action_submit(self) -> None:
        if not self.checked:
            self.post_message(AnswerRejected("Select at least one choice first (or press s to skip)."))
            return
        self.post_message(AnswerGiven(frozenset(self.choices[i] for i in self.checked)))


class OrderAnswer(OptionList):
    """Arrange items: ↑↓ choose an item, u/d (or Shift+↑↓) move it, Enter submits."""

    BINDINGS = [
        Binding("u,shift+up", "move(-1)", "Move up", show=False),
        Binding("d,shift+down", "move(1)", "Move down", show=False),
        Binding("enter", "submit", "Submit", show=False),
    ]

    def __init__(self, items: tuple[str, ...], **kwargs: object) -> None:
        self.items = list(items)
        super().__init__(*self._rendered(), markup=False, **kwargs)
        self.highlighted = 0

    def _rendered(self, marks: list[str] | None = None) -> list[Option]:
        return [
            Option(template("$mark[b]$n.[/b] $text", mark=marks[i] if marks else "  ", n=i + 1, text=item))
            for i, item in enumerate(self.items)
        ]

    def action_move(self, step: int) -> None:
        """Swap the highlighted item with its neighbour above (-1) or below (+1)."""
        index = self.highlighted
        if index is None or self.disabled:
            return
        target = index + step
        if not 0 <= target < len(self.items):
            return
        self.items[index], self.items[target] = self.items[target], self.items[index]
        self.set_options(self._rendered())
        self.highlighted = target

    def action_submit(self) -> None:
        self.post_message(AnswerGiven(tuple(self.items)))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click only highlights; Enter submits

    def show_verdict(self, right: tuple[str, ...]) -> None:
        """Mark each item ✓ where it stands in the right place, ✗ where not."""
        marks = ["✓ " if item == right[i] else "✗ " for i, item in enumerate(self.items)]
        self.set_options(self._rendered(marks))


class TypedAnswer(Input):
    """Type the answer and press Enter; numbers are checked before submitting."""

    def __init__(self, kind: QuestionKind, unit: str = "", **kwargs: object) -> None:
        self.kind = kind
        self.unit = unit
        placeholder = "Type a number" + (f" (in {unit})" if unit else "") if kind is QuestionKind.NUMBER else "Type your answer"
        super().__init__(placeholder=placeholder + ", then press Enter", **kwargs)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.post_message(AnswerRejected("Type an answer first, or press Esc and then s to skip."))
            return
        if self.kind is QuestionKind.NUMBER and parse_number(text, self.unit) is None:
            example = f"11 or 11 {self.unit}" if self.unit else "11 or 2.5"
            self.post_message(AnswerRejected(f"That is not a number: type digits, like {example}."))
            return
        self.post_message(AnswerGiven(text))

