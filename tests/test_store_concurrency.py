"""A whole class on one shared data folder: many processes writing at once lose nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from quizapp.bank import load_deck
from quizapp.store.location import DATABASE_NAME
from quizapp.store.results import ResultsStore
from quizapp.store.saver import Phase
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


def start_writer(folder: Path, bank: Path, name: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.store_helpers.concurrent_writer",
            str(folder),
            str(bank),
            name,
        ],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_class(folder: Path, bank: Path, names: list[str]) -> list[dict[str, object]]:
    """Start one writer per name, fire them together, and collect what each reported."""
    writers: list[subprocess.Popen[str]] = []
    try:
        for name in names:
            writers.append(start_writer(folder, bank, name))
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


def test_twenty_students_writing_at_once_lose_no_answer(tmp_path: Path) -> None:
    """20 processes (20 student names) each commit 50 answers to one folder at once: exactly 1,000 rows, a healthy file."""
    bank = fifty_question_bank(tmp_path / "drill.yaml")
    folder = tmp_path / "shared"
    # A brand-new folder: the class creates the database together.
    run_class(folder, bank, [f"Student {n:02d}" for n in range(STUDENTS)])

    connection = sqlite3.connect(folder / DATABASE_NAME)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT COUNT(*) FROM answers").fetchone() == (
            STUDENTS * ANSWERS_EACH,
        )
        assert connection.execute("SELECT COUNT(*) FROM students").fetchone() == (STUDENTS,)
        per_student = connection.execute(
            "SELECT s.name, COUNT(a.id), COUNT(DISTINCT a.question_id), SUM(a.correct) "
            "FROM students s JOIN answers a ON a.student_id = s.id GROUP BY s.id ORDER BY s.name"
        ).fetchall()
        assert per_student == [
            (f"Student {n:02d}", ANSWERS_EACH, ANSWERS_EACH, ANSWERS_EACH // 2)
            for n in range(STUDENTS)
        ]
        assert connection.execute(
            "SELECT COUNT(*) FROM attempts WHERE finished_at IS NOT NULL"
        ).fetchone() == (STUDENTS,)
        assert connection.execute("SELECT COUNT(*) FROM review_cards").fetchone() == (
            STUDENTS * ANSWERS_EACH,
        )
    finally:
        connection.close()


def test_one_name_typed_differently_in_several_processes_is_one_student(tmp_path: Path) -> None:
    """The same student on 6 machines at once ("Alice", "ALICE", " alice "...) is one student with 6 rounds."""
    bank = fifty_question_bank(tmp_path / "drill.yaml")
    folder = tmp_path / "shared"
    ResultsStore.open(folder, now=StoreClock()).close()
    spellings = ["Alice", "ALICE", " alice ", "alice", "aLiCe", "Alice  "]
    outcomes = run_class(folder, bank, spellings)
    connection = sqlite3.connect(folder / DATABASE_NAME)
    try:
        [(name,)] = connection.execute("SELECT name FROM students").fetchall()
        assert name in {" ".join(s.split()) for s in spellings}
        assert connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT attempt_id) FROM answers"
        ).fetchone() == (
            len(spellings) * ANSWERS_EACH,
            len(spellings),
        )
        assert sorted(o["attempt"] for o in outcomes) == sorted(
            row[0] for row in connection.execute("SELECT uid FROM attempts")
        )
        # One review card per question: six rounds of the same student share them.
        assert connection.execute("SELECT COUNT(*) FROM review_cards").fetchone() == (ANSWERS_EACH,)
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()


def test_opening_while_a_classmate_creates_the_database_waits_for_it(tmp_path: Path) -> None:
    """A student whose quiz opens the folder while a classmate's is creating the database waits, then saves."""
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
