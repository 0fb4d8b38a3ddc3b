"""Waiting for a condition in tests, with a deadline: never a sleep that hopes."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(condition: Callable[[], object], timeout: float = 30.0, every: float = 0.01) -> bool:
    """True as soon as `condition()` is true; False when `timeout` seconds pass first.

    The deadline only guards against a hang; what a test asserts is the condition.
    """
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
