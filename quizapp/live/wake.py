"""Waiting for a room to change: a NOTIFY on PostgreSQL, a short poll of one row on SQLite.

Every change to a room bumps its `version` in the same transaction
(`quizapp.store.rooms`), and on PostgreSQL also sends a NOTIFY with the
room's code. A student's process waits here between changes: on PostgreSQL
on a connection of its own that LISTENs (woken at once, several serve
hosts included), on SQLite by reading the room's version every
`POLL_SECONDS` (one indexed row; SQLite has no way to wake another process).
Either way `wait` returns within its timeout, so a screen can also tick.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Any

from quizapp.store import rooms
from quizapp.store.results import ResultsStore

POLL_SECONDS = 0.2
"""How often a student's process reads the room's version on SQLite (well within the second
the reveal may take to reach every student)."""


class RoomWatcher:
    """Tells when a room's version moves on."""

    def __init__(self, store: ResultsStore, code: str) -> None:
        self.store = store
        self.code = code
        self._stop = threading.Event()
        self._listener: Any = None
        if store.address is not None and store.address.path is None:
            self._listener = _listen(store.address.conninfo)

    def wait(self, seen: int, timeout: float) -> int | None:
        """The room's version once it differs from `seen` (or after `timeout`); None: no room.

        Time is measured, not counted in steps: a NOTIFY of another room (the
        channel is shared) wakes the wait early without using up its timeout.
        """
        deadline = time.monotonic() + timeout
        while True:
            version = rooms.room_version(self.store, self.code)
            left = deadline - time.monotonic()
            if version is None or version != seen or left <= 0 or self._stop.is_set():
                return version
            pause = min(POLL_SECONDS, left)
            if self._listener is not None:
                self._wait_for_notify(pause)
            else:
                self._stop.wait(pause)

    def _wait_for_notify(self, timeout: float) -> None:
        try:
            for _ in self._listener.notifies(timeout=timeout, stop_after=1):
                break
        except Exception:  # noqa: BLE001 - a lost listener falls back to polling
            self._listener = None
            self._stop.wait(timeout)

    def close(self) -> None:
        self._stop.set()
        if self._listener is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self._listener.close()


def _listen(conninfo: str) -> Any:
    """A connection of its own that LISTENs on the rooms' channel (None if it cannot)."""
    import psycopg

    try:
        connection = psycopg.connect(conninfo, autocommit=True, connect_timeout=5)
        connection.execute(f"LISTEN {rooms.NOTIFY_CHANNEL}")
    except psycopg.Error:
        return None
    return connection
