"""The line of keys at the bottom of every screen: the keys that work now.

Textual's Footer is a container of one widget per key, recomposed whenever
the bindings may have changed: after each answer that is a remount and two
layouts of the whole screen, and a frame or two after the verdict. The keys
are one line of text, so this is one Static: it draws the same keys (the
screen's active bindings, one per action, as the Footer chooses them, with
the command palette's key at the right) as one Content, redrawn in place
only when the line changes, never changing the layout. A click on a key
presses it, as in the Footer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from quizapp.ui.text import in_style, literal, with_click

if TYPE_CHECKING:
    from textual.binding import ActiveBinding
    from textual.content import Content
    from textual.events import Resize
    from textual.screen import Screen

KEY_STYLE = "bold $footer-key-foreground on $footer-key-background"
DESCRIPTION_STYLE = "$footer-description-foreground on $footer-description-background"
DISABLED = " dim"


class KeyBar(Static):
    """One line: ` q Quit  ? Help …`, then the palette key flush right."""

    auto_links = False
    """The keys are clickable, but drawn as keys, not as underlined links."""

    def __init__(self) -> None:
        super().__init__(markup=False, classes="key-bar")
        self._pending = False
        self._shown: Content | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._redraw()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self, event: Resize) -> None:
        self._redraw()

    def _bindings_changed(self, screen: Screen) -> None:
        """Several changes in one handler (an answer, a focus move) make one redraw."""
        if self._pending or screen is not self.screen:
            return
        self._pending = True
        self.call_next(self._redraw)

    def _redraw(self) -> None:
        self._pending = False
        if not self.is_attached:
            return
        line: Content = self.key_line()
        if line != self._shown:
            self._shown = line
            self.update(line, layout=False)

    def key_line(self) -> Content:
        """The keys of the screen's active bindings, as Textual's Footer picks them."""
        app = self.app
        active = self.screen.active_bindings
        palette: ActiveBinding | None = None
        if app.ENABLE_COMMAND_PALETTE:
            palette = active.get(app.COMMAND_PALETTE_BINDING)
        keys: list[Content] = []
        actions: set[str] = set()
        for _, binding, enabled, _tooltip in active.values():
            if not binding.show or binding.action in actions:
                continue
            if palette is not None and binding is palette.binding:
                continue
            actions.add(binding.action)
            keys.append(
                key_label(binding.key, app.get_key_display(binding), binding.description, enabled)
            )
        line = literal("").join(keys)
        if palette is None:
            return line
        right = literal("▏") + key_label(
            palette.binding.key,
            app.get_key_display(palette.binding),
            palette.binding.description,
            palette.enabled,
        )
        room = self.size.width - line.cell_length - right.cell_length
        if room < 1:
            return line
        return line + literal(" " * room) + right


def key_label(key: str, display: str, description: str, enabled: bool) -> Content:
    """` q Quit `: the key in the key style, its description after; a click presses the key."""
    dim = "" if enabled else DISABLED
    label = in_style(f" {display} ", KEY_STYLE + dim)
    if description:
        label += in_style(f"{description} ", DESCRIPTION_STYLE + dim)
    return with_click(label, f"app.simulate_key({key!r})")
