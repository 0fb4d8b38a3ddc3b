"""What the screens say about saving: answers waiting, results not kept, and quitting with either.

The question, results and start screens show `saving_line` whenever saving
is not simply working, and quitting while answers wait asks first
(`confirm_quit`), saying where they are kept and what happens to them.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

from quizapp.store.saver import Phase, SaveStatus
from quizapp.text.wording import plural
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.text import literal

SETTLE_SECONDS = 0.5
"""Before asking about unsaved answers, how long answers on their way get to arrive."""


def saving_status(app: App[Any], *, settle: bool = False) -> SaveStatus:
    """How saving stands for `app` (a screen may be shown by an app without a saver).

    With `settle`, answers still on their way to a working database get a
    moment to arrive first, so quitting right after an answer does not ask
    about an answer that is saved a millisecond later.
    """
    saver = getattr(app, "saver", None)
    if saver is None:
        return SaveStatus(Phase.SAVING)
    if settle and saver.status.phase is Phase.SAVING:
        saver.wait_until_saved(SETTLE_SECONDS)
    return saver.status


def show_saving_line(screen: Screen[Any], status: SaveStatus) -> None:
    """Show `saving_line(status)` in the screen's `#saving` line, hidden when all is well.

    The app tells whichever screen is on top, which may not be composed yet.
    The saver reports after every write, and nearly always nothing the line
    says has changed: then the screen is left alone (looking the line up
    again on each answer cost the verdict's frame half a millisecond).
    """
    line = saving_line(status)
    alarm = status.phase is Phase.NOT_SAVING or bool(status.unjournaled)
    if getattr(screen, "_saving_shown", None) == (line, alarm):
        return
    found = screen.query("#saving")
    if not found:
        return
    widget = found.only_one(Static)
    widget.display = bool(line)
    if line:
        widget.update(literal(line))
        widget.set_class(alarm, "alarm")
    screen._saving_shown = (line, alarm)  # type: ignore[attr-defined]


def saving_line(status: SaveStatus) -> str:
    """One line about saving for the top of a screen, or '' when all is well (fits 80 columns)."""
    if status.phase is Phase.NOT_SAVING:
        return f"⚠ {status.notice}" if status.notice else ""  # no notice: kept in memory on purpose
    reason = f": {status.reason}" if status.reason else ""
    if status.phase is Phase.SAVING:
        return ""  # answers pass through to the database in milliseconds: nothing to say
    if status.waiting and status.unjournaled:
        return f"⚠ {plural(status.waiting, 'answer')} held until they can be saved{reason}"
    if status.waiting:
        return f"⏳ {plural(status.waiting, 'answer')} waiting to be saved{reason}"
    if status.phase is Phase.OPENING and status.slow:
        return f"⏳ Waiting for the results database{reason}; you can start, answers are kept"
    return ""


def unsaved_detail(status: SaveStatus) -> str:
    """What happens to waiting answers if the student quits now."""
    if status.phase is Phase.NOT_SAVING:
        return "Results are not being saved, so this round's answers will not be kept."
    if not status.waiting:
        return "Your answers so far are saved: start quizapp again to resume."
    answers = plural(status.waiting, "answer")
    if status.unjournaled:
        return (
            f"{answers} could not be saved yet{_reason(status)}, and not even kept in a file "
            "(the disk may be full): if you quit now they are lost. Keep playing, or free "
            "some space, and quizapp saves them."
        )
    where = f" in {status.journal}" if status.journal else ""
    return (
        f"{answers} {'is' if status.waiting == 1 else 'are'} not in the results database "
        f"yet{_reason(status)}. If you quit now, {'it is' if status.waiting == 1 else 'they are'} "
        f"kept{where} and saved the next time quizapp starts with this data folder."
    )


def _reason(status: SaveStatus) -> str:
    return f" ({status.reason})" if status.reason else ""


def confirm_quit(app: App[Any], status: SaveStatus, *, detail: str) -> None:
    """Quit now, or ask first when answers wait; `detail` comes before what is said of them."""
    if not status.waiting and not detail:
        app.exit()
        return

    def quit_if_sure(sure: bool | None) -> None:
        if sure:
            app.exit()

    title = (
        f"Quit with {plural(status.waiting, 'answer')} not saved yet?"
        if status.waiting
        else "Quit quizapp in the middle of this round?"
    )
    app.push_screen(
        ConfirmScreen(
            title,
            " ".join(p for p in (detail, unsaved_detail(status)) if p),
            yes="Quit",
            no="Keep playing",
        ),
        quit_if_sure,
    )
