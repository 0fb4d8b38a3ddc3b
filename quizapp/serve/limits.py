"""What one browser tab may cost the teacher's machine, whatever it sends.

Every tab gets its own quiz process, fed by the tab's websocket, and a tab is
code the teacher does not control (a student's devtools, a script). Measured
without these limits on a 2-core machine: 20,000 keystrokes sent at once grew
a quiz from 41 MB to 290 MB and kept it busy for half a minute; a tab asking
for a 100,000 × 100,000 screen grew its quiz by about 40 MB a second, past
10 GB. So the server lets through only so much input, clamps screen sizes,
and runs only so many quizzes at once.

Plain Python (no aiohttp, no Textual): the numbers and the arithmetic, so
they can be read and tested on their own.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_MAX_SESSIONS = 60
"""Two classes of 30, or one class with a second tab each (a reload, a lost tab).

A quiz forked from the pre-warmed parent costs about 20 MB of its own (PSS;
its resident size is about 40 MB, half of it shared), so a full room is
about 1.2 GB; a fresh process per tab holds 40-60 MB, about 3 GB: what a
teacher's laptop can spare (`bench/room.py` measures both).
"""


@dataclass(frozen=True)
class Limits:
    """The limits of one server; only `max_sessions` is set on the command line."""

    max_sessions: int = DEFAULT_MAX_SESSIONS
    """Quizzes running at once; the next tab is told the room is full."""
    input_burst: int = 2_000
    """Characters a tab may send at once: a pasted paragraph, or a few seconds of
    mouse movement (a mouse report is about 12 characters)."""
    input_rate: float = 200.0
    """Characters a second after the burst: ten times a fast typist."""
    min_columns: int = 20
    min_rows: int = 5
    max_columns: int = 500
    """A 4K screen at a small font; a quiz drawing 500 × 200 cells stays under 50 MB."""
    max_rows: int = 200
    default_columns: int = 80
    """The size used when a tab's first request names none (textual-serve's default)."""
    default_rows: int = 24
    resize_interval: float = 0.1
    """Seconds between the sizes passed on: a window being dragged sends dozens a
    second, and each one makes the quiz lay out and draw its whole screen."""
    max_message_bytes: int = 4 * 1024 * 1024
    """Largest websocket message read at all (aiohttp's default, made explicit); a
    bigger one closes the connection. Anything smaller is read, then judged."""
    max_ping_characters: int = 64
    """A ping is echoed only when short: a browser pings with a timestamp."""

    def screen(self, width: object, height: object) -> tuple[int, int] | None:
        """The screen size to give the quiz, or None if this is not a size at all.

        Whole numbers (or digit strings, from a URL) are clamped into range, so
        0, -5 and 100,000 all become sizes a quiz can draw; anything else (a
        fraction, text, `true`, a list) is not a size.
        """
        columns, rows = _whole_number(width), _whole_number(height)
        if columns is None or rows is None:
            return None
        return (
            min(max(columns, self.min_columns), self.max_columns),
            min(max(rows, self.min_rows), self.max_rows),
        )

    def first_screen(self, width: object, height: object) -> tuple[int, int]:
        """The size to start a quiz with: the tab's, clamped, or the default."""
        return self.screen(width, height) or (self.default_columns, self.default_rows)


def _whole_number(value: object) -> int | None:
    """`value` as a whole number, if it is one (a JSON number or a URL's digits)."""
    if isinstance(value, bool):  # JSON true is not a size, although Python says True == 1
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"[+-]?[0-9]{1,9}", value.strip()):
        return int(value)
    return None


_SGR_MOUSE_REPORT = re.compile(r"\x1b\[<([0-9]{1,3});[0-9]{1,5};[0-9]{1,5}[Mm]")
"""A mouse report as xterm.js sends it once Textual asks for SGR mouse mode."""


def is_mouse_motion(keys: str) -> bool:
    """True for a report of the mouse moving (not a click): xterm.js sends one
    per cell the pointer crosses, so a moving mouse is most of a tab's input."""
    report = _SGR_MOUSE_REPORT.fullmatch(keys)
    return report is not None and int(report.group(1)) & 32 != 0


class InputBudget:
    """A token bucket of characters: `burst` at once, refilled at `rate` a second.

    A message goes through whole or is dropped whole: cutting one would split
    an escape sequence or a bracketed paste, and the quiz would misread every
    key after it. So a message longer than the burst never goes through.
    """

    def __init__(self, burst: int, rate: float, clock: Callable[[], float] = time.monotonic):
        self.burst = burst
        self.rate = rate
        self._clock = clock
        self._tokens = float(burst)
        self._refilled_at = clock()

    def allow(self, cost: int, keep: int = 0) -> bool:
        """Spend `cost` characters if at least `keep` would be left; else spend nothing."""
        now = self._clock()
        elapsed = max(now - self._refilled_at, 0.0)
        self._tokens = min(self.burst, self._tokens + elapsed * self.rate)
        self._refilled_at = now
        if self._tokens - cost < keep:
            return False
        self._tokens -= cost
        return True

    def allow_keys(self, keys: str) -> bool:
        """Whether to pass on this stdin message: mouse movement may use only the
        top half of the budget, so a moving mouse never crowds out a keystroke."""
        keep = self.burst // 2 if is_mouse_motion(keys) else 0
        return self.allow(max(len(keys), 1), keep)
