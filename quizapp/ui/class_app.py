"""The app behind `quizapp class`: one screen, the live class view."""

from __future__ import annotations

from quizapp.store.results import ResultsStore
from quizapp.ui.base_app import QuizappApp
from quizapp.ui.screens.class_view import ClassScreen


class ClassApp(QuizappApp[None]):
    """Shows a data folder's results live; reads only."""

    CSS_PATH = "app.tcss"
    TITLE = "quizapp class view"

    def __init__(
        self, store: ResultsStore, *, deck_id: str | None, leaderboard: bool, hours: int
    ) -> None:
        super().__init__()
        self.store = store
        self.class_screen = ClassScreen(
            store, deck_id=deck_id, leaderboard=leaderboard, hours=hours
        )

    def on_mount(self) -> None:
        self.push_screen(self.class_screen)

    def on_unmount(self) -> None:
        self.store.close()


def make_class_app(
    store: ResultsStore,
    *,
    deck_id: str | None = None,
    leaderboard: bool = False,
    hours: int = 12,
) -> ClassApp:
    """Build the class view over a store opened for reading (`ResultsStore.read_only`)."""
    return ClassApp(store, deck_id=deck_id, leaderboard=leaderboard, hours=hours)
