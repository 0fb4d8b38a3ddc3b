"""Textual's Footer, rebuilt at most once per refresh.

The footer shows only the keys that work right now, so bindings are
refreshed whenever focus or the round's state changes — several times for
one answer. Textual's Footer rebuilds itself for each of them; this one
folds the requests of one frame into one rebuild, which keeps the time from
keypress to feedback within a frame.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class QuizFooter(Footer):
    """A Footer that coalesces binding refreshes."""

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        if self._rebuild_pending:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild, screen)

    def _rebuild(self, screen: Screen) -> None:
        self._rebuild_pending = False
        super().bindings_changed(screen)
