"""One answer widget per question type; each posts `AnswerGiven` when done.

The widgets only collect a response. Grading happens in the engine, and
the question screen decides what to show next.

The list widgets share `AnswerList`: every option shows its keys, a `▸`
pointer on the highlighted line (so the cursor is visible without colour)
and, once answered, a ✓ or ✗ mark. Long options wrap under their own text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from textual import events, on
from textual.binding import Binding
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RulesMap, Visual
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from quizapp.bank.model import QuestionKind
from quizapp.engine.matching import parse_number
from quizapp.ui.messages import AnswerGiven, AnswerRejected
from quizapp.ui.text import literal, template
from quizapp.ui.widgets.plain_input import PlainInput

if TYPE_CHECKING:
    from textual.content import Content
    from textual.message import Message
    from textual.widget import Widget

LETTERS = "abcdefg"
"""Letter keys for choices; stops before `h` (hint) so no key means two things."""

POINTER = "▸"
"""Marks the highlighted option in text, not only in colour."""

_STARTS_WITH_DIGIT = re.compile(r"^\s*[-+−]?\d")


def uses_number_keys(choices: tuple[str, ...]) -> bool:
    """False when a choice starts with a digit: pressing 2 for "2 moons" must not pick choice 2."""
    return not any(_STARTS_WITH_DIGIT.match(choice) for choice in choices)


def choice_keys(index: int, kind: QuestionKind, number_keys: bool = True) -> tuple[str, ...]:
    """The keys shown next to the option at `index`."""
    if kind is QuestionKind.TRUEFALSE:
        return (str(index + 1), "tf"[index])
    keys = []
    if number_keys and index < 9:
        keys.append(str(index + 1))
    if index < len(LETTERS):
        keys.append(LETTERS[index])
    return tuple(keys)


def tell_screen(widget: Widget, message: Message) -> None:
    """Hand an answer (or why there is none) straight to the screen that plays the round.

    Bubbling would pass it through the queue of every container on the way
    (card, scroll area), each a turn of the event loop: together they took
    longer than drawing the verdict.
    """
    widget.screen.post_message(message)


class HangingOption(Visual):
    """An option: keys and marks in front, the bank text wrapping under itself.

    A small Textual Visual rather than a Rich Table: option lists measure
    every option's height on each layout, and Content wraps (with a cache)
    far faster, which keeps feedback within a frame of the keypress.
    """

    def __init__(self, lead: Content, body: Content) -> None:
        self.lead = lead
        self.body = body
        self._cache: tuple[int, list[Content]] | None = None

    @property
    def plain(self) -> str:
        return self.lead.plain + self.body.plain

    def _lines(self, width: int) -> list[Content]:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        indent = self.lead.cell_length
        wrapped = self.body.wrap(max(1, width - indent)) or [literal("")]
        margin = literal(" " * indent)
        lines = [self.lead + wrapped[0], *(margin + line for line in wrapped[1:])]
        self._cache = (width, lines)
        return lines

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        lines = self._lines(width)
        if height is not None:
            lines = lines[:height]
        return [strip for line in lines for strip in line.render_strips(width, 1, style, options)]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.lead.cell_length + self.body.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self._lines(width))


@lru_cache(maxsize=512)
def _option_lead(lead: str, keys: str) -> Content:
    """Pointer, mark, box and keys (ours, never the bank's): a few dozen ever, parsed once each."""
    return template("$lead[b]$keys[/b] ", lead=lead, keys=keys)


def option_prompt(lead: str, keys: str, text: str) -> HangingOption:
    """One option: pointer/marks and keys in a column, the bank text wrapping beside it."""
    return HangingOption(_option_lead(lead, keys), literal(text))


LOCKED_ACTIONS = frozenset(
    {
        "select",
        "submit",
        "toggle_choice",
        "move",
        "cursor_up",
        "cursor_down",
        "first",
        "last",
        "page_up",
        "page_down",
    }
)
"""What an answered list stops doing, so its keys scroll the screen or go on instead."""


class AnswerList(OptionList):
    """An option list that redraws an option's pointer, marks and box as they change."""

    def __init__(self, labels: tuple[str, ...], *, id: str | None = None) -> None:
        self.labels = list(labels)
        self.marks: dict[int, str] = {}
        self.locked = False
        """Set once the answer is in: keys and clicks no longer change anything."""
        self._pointer_at: int | None = None
        super().__init__(markup=False, id=id)
        self.add_options(Option(option_prompt(*self._parts(i))) for i in range(len(self.labels)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Once locked, Enter and the list's other keys go on to the screen (next question)."""
        return not (self.locked and action in LOCKED_ACTIONS)

    # What each subclass puts in front of the text.
    def keys_for(self, index: int) -> str:
        return ""

    def box_for(self, index: int) -> str:
        return ""

    def _parts(self, index: int) -> tuple[str, str, str]:
        """The option at `index`: what stands in front (pointer, mark, box), its keys, its text."""
        pointer = POINTER if index == self.highlighted else " "
        lead = f"{pointer}{self.marks.get(index, ' ')}{self.box_for(index)} "
        return lead, self.keys_for(index), self.labels[index]

    def redraw(self, *indexes: int) -> None:
        """Rebuild the prompts at `indexes` (all when none are given)."""
        for index in indexes or range(len(self.labels)):
            if 0 <= index < self.option_count:
                self.replace_option_prompt_at_index(index, option_prompt(*self._parts(index)))

    def watch_highlighted(self, highlighted: int | None) -> None:
        """Move the `▸` pointer: redraw the option it left and the one it reached."""
        super().watch_highlighted(highlighted)
        left, self._pointer_at = self._pointer_at, highlighted
        self.redraw(*(i for i in (left, highlighted) if i is not None))

    def show_marks(self, marks: dict[int, str]) -> None:
        """Show ✓/✗ marks once the answer is in."""
        self.marks = marks
        self.redraw()


class ChoiceAnswer(AnswerList):
    """Pick one option: its key answers at once; or ↑↓ then Enter; or a click."""

    def __init__(
        self, options: tuple[str, ...], kind: QuestionKind, *, id: str | None = None
    ) -> None:
        self.kind = kind
        self.choices = options
        self.number_keys = kind is QuestionKind.TRUEFALSE or uses_number_keys(options)
        self.key_map = {
            key: i for i in range(len(options)) for key in choice_keys(i, kind, self.number_keys)
        }
        if kind is QuestionKind.TRUEFALSE:
            self.key_map |= {"a": 0, "b": 1}
        self.checked: set[int] = set()
        super().__init__(options, id=id)

    def keys_for(self, index: int) -> str:
        return " ".join(choice_keys(index, self.kind, self.number_keys)).ljust(3)

    def pick(self, index: int) -> None:
        """The student chose the option at `index` (by key, Enter or click)."""
        tell_screen(self, AnswerGiven(self.choices[index]))

    def on_key(self, event: events.Key) -> None:
        if self.locked or event.character is None:
            return
        index = self.key_map.get(event.character.lower())
        if index is not None:
            event.stop()
            event.prevent_default()
            # The pointer stays put: moving it now would paint a frame of its
            # own, and the verdict would wait for the next one. The marks
            # that follow show what was picked.
            self.pick(index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if not self.locked:
            self.pick(event.option_index)

    def show_verdict(self, right: frozenset[str], picked: frozenset[str]) -> None:
        """Mark the right choices ✓ and wrong picks ✗."""
        self.show_marks(
            {
                i: "✓" if choice in right else "✗" if choice in picked else " "
                for i, choice in enumerate(self.choices)
            }
        )


class MultiAnswer(ChoiceAnswer):
    """Select all that apply: keys or Space toggle a box, Enter submits."""

    BINDINGS = [
        Binding("space", "toggle_choice", "Toggle", show=False),
        Binding("enter", "submit", "Submit", show=False),
    ]

    def __init__(self, options: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(options, QuestionKind.MULTI, id=id)

    def box_for(self, index: int) -> str:
        return "[x]" if index in self.checked else "[ ]"

    def pick(self, index: int) -> None:
        """Check or uncheck the option at `index` (the pointer follows: Space toggles it again)."""
        self.checked ^= {index}
        self.highlighted = index
        self.redraw(index)

    def action_toggle_choice(self) -> None:
        if self.highlighted is not None and not self.locked:
            self.pick(self.highlighted)

    def action_submit(self) -> None:
        if self.locked:
            return
        if not self.checked:
            tell_screen(
                self, AnswerRejected("Select at least one choice first (or press s to skip).")
            )
            return
        tell_screen(self, AnswerGiven(frozenset(self.choices[i] for i in self.checked)))


class OrderAnswer(AnswerList):
    """Arrange items: ↑↓ choose an item, u/d (or Shift+↑↓) move it, Enter submits."""

    BINDINGS = [
        Binding("u,shift+up", "move(-1)", "Move up", show=False),
        Binding("d,shift+down", "move(1)", "Move down", show=False),
        Binding("enter", "submit", "Submit", show=False),
    ]

    def __init__(self, items: tuple[str, ...], *, id: str | None = None) -> None:
        self.moved = False
        super().__init__(items, id=id)

    @property
    def items(self) -> list[str]:
        """The items in their current order."""
        return self.labels

    def keys_for(self, index: int) -> str:
        return f"{index + 1}."

    def action_move(self, step: int) -> None:
        """Swap the highlighted item with its neighbour above (-1) or below (+1)."""
        index = self.highlighted
        if index is None or self.locked:
            return
        target = index + step
        if not 0 <= target < len(self.labels):
            return
        self.labels[index], self.labels[target] = self.labels[target], self.labels[index]
        self.moved = True
        self.highlighted = target
        self.redraw(index, target)

    def action_submit(self) -> None:
        if self.locked:
            return
        if not self.moved:
            tell_screen(
                self,
                AnswerRejected(
                    "The items start out of order: move at least one with u or d first."
                ),
            )
            return
        tell_screen(self, AnswerGiven(tuple(self.labels)))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click only highlights; Enter submits

    def show_verdict(self, right: tuple[str, ...]) -> None:
        """Mark each item ✓ where it stands in the right place, ✗ where not."""
        self.show_marks({i: "✓" if item == right[i] else "✗" for i, item in enumerate(self.labels)})


class LockableInput(PlainInput):
    """A text box that can be locked once the answer is in, keeping its focus."""

    locked = False
    """Set once the answer is in: the box keeps focus but takes no keys.

    Moving focus to the feedback instead would restyle both widgets, which
    costs more than the verdict itself; a locked box lets every key
    (Enter, `o`, `q`…) go on to the screen.
    """

    def stop_blinking(self) -> None:
        """Once answered, the cursor no longer invites typing (nor repaints twice a second)."""
        self.cursor_blink = False

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return not self.locked and super().check_consume_key(key, character)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Locked: the box's own keys (arrows, Backspace, Enter) do nothing, so the screen's act."""
        return not self.locked

    async def _on_key(self, event: events.Key) -> None:
        if self.locked:
            event.prevent_default()  # not typed into the box; the key goes on to the screen

    def _on_paste(self, event: events.Paste) -> None:
        if self.locked:
            event.prevent_default()
            event.stop()


class TypedAnswer(LockableInput):
    """Type the answer and press Enter; numbers are checked before submitting."""

    def __init__(self, kind: QuestionKind, unit: str = "", *, id: str | None = None) -> None:
        self.kind = kind
        self.unit = unit
        if kind is QuestionKind.NUMBER:
            placeholder = "Type a number" + (f" (in {unit})" if unit else "")
        else:
            placeholder = "Type your answer"
        super().__init__(placeholder=placeholder + ", then press Enter", id=id)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.locked:
            return
        text = event.value.strip()
        if not text:
            tell_screen(
                self, AnswerRejected("Type an answer first, or press Esc and then s to skip.")
            )
            return
        if self.kind is QuestionKind.NUMBER and parse_number(text, self.unit) is None:
            tell_screen(self, AnswerRejected(not_a_number_message(text, self.unit)))
            return
        tell_screen(self, AnswerGiven(text))


def not_a_number_message(text: str, unit: str) -> str:
    """Say what to type instead of `text`, which does not read as a number.

    The message never shows an example number: any number in it could be
    this question's answer (or another's), so it describes the form instead.
    """
    if re.match(r"^\s*[-+−]?\d+,\d{1,2}\s*$", text):
        return "Use a point, not a comma, for the decimals."
    if _STARTS_WITH_DIGIT.match(text):
        if unit:
            return f"Type just the number, in digits, optionally followed by “{unit}”."
        return "Type just the number, in digits (a point for decimals)."
    after = f", optionally followed by “{unit}”" if unit else ""
    return f"That is not a number: type it in digits{after}."
