"""Reading what the student sees, for Pilot tests."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList, Static


def plain(visual: object) -> str:
    """The text of a Static's content, an option's prompt (Content, str or a Rich renderable)."""
    if isinstance(visual, Content):
        return visual.plain
    if isinstance(visual, str):
        return visual
    if isinstance(visual, Text):
        return visual.plain
    if hasattr(visual, "plain"):
        return str(visual.plain)
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(visual)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def visible_text(app: App, root: Widget | None = None) -> str:
    """All text on the active screen, one widget per line, in DOM order.

    Statics and Labels give their content; option lists give each option;
    inputs give what is typed. Hidden widgets are left out, as for a user.
    """
    root = root or app.screen
    lines: list[str] = []
    for widget in root.query("*"):
        if not widget.display or any(
            not a.display for a in widget.ancestors_with_self if isinstance(a, Widget)
        ):
            continue
        if isinstance(widget, Static):
            lines.append(plain(widget.content))
        elif isinstance(widget, OptionList):
            lines.extend(plain(option.prompt) for option in widget.options)
        elif isinstance(widget, Input):
            lines.append(widget.value)
        elif isinstance(widget, DataTable):
            lines.extend(
                " | ".join(plain(cell) for cell in widget.get_row_at(row))
                for row in range(widget.row_count)
            )
    return "\n".join(lines)


def feedback_shown(app: App) -> bool:
    """True when the feedback panel is on screen (it is composed hidden with each question)."""
    from quizapp.ui.widgets.feedback import FeedbackPanel

    return any(panel.display for panel in app.screen.query(FeedbackPanel))


async def feedback_ready(pilot: object, app: App) -> Widget:
    """Wait for the feedback panel, which follows the verdict by a frame; returns it."""
    from quizapp.ui.widgets.feedback import FeedbackPanel

    await wait_until(pilot, lambda: feedback_shown(app))
    return app.screen.query_one(FeedbackPanel)


async def wait_until(pilot: object, condition: object, timeout: float = 30.0) -> None:
    """Let the app run until `condition()` holds (a deadline guards a hang; nothing sleeps blind)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {condition}")
        await pilot.pause(0.01)  # type: ignore[attr-defined]


async def history_shown(pilot: object, app: App) -> None:
    """Wait until the start screen has looked up the name on it (the database opens first)."""
    from quizapp.ui.screens.start import StartScreen

    def known() -> bool:
        screen = app.screen
        return isinstance(screen, StartScreen) and (
            screen.history is not None or not screen.typed_name
        )

    await wait_until(pilot, known)


def screen_lines(app: App) -> list[str]:
    """The screen as the terminal would show it, one string per row (for layout checks)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system=None,
        record=True,
        legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text().splitlines()
