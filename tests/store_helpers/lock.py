"""A real lock on a results database, held by another process for as long as a test says."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.store_helpers.play import REPO_ROOT


class HeldLock:
    """Another process holding the database; `release()` lets go (and waits until it has)."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.held = True

    def release(self) -> None:
        if not self.held:
            return
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("release\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline() == "released\n"
        self.held = False


@contextmanager
def held_lock(database: Path, mode: str = "write") -> Iterator[HeldLock]:
    """Hold `database` from another process (`write` or `everything`, see hold_lock.py)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.store_helpers.hold_lock", str(database), mode],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lock = HeldLock(process)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line == "locked\n", (line, process.stderr.read() if process.stderr else "")
        yield lock
    finally:
        try:
            lock.release()
        finally:
            if process.stdin:
                process.stdin.close()
            process.wait(timeout=30)
