"""The answer widget of a match question: pair each item on the left with one on the right.

Two lists, one above the other (side by side they would not fit 60 columns):
the left items, numbered, each showing the match it has so far
(`1 Xi Jinping → b China`), and the right-hand items, lettered and shuffled,
each showing which left item has it (`b China ← 1`). With the keyboard:

* `1`–`9` (or ↑↓) choose a left item; `a`–`g` pair it with that right-hand
  item, and the next left item without a match is chosen;
* or `→` (or Enter) goes to the right-hand list, ↑↓ there and Enter pairs
  (`←` goes back without pairing);
* a right-hand item already taken moves to its new left item, so any pair
  can be changed; Enter submits once every left item has a match.

The marks and texts change in place, through the option lists' prompts, as
the other answer lists do: nothing is mounted or laid out anew on the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList

from quizapp.engine.grading import MatchResponse
from quizapp.ui.messages import AnswerGiven
from quizapp.ui.widgets.answers import LETTERS, LOCKED_ACTIONS, AnswerList, tell_screen

if TYPE_CHECKING:
    from typing import Self

UNPAIRED = "___"
"""Stands where a left item's match will go."""
MATCH_ACTIONS = frozenset({"open", "open_or_submit", "back"})
"""What the two lists stop doing once the answer is in."""


def letter(index: int) -> str:
    """The letter key of the right-hand item at `index` (past `g`, arrows only)."""
    return LETTERS[index] if index < len(LETTERS) else " "


class MatchList(AnswerList):
    """One of the two lists; its keys stop working once the answer is in."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.locked and action in LOCKED_ACTIONS | MATCH_ACTIONS)

    @property
    def match(self) -> MatchAnswer:
        """The widget both lists belong to."""
        parent = self.parent
        assert isinstance(parent, MatchAnswer)
        return parent


class LeftItems(MatchList):
    """The left items, each with its match so far; `▸` marks the one being paired."""

    BINDINGS = [
        Binding("enter", "open_or_submit", "Pair or submit", show=False),
        Binding("right", "open", "To the right-hand list", show=False),
    ]

    def __init__(self, items: tuple[str, ...]) -> None:
        self.items = items
        super().__init__(tuple(f"{item} → {UNPAIRED}" for item in items), id="match-left")

    def keys_for(self, index: int) -> str:
        return f"{index + 1}" if index < 9 else " "

    def action_open(self) -> None:
        self.match.open_rights()

    def action_open_or_submit(self) -> None:
        self.match.submit_or_open()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """A click on a left item chooses it and goes to the right-hand list."""
        event.stop()
        if not self.locked:
            self.match.open_rights()


class RightItems(MatchList):
    """The right-hand items (extra ones among them), each with the left item that has it."""

    BINDINGS = [Binding("left", "back", "Back to the left items", show=False)]

    def __init__(self, items: tuple[str, ...]) -> None:
        self.items = items
        self.cursor_here = False
        """Kept by the focus events themselves: `has_focus` changes only after our handlers."""
        super().__init__(items, id="match-right")

    def keys_for(self, index: int) -> str:
        return letter(index)

    def _parts(self, index: int) -> tuple[str, str, str]:
        """The `▸` shows here only while this list has the cursor: one pointer at a time."""
        lead, keys, text = super()._parts(index)
        if not self.cursor_here:
            lead = " " + lead[1:]
        return lead, keys, text

    def on_focus(self) -> None:
        self.cursor_here = True
        self.redraw(*(i for i in (self.highlighted,) if i is not None))

    def on_blur(self) -> None:
        self.cursor_here = False
        self.redraw(*(i for i in (self.highlighted,) if i is not None))

    def action_back(self) -> None:
        self.match.move_to(self.match.lefts)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Enter or a click pairs the chosen left item with this one."""
        event.stop()
        if not self.locked:
            self.match.pair(self.match.active, event.option_index)


class MatchAnswer(Vertical):
    """Pair every left item with a right-hand item; Enter submits once all are paired."""

    def __init__(
        self, lefts: tuple[str, ...], rights: tuple[str, ...], *, id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="match")
        self.lefts = LeftItems(lefts)
        self.rights = RightItems(rights)
        self.paired: dict[int, int] = {}
        """Left index → right-hand index, for every pair made so far."""
        self._locked = False

    def compose(self) -> ComposeResult:
        yield self.lefts
        yield self.rights

    def on_mount(self) -> None:
        self.lefts.highlighted = 0

    @property
    def active(self) -> int:
        """The left item being paired (the one with `▸`)."""
        return self.lefts.highlighted or 0

    @property
    def locked(self) -> bool:
        """Set once the answer is in: neither list takes keys, which go on to the screen."""
        return self._locked

    @locked.setter
    def locked(self, locked: bool) -> None:
        self._locked = locked
        self.lefts.locked = self.rights.locked = locked

    def focus(self, scroll_visible: bool = True) -> Self:
        """The cursor starts in the left list."""
        self.lefts.focus(scroll_visible)
        return self

    @property
    def response(self) -> MatchResponse:
        """The pairs made, in the order of the left items."""
        lefts, rights = self.lefts.items, self.rights.items
        return MatchResponse(
            tuple((lefts[i], rights[self.paired[i]]) for i in range(len(lefts)) if i in self.paired)
        )

    def on_key(self, event: events.Key) -> None:
        """Digits choose a left item, letters pair it, from either list."""
        if self._locked or event.character is None:
            return
        character = event.character.lower()
        if character in "123456789" and int(character) <= len(self.lefts.items):
            event.stop()
            event.prevent_default()
            self.lefts.highlighted = int(character) - 1
            self.move_to(self.lefts)
        elif character in LETTERS and LETTERS.index(character) < len(self.rights.items):
            event.stop()
            event.prevent_default()
            self.pair(self.active, LETTERS.index(character))

    def move_to(self, items: MatchList) -> None:
        """Put the cursor in one list at once, so the keys already waiting go there too."""
        if self.screen.focused is not items:
            self.screen.set_focus(items)

    def open_rights(self) -> None:
        """Go to the right-hand list, on the active left item's match (or the first item)."""
        self.rights.highlighted = self.paired.get(self.active, 0)
        self.move_to(self.rights)

    def submit_or_open(self) -> None:
        """Enter in the left list: submit once all are paired, else pick a match for this one."""
        if len(self.paired) == len(self.lefts.items):
            tell_screen(self, AnswerGiven(self.response))
        else:
            self.open_rights()

    def pair(self, left: int, right: int) -> None:
        """Pair `left` with `right` (which leaves any left item it had), then choose the next."""
        changed = {left}
        before = next((i for i, r in self.paired.items() if r == right and i != left), None)
        if before is not None:
            del self.paired[before]
            changed.add(before)
        old_right = self.paired.get(left)
        self.paired[left] = right
        self._relabel(changed, {right} | ({old_right} if old_right is not None else set()))
        unpaired = [i for i in range(len(self.lefts.items)) if i not in self.paired]
        following = [i for i in unpaired if i > left] or unpaired
        if following:
            self.lefts.highlighted = following[0]
        self.move_to(self.lefts)

    def _relabel(self, lefts: set[int], rights: set[int]) -> None:
        """Redraw the pairs shown on the items whose pairs changed."""
        owner = {r: i for i, r in self.paired.items()}
        for i in lefts:
            right = self.paired.get(i)
            shown = UNPAIRED if right is None else f"{letter(right)} {self.rights.items[right]}"
            self.lefts.labels[i] = f"{self.lefts.items[i]} → {shown}"
        for r in rights:
            self.rights.labels[r] = self.rights.items[r] + (
                f"  ← {owner[r] + 1}" if r in owner else ""
            )
        self.lefts.redraw(*lefts)
        self.rights.redraw(*rights)

    def show_verdict(self, marks: tuple[bool, ...]) -> None:
        """✓ or ✗ in front of each left item (the feedback says what the right match is)."""
        self.lefts.show_marks({i: "✓" if right else "✗" for i, right in enumerate(marks)})
