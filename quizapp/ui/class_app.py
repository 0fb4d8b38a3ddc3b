"""The app behind `quizapp class`: one screen, the live class view."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quizapp.store.address import DatabaseAddress
from quizapp.store.results import Now, utc_now
from quizapp.ui.base_app import QuizappApp
from quizapp.ui.screens.class_view import ClassScreen


class ClassApp(QuizappApp[None]):
    """Shows a data folder's results live; reads only."""

    CSS_PATH = "app.tcss"
    TITLE = "quizapp class view"

    def __init__(self, class_screen: ClassScreen) -> None:
        super().__init__()
        self.class_screen = class_screen

    def on_mount(self) -> None:
        self.push_screen(self.class_screen)


def make_class_app(
    folder: Path | DatabaseAddress,
    *,
    deck_id: str | None = None,
    leaderboard: bool = False,
    hours: int = 12,
    now: Now = utc_now,
    roster: Sequence[str] = (),
) -> ClassApp:
    """Build the class view over the results in `folder` or at an address (read every second)."""
    return ClassApp(
        ClassScreen(
            folder, deck_id=deck_id, leaderboard=leaderboard, hours=hours, now=now, roster=roster
        )
    )
