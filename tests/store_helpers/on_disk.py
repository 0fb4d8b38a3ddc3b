"""What a data folder holds, read straight from its files (for tests that fault the store)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from quizapp.store.journal import journal_folder
from quizapp.store.location import DATABASE_NAME
from tests.engines import TestDatabase


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


def answers_stored(database: TestDatabase) -> list[str]:
    """`answers_in_database` on either engine: question ids in the order they were written."""
    if database.is_sqlite and not (database.folder / DATABASE_NAME).exists():
        return []  # reading would make the file
    try:
        return [row[0] for row in database.rows("SELECT question_id FROM answers ORDER BY id")]
    except Exception as error:
        if no_tables_yet(error):  # a database made but never set up (killed that early)
            return []
        raise


def answer_uids_stored(database: TestDatabase) -> list[str]:
    """Every answer's uid as many times as the database holds it (one row each, if all is well)."""
    if database.is_sqlite and not (database.folder / DATABASE_NAME).exists():
        return []
    try:
        return [row[0] for row in database.rows("SELECT uid FROM answers ORDER BY id")]
    except Exception as error:
        if no_tables_yet(error):
            return []
        raise


def no_tables_yet(error: Exception) -> bool:
    if isinstance(error, sqlite3.OperationalError):
        return "no such table" in str(error)
    return type(error).__name__ == "UndefinedTable"  # psycopg.errors.UndefinedTable


def answer_uids_in_journals(folder: Path) -> list[str]:
    """The uids of the answers waiting in the folder's journals, oldest journal first."""
    return [
        json.loads(line)["uid"]
        for path in sorted(journal_folder(folder).glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if json.loads(line)["kind"] == "answer"
    ]
