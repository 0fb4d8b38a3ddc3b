"""The store's clock: what time it is, in UTC (tests pass their own), and how times are written.

A module of its own so that the saver, which the quiz builds before its
first frame, need not import the results store to know the time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Now = Callable[[], dt.datetime]
"""The current time in UTC; tests fix it."""


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def stamp(moment: dt.datetime) -> str:
    """How times are written: ISO 8601 in UTC, which sorts as the times do."""
    return moment.astimezone(dt.UTC).isoformat()
