"""`quizapp report` and `quizapp class` never change the teacher's data, whatever state it is in.

Each case runs the real command in a fresh process over a real folder and
compares every file in it, byte for byte, before and after.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.store.location import DATABASE_NAME
from quizapp.store.migrations import LATEST_VERSION, migrate
from tests.store_helpers.classroom import fill_classroom
from tests.store_helpers.play import REPO_ROOT


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (names and bytes)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def quizapp(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def damaged_pages(folder: Path) -> None:
    """Zero every page after the first: the schema is there, the tables' pages are not."""
    path = folder / DATABASE_NAME
    data = path.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    path.write_bytes(data[: 2 * page] + bytes(len(data) - 2 * page))


def not_a_database(folder: Path) -> None:
    (folder / DATABASE_NAME).write_bytes(b"Notes for Monday's lesson, not a database.\n" * 50)


def newer_schema(folder: Path) -> None:
    connection = sqlite3.connect(folder / DATABASE_NAME)
    connection.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    connection.commit()
    connection.close()


def older_schema(folder: Path) -> None:
    (folder / DATABASE_NAME).unlink()
    connection = sqlite3.connect(folder / DATABASE_NAME, isolation_level=None)
    migrate(connection, target=LATEST_VERSION - 1)
    connection.close()


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (not_a_database, "is damaged (it is not a database); nothing was changed"),
        (damaged_pages, "is damaged"),
        (newer_schema, "was made by a newer quizapp"),
        (older_schema, "was made by an older quizapp"),
    ],
    ids=["not-a-database", "damaged-pages", "newer", "older"],
)
@pytest.mark.parametrize("command", ["report", "class"])
def test_a_read_only_command_says_what_is_wrong_and_changes_nothing(
    tmp_path: Path, damage: object, said: str, command: str
) -> None:
    """Damaged, newer or older: one message with the path and what to do, exit 1, every byte kept."""
    classroom = fill_classroom(tmp_path)
    folder = classroom.folder
    damage(folder)  # type: ignore[operator]
    before = snapshot(folder)
    result = quizapp(command, "--data-dir", str(folder))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"quizapp: error: {folder / DATABASE_NAME} ")
    assert said in line
    assert "Traceback" not in result.stderr
    assert snapshot(folder) == before  # nothing renamed, created, migrated or written


def test_the_message_says_what_to_do_for_each_case(tmp_path: Path) -> None:
    """Damaged: a new quiz moves it aside, or restore a backup; older: `quizapp db upgrade`."""
    classroom = fill_classroom(tmp_path)
    not_a_database(classroom.folder)
    damaged = quizapp("report", "--data-dir", str(classroom.folder)).stderr
    assert "moves it aside and starts a new one; or restore it from a backup" in damaged
    older_schema(classroom.folder)
    older = quizapp("report", "--data-dir", str(classroom.folder)).stderr
    assert f"run `quizapp db upgrade --data-dir {classroom.folder}`" in older
    upgraded = quizapp("db", "upgrade", "--data-dir", str(classroom.folder))
    assert upgraded.returncode == 0 and "is up to date" in upgraded.stdout
    assert quizapp("report", "--data-dir", str(classroom.folder)).returncode == 0


def test_a_healthy_report_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    """Even a working report adds no file (no -wal, no -shm) and changes no byte."""
    classroom = fill_classroom(tmp_path)
    before = snapshot(classroom.folder)
    for form in ("table", "csv", "json"):
        result = quizapp("report", "--data-dir", str(classroom.folder), "--format", form)
        assert result.returncode == 0, result.stderr
    assert snapshot(classroom.folder) == before
