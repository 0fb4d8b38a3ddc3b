"""Drive a program in a real terminal (tmux) and time what shows on screen.

Each `Terminal` runs on a private tmux server (`tmux -L quizbench-…`, no
user configuration), so the benchmark neither sees nor disturbs anybody's
sessions, and ends only the server it started. Times are taken around
`send-keys` and `capture-pane`, polled every 2 ms: what a person at the
terminal would see, including the terminal's own work, measured identically
for quizapp and its baseline.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
from collections.abc import Callable, Sequence
from itertools import count

POLL_SECONDS = 0.002
_servers = count()


class Terminal:
    """One program running in a tmux pane of a fixed size."""

    def __init__(
        self, command: Sequence[str], *, size: tuple[int, int] = (100, 30), cwd: str | None = None
    ) -> None:
        self.server = f"quizbench-{os.getpid()}-{next(_servers)}"
        self.command = command
        self.size = size
        self.cwd = cwd
        self.started_at = 0.0

    def _tmux(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.server, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            check=False,
        )

    def start(self) -> float:
        """Launch the program; returns the time it was launched (perf_counter)."""
        width, height = self.size
        line = shlex.join(self.command)
        if self.cwd:
            line = f"cd {shlex.quote(self.cwd)} && exec {line}"
        self.started_at = time.perf_counter()
        self._tmux("new-session", "-d", "-x", str(width), "-y", str(height), line)
        return self.started_at

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p").stdout

    def send(self, *keys: str) -> float:
        """Send keys (tmux names: Enter, Down, or text); returns when they were sent."""
        sent = time.perf_counter()
        self._tmux("send-keys", *keys)
        return sent

    def wait_for(self, shown: Callable[[str], bool], timeout: float = 10.0) -> tuple[float, str]:
        """Poll the screen until `shown(screen)`; returns the time it first held, and the screen."""
        deadline = time.perf_counter() + timeout
        while True:
            text = self.screen()
            now = time.perf_counter()
            if shown(text):
                return now, text
            if now > deadline:
                raise TimeoutError(f"not on screen after {timeout} s:\n{text}")
            time.sleep(POLL_SECONDS)

    def close(self) -> None:
        self._tmux("kill-server")

    def __enter__(self) -> Terminal:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def first_paint(command: Sequence[str], text: str, cwd: str | None = None) -> float:
    """Seconds from launching `command` in a terminal to `text` on its screen."""
    with Terminal(command, cwd=cwd) as terminal:
        shown, _ = terminal.wait_for(lambda screen: text in screen)
        return shown - terminal.started_at
