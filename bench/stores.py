"""What the store benchmarks share: a PostgreSQL server to use, a database made ready, a p95,
and where a run was measured.

`bench/school_load.py` and `bench/live_reveal.py` run the same load against
a SQLite file and a PostgreSQL database; both take the server from
`--postgres URL` or start a throwaway cluster (tests/postgres_server.py).
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any


def write_results(path: str | Path, **figures: Any) -> None:
    """Write a run's figures as JSON, headed by where and when it was measured."""
    measured = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}",
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
    }
    text = json.dumps({**measured, **figures}, indent=2) + "\n"
    Path(path).write_text(text, encoding="utf-8")


def percentile_95(values: Sequence[float]) -> float:
    """The 95th percentile (nearest rank); NaN when there is nothing to rank."""
    return sorted(values)[round(0.95 * (len(values) - 1))] if values else float("nan")


def postgres_admin(url: str | None, stack: ExitStack, who: str, *, keep: bool = False) -> Any:
    """The server to use: the one at `url`, or a throwaway cluster stopped at the end
    (left running with `keep`, to look into)."""
    from tests.postgres_server import PostgresAdmin, PostgresUnavailable, start_throwaway

    if url:
        return PostgresAdmin(url)
    try:
        server = start_throwaway(stop_at_exit=not keep)
    except PostgresUnavailable as error:
        raise SystemExit(f"{who}: no PostgreSQL server: {error.reason}") from None
    if not keep:
        stack.callback(server.stop)
    return server


def prepare(folder: Path, url: str) -> None:
    """Create and migrate the database before the clock starts, as the first quiz to open it
    would: setup, not measured."""
    from quizapp.store.address import DatabaseAddress
    from quizapp.store.results import ResultsStore

    ResultsStore.open(DatabaseAddress.parse(url) if url else folder).close()
