"""What a data folder holds, read straight from its files (for tests that fault the store)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from quizapp.store.journal import journal_folder
from quizapp.store.location import DATABASE_NAME


def answers_in_database(folder: Path) -> list[str]:
    """Question ids of the answers the database file holds, in the order they were written."""
    path = folder / DATABASE_NAME
    if not path.exists():
        return []
    connection = sqlite3.connect(path)
    try:
        return [r[0] for r in connection.execute("SELECT question_id FROM answers ORDER BY id")]
    except sqlite3.OperationalError:  # a file made but never set up (killed that early)
        return []
    finally:
        connection.close()


def answers_in_journals(folder: Path) -> list[str]:
    """Question ids of the answers waiting in the folder's journals, oldest journal first."""
    found = []
    for path in sorted(journal_folder(folder).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            data = json.loads(line)
            if data["kind"] == "answer":
                found.append(data["question_id"])
    return found
