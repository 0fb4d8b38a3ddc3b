"""SQLite's locks survive a second store opening the same file in the same process.

SQLite's locks are POSIX locks, held by the process: closing any descriptor
on the file drops every one of them (sqlite.org/howtocorrupt.html, 2.2).
Opening a store used to read the file's header with `open()`, which let
another process write under a transaction of this one and corrupted files
in the school load benchmark.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from quizapp.store.database import open_read_only
from quizapp.store.location import DATABASE_NAME
from quizapp.store.results import ResultsStore

OPEN_AND_CLOSE = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("SELECT COUNT(*) FROM students").fetchone()
connection.close()
"""


def another_process_opens_and_closes(path: Path) -> None:
    """The last connection to close cleans up the WAL: SQLite decides "last" by the locks."""
    subprocess.run([sys.executable, "-c", OPEN_AND_CLOSE, str(path)], timeout=60, check=True)


def test_a_second_store_opening_the_file_keeps_the_first_ones_locks(tmp_path: Path) -> None:
    writing = ResultsStore.open(tmp_path)
    writing.student("Ann")
    path = tmp_path / DATABASE_NAME
    wal = Path(f"{path}-wal")
    assert wal.exists()
    ResultsStore.open(tmp_path).close()  # checks the file, as every store does as it opens
    opened = open_read_only(tmp_path)  # as a report in the same process would
    assert opened is not None
    opened.connection.close()
    another_process_opens_and_closes(path)
    # With this process's locks dropped, the other process took itself for the last one
    # and removed the WAL under the open connection.
    assert wal.exists(), "this process's locks on the database file were dropped"
    writing.student("Ben")
    writing.close()
    assert [n for (n,) in sqlite3.connect(path).execute("SELECT name FROM students")] == [
        "Ann",
        "Ben",
    ]
