"""Another program holding the results database (run by the saving tests).

    python -m tests.store_helpers.hold_lock DATABASE MODE

MODE `write` takes SQLite's write lock (`BEGIN EXCLUSIVE`): in WAL mode others
can still read but not write, as when another program is saving. MODE
`everything` also keeps the file locked for reading (`locking_mode =
EXCLUSIVE` with a write), as some backup and sync tools do. Prints `locked`
once it holds the lock, waits for a line on stdin, lets go, prints
`released`, and waits for the stdin to close.
"""

from __future__ import annotations

import sqlite3
import sys


def main(database: str, mode: str) -> None:
    connection = sqlite3.connect(database, isolation_level=None, timeout=30)
    if mode == "everything":
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
    connection.execute("BEGIN EXCLUSIVE")
    if mode == "everything":
        connection.execute("CREATE TABLE IF NOT EXISTS held_by_another_program (x)")
    print("locked", flush=True)
    sys.stdin.readline()
    connection.execute("ROLLBACK")
    connection.close()
    print("released", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
