"""A whole class on one shared database: many processes writing at once lose nothing.

On both engines (the `database` fixture): a SQLite file in a shared folder, and a
PostgreSQL database on a real server.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from quizapp.bank import load_deck
from quizapp.store.location import DATABASE_NAME
from quizapp.store.results import ResultsStore
from quizapp.store.saver import Phase
from tests.engines import TestDatabase
from tests.store_helpers.play import REPO_ROOT, StoreClock, saver_for
from tests.waiting import wait_for

STUDENTS = 20
ANSWERS_EACH = 50


def fifty_question_bank(path: Path) -> Path:
    lines = ["deck: class-drill", "title: Class drill", "questions:"]
    for n in range(ANSWERS_EACH):
        lines += [
            f"  - id: q{n:02d}",
            "    type: choice",
            f"    prompt: Question number {n}?",
            "    choices: [Yes, No]",
            "    answer: 'Yes'",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(load_deck(path).questions) == ANSWERS_EACH
    return path


def start_writer(database: TestDatabase, bank: Path, name: str) -> subprocess.Popen[str]:
    """One student's quiz, told the database as a quiz is: by $QUIZAPP_DATABASE."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.store_helpers.concurrent_writer",
            str(database.folder),
            str(bank),
            name,
        ],
        cwd=REPO_ROOT,
        env=os.environ | database.environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_class(database: TestDatabase, bank: Path, names: list[str]) -> list[dict[str, object]]:
    """Start one writer per name, fire them together, and collect what each reported."""
    writers: list[subprocess.Popen[str]] = []
    try:
        for name in names:
            writers.append(start_writer(database, bank, name))
        for writer in writers:
            assert writer.stdout is not None
            assert writer.stdout.readline() == "ready\n", writer.communicate(timeout=60)[1]
        for writer in writers:  # the starting gun: everyone opens the store and writes at once
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        outcomes = []
        for writer in writers:
            out, err = writer.communicate(timeout=120)
            assert writer.returncode == 0, err
            outcomes.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
                writer.wait()
    for outcome in outcomes:
        assert outcome["saved"] is True and outcome["left_unsaved"] == 0, outcome
        assert outcome["phase"] == "saving" and outcome["notice"] == "", outcome
        assert outcome["answered"] == ANSWERS_EACH
    return outcomes


def assert_healthy(database: TestDatabase) -> None:
    """SQLite's own check of the file; on both engines, no answer is in twice."""
    if database.is_sqlite:
        assert database.rows("PRAGMA integrity_check") == [("ok",)]
    assert database.rows("SELECT uid FROM answers GROUP BY uid HAVING COUNT(*) > 1") == []


def test_twenty_students_writing_at_once_lose_no_answer(
    tmp_path: Path, database: TestDatabase
) -> None:
    """20 processes (20 student names) each commit 50 answers to one database at once: exactly 1,000 rows, all healthy."""
    bank = fifty_question_bank(tmp_path / "drill.yaml")
    # A brand-new database: the class creates it together.
    run_class(database, bank, [f"Student {n:02d}" for n in range(STUDENTS)])

    assert_healthy(database)
    assert database.rows("SELECT COUNT(*) FROM answers") == [(STUDENTS * ANSWERS_EACH,)]
    assert database.rows("SELECT COUNT(*) FROM students") == [(STUDENTS,)]
    per_student = database.rows(
        "SELECT s.name, COUNT(a.id), COUNT(DISTINCT a.question_id), SUM(a.correct) "
        "FROM students s JOIN answers a ON a.student_id = s.id GROUP BY s.id, s.name "
        "ORDER BY s.name"
    )
    assert per_student == [
        (f"Student {n:02d}", ANSWERS_EACH, ANSWERS_EACH, ANSWERS_EACH // 2) for n in range(STUDENTS)
    ]
    assert database.rows("SELECT COUNT(*) FROM attempts WHERE finished_at IS NOT NULL") == [
        (STUDENTS,)
    ]
    assert database.rows("SELECT COUNT(*) FROM review_cards") == [(STUDENTS * ANSWERS_EACH,)]


def test_one_name_typed_differently_in_several_processes_is_one_student(
    tmp_path: Path, database: TestDatabase
) -> None:
    """The same student on 6 machines at once ("Alice", "ALICE", " alice "...) is one student with 6 rounds."""
    bank = fifty_question_bank(tmp_path / "drill.yaml")
    ResultsStore.open(database.where, now=StoreClock()).close()
    spellings = ["Alice", "ALICE", " alice ", "alice", "aLiCe", "Alice  "]
    outcomes = run_class(database, bank, spellings)
    [(name,)] = database.rows("SELECT name FROM students")
    assert name in {" ".join(s.split()) for s in spellings}
    assert database.rows("SELECT COUNT(*), COUNT(DISTINCT attempt_id) FROM answers") == [
        (len(spellings) * ANSWERS_EACH, len(spellings))
    ]
    assert sorted(o["attempt"] for o in outcomes) == sorted(
        row[0] for row in database.rows("SELECT uid FROM attempts")
    )
    # One review card per question: six rounds of the same student share them.
    assert database.rows("SELECT COUNT(*) FROM review_cards") == [(ANSWERS_EACH,)]
    assert_healthy(database)


def test_opening_while_a_classmate_creates_the_database_waits_for_it(tmp_path: Path) -> None:
    """A student whose quiz opens the folder while a classmate's is creating the database waits, then saves.

    SQLite only: about its file lock (PostgreSQL's creation under an advisory lock is
    what twenty students starting on a brand-new database above exercise).
    """
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / DATABASE_NAME
    path.touch()  # the classmate's app has just created the file...
    classmate = sqlite3.connect(path, isolation_level=None)
    classmate.execute("BEGIN IMMEDIATE")  # ...and holds the write lock while it sets it up
    saver = saver_for(folder, StoreClock())
    try:
        assert wait_for(lambda: saver.status.reason != "")  # it met the lock and keeps trying
        assert saver.status.phase is Phase.OPENING
        classmate.execute("ROLLBACK")
        classmate.close()
        assert saver.wait_until_open(timeout=30)
        assert saver.status.phase is Phase.SAVING and saver.status.notice == ""
    finally:
        saver.close()
