"""The preview screen: one question of a bank being edited, as a student would get it.

It is the question screen itself (the same card, keys and feedback, so the
author sees what a student will), over a round of one question in practice
mode with no recorder: nothing is saved. On top of it:

* `n` / `p` go to the next / previous question of the bank (wrapping round),
  and Enter after the feedback goes on to the next one;
* the bank file is watched: each save is read again off the UI thread. A
  bank with errors keeps the last good version on screen, with its problems
  listed above it; a valid one replaces it and stays on the question being
  edited (found by id; if its id is gone, the question now at its place).
  Warnings about the question on screen are listed the same way.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from quizapp.bank.model import Deck
from quizapp.bank.problems import Problem
from quizapp.bank.watch import BankCheck, BankWatch, same_question
from quizapp.engine.session import Clock, Mode, QuizSession, RoundOptions
from quizapp.text.wording import plural
from quizapp.ui.screens.question import TICK_SECONDS, QuestionScreen
from quizapp.ui.text import literal
from quizapp.ui.widgets.problems import ProblemsPanel
from quizapp.ui.widgets.progress import RoundProgress

PREVIEW_OPTIONS = RoundOptions(mode=Mode.PRACTICE, seed=1, shuffle=False)
"""Practice mode (feedback at once), choices in the bank's order, the same every time."""


def _preview_bindings() -> list[BindingType]:
    """The question screen's keys, with `n` and `p` before Help, and two of them adjusted.

    Enter after the feedback goes on as ever, but is left off the key bar:
    the feedback itself says so, and `n` says the same thing. "Type answer"
    becomes "Type", so the whole bar fits in 60 columns.
    """
    keys: list[BindingType] = [*Screen.BINDINGS]
    for binding in QuestionScreen.BINDINGS:
        if isinstance(binding, Binding):
            if binding.action == "next":
                binding = replace(binding, show=False)
            elif binding.action == "type":
                binding = replace(binding, description="Type")
            elif binding.action == "help":
                keys += [
                    Binding("n", "next_question", "Next"),
                    Binding("p", "previous_question", "Previous"),
                ]
        keys.append(binding)
    return keys


class PreviewProgress(RoundProgress):
    """The top line: where the question stands in the bank, and that nothing is saved."""

    def place(self, number: int, total: int, question_id: str) -> None:
        """Show question `number` of `total` (1-based), with its id."""
        self._position = f"Question {number} of {total} · {question_id}"
        self._score = "Preview · nothing is saved"
        self._done, self._total = number, total
        self._redraw()

    def update_from(self, session: QuizSession) -> None:
        """The round is one question: its score says nothing here (see `place`)."""


class PreviewScreen(QuestionScreen, inherit_bindings=False):
    """Shows one question of a watched bank; follows every save of the file."""

    BINDINGS = _preview_bindings()

    def __init__(
        self,
        bank: BankWatch,
        check: BankCheck,
        question_id: str | None = None,
        *,
        clock: Clock,
    ) -> None:
        if check.deck is None:
            raise ValueError("the preview starts from a bank that loads")
        self.bank = bank
        """The file and how to read it again."""
        self.deck: Deck = check.deck
        """The last good version of the bank: what is on screen."""
        self.index = _position(self.deck, question_id, 0)
        """The question on screen, as a position in `deck.questions`."""
        self.problems: tuple[Problem, ...] = ()
        """The errors of the bank as last saved (none while it is valid)."""
        self.warnings: tuple[Problem, ...] = check.problems
        """The linter's warnings about the last good version."""
        self.clock = clock
        self._stop = asyncio.Event()
        """Set when the screen goes: the watcher stops."""
        self._status = Static(id="preview-status")
        self._panel = ProblemsPanel()
        super().__init__(self._session_at(self.index))
        self.progress: PreviewProgress = PreviewProgress(id="progress")

    def _session_at(self, index: int) -> QuizSession:
        """A round of the one question at `index`, with no recorder: nothing is kept."""
        question = self.deck.questions[index]
        return QuizSession(self.deck, PREVIEW_OPTIONS, questions=[question], clock=self.clock)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if widget.id == "body":
                yield self._status
                yield self._panel
            yield widget

    async def on_mount(self) -> None:
        """The question, then the watch on the file (a worker: the screen never waits on it)."""
        await super().on_mount()
        if not self.session.timed:  # a later question may have a time limit of its own
            self.set_interval(TICK_SECONDS, self.tick)
        self._say(f"Watching {self.bank.label}: save it and the preview follows.")
        self._panel.show(self._listed(), self.bank.label)
        self.run_worker(self._follow_saves(), group="watch", exclusive=True, exit_on_error=False)

    def on_unmount(self) -> None:
        self._stop.set()  # the watcher's thread ends within a step, so quitting is prompt

    # -- the question on screen ---------------------------------------------------------

    async def show_current(self) -> None:
        """The question at `index`, with its place in the bank on the top line."""
        question = self.deck.questions[self.index]
        self.progress.place(self.index + 1, len(self.deck.questions), question.id)
        await super().show_current()

    def finish(self) -> None:
        """A round of one question never ends here; if it did, the question is asked again."""
        self.call_later(self.go_to, self.index)

    async def go_to(self, index: int) -> None:
        """Ask the question at `index` (wrapping round the bank), afresh."""
        self.index = index % len(self.deck.questions)
        self.session = self._session_at(self.index)
        await self.show_current()
        self._panel.show(self._listed(), self.bank.label)

    async def action_next_question(self) -> None:
        await self.go_to(self.index + 1)

    async def action_previous_question(self) -> None:
        await self.go_to(self.index - 1)

    async def action_next(self) -> None:
        """Enter after the feedback: the next question of the bank."""
        if self.session.awaiting_next:
            await self.go_to(self.index + 1)

    def action_quit_round(self) -> None:
        """Nothing is kept, so nothing is lost: quit without asking."""
        self.app.exit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_question", "previous_question"):
            return not self._typing()
        return super().check_action(action, parameters)

    # -- following the file -------------------------------------------------------------

    async def _follow_saves(self) -> None:
        """Read the bank again after each save (on a thread), and show what came of it."""
        try:
            async for _ in self.bank.changes(self._stop):
                check = await asyncio.to_thread(self.bank.check)
                if self._stop.is_set():
                    return
                await self.bank_checked(check)
        except Exception as error:  # noqa: BLE001 - say it on screen; the preview still plays
            self._status.update(
                literal(f"✗ Stopped watching {self.bank.label} ({error}); start the preview again.")
            )
            self._status.set_class(True, "alarm")

    async def bank_checked(self, check: BankCheck) -> None:
        """The file was read again: show its problems, or its new version."""
        if check.deck is None:
            self.problems = check.problems
            self._say(
                f"✗ {plural(len(check.problems), 'problem')} in {self.bank.label}; "
                "showing the last good version."
            )
            self._panel.show(self._listed(), self.bank.label)
            return
        was = self.deck.questions[self.index]
        self.deck, self.warnings, self.problems = check.deck, check.problems, ()
        index = _position(self.deck, was.id, self.index)
        now = self.deck.questions[index]
        note = (
            "" if now.id == was.id else f" Question {was.id} is gone: showing the one in its place."
        )
        self._say(
            f"✓ Reloaded {self.bank.label}: {plural(len(self.deck.questions), 'question')}.{note}"
        )
        if now.id != was.id or not same_question(was, now):
            await self.go_to(index)
            return
        self.index = index  # only its line, or other questions, changed: keep the answer going
        self.progress.place(self.index + 1, len(self.deck.questions), now.id)
        self._panel.show(self._listed(), self.bank.label)

    def _listed(self) -> tuple[Problem, ...]:
        """The errors of the last save, or else the warnings about the question on screen."""
        if self.problems:
            return self.problems
        shown = self.deck.questions[self.index].id
        return tuple(w for w in self.warnings if w.question_id in (None, shown))

    def _say(self, line: str) -> None:
        """The status line: what the last reading of the file came to."""
        self._status.update(literal(line))
        self._status.set_class(bool(self.problems), "alarm")


def _position(deck: Deck, question_id: str | None, fallback: int) -> int:
    """Where the question `question_id` stands in `deck`, else `fallback` (kept in range)."""
    for index, question in enumerate(deck.questions):
        if question.id == question_id:
            return index
    return max(0, min(fallback, len(deck.questions) - 1))
