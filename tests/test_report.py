"""`quizapp report`: the teacher's report over a data folder, as a table, CSV or JSON.

The class's results are in the test's `database`: each report runs on a SQLite
file and on a PostgreSQL database (`--data-dir DIR --database URL`). What only a
folder has (no folder yet, one the teacher may only read) stays SQLite's.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

try:
    import pwd
except ImportError:  # pragma: no cover - Windows
    pwd = None  # type: ignore[assignment]

from quizapp.cli import main
from quizapp.report.spreadsheet import SUMMARY_COLUMNS
from quizapp.store.database import database_errors
from quizapp.store.migrations import LATEST_VERSION
from quizapp.store.results import ResultsStore
from tests.engines import TestDatabase, postgres_database
from tests.store_helpers.classroom import Q1_PROMPT, WRONG_Q1, Classroom, fill_classroom
from tests.store_helpers.databases import row_counts, schema_objects, schema_version_of
from tests.store_helpers.play import REPO_ROOT, StoreClock


@pytest.fixture
def classroom(tmp_path: Path, database: TestDatabase) -> Classroom:
    """The class's results on the test's database: every report here runs on both engines."""
    return fill_classroom(tmp_path, database)


@pytest.fixture
def postgres(tmp_path: Path, postgres_url: str) -> TestDatabase:
    """A fresh PostgreSQL database (nothing in it), for what only a server does."""
    folder = tmp_path / "data"
    folder.mkdir()
    return postgres_database(folder, postgres_url)


def student_rows(classroom: Classroom) -> list[dict[str, str]]:
    """The students' rows of the summary CSV: per deck (Civics first, by title), then by name."""
    seen = classroom.last_answer
    geo_answer = classroom.first_answer["Alice"]
    return [
        {"section": "student", "deck": "civics", "student": "Alice", "rounds": "2", "finished": "2",
         "abandoned": "0", "best_percent": "100.0", "latest_percent": "100.0",
         "last_seen": seen["Alice"].isoformat(), "overruled": "0", "question": ""},
        {"section": "student", "deck": "civics", "student": "Bob", "rounds": "2", "finished": "2",
         "abandoned": "0", "best_percent": "50.0", "latest_percent": "50.0",
         "last_seen": seen["Bob"].isoformat(), "overruled": "0", "question": ""},
        {"section": "student", "deck": "civics", "student": "Zoë", "rounds": "2", "finished": "2",
         "abandoned": "0", "best_percent": "100.0", "latest_percent": "50.0",
         "last_seen": seen["Zoë"].isoformat(), "overruled": "0", "question": ""},
        {"section": "student", "deck": "geo", "student": "Alice", "rounds": "1", "finished": "1",
         "abandoned": "0", "best_percent": "0.0", "latest_percent": "0.0",
         "last_seen": geo_answer.isoformat(), "overruled": "0", "question": ""},
    ]  # fmt: skip


def question_row(deck: str, question: str, topic: str, prompt: str, answered: int, percent: str,
                 wrong: str, times: str) -> dict[str, str]:  # fmt: skip
    return {
        "section": "question",
        "student": "",
        "rounds": "",
        "deck": deck,
        "question": question,
        "topic": topic,
        "prompt": prompt,
        "answered": str(answered),
        "percent_right_first_try": percent,
        "most_common_wrong_answer": wrong,
        "times_given": times,
        "wording_changed": "",
    }


CIVICS_QUESTIONS = [
    question_row(
        "civics", "q2", "People", "Name Japan's prime minister.", 6, "33.3", "Kishida", "2"
    ),
    question_row("civics", "q1", "People", Q1_PROMPT, 6, "66.7", WRONG_Q1, "2"),
    question_row(
        "civics", "q3", "Summit", "How many years since Xi last visited?", 6, "83.3", "12", "1"
    ),
    question_row("civics", "q4", "Summit", "Xi accepted the invitation.", 6, "83.3", "True", "1"),
]
"""Hardest first by share right, then bank order."""
GEO_QUESTIONS = [
    question_row(
        "geo", "capital", "Places", "What is the capital of South Korea?", 1, "0.0", "Busan", "1"
    ),
]


def expected_rows(classroom: Classroom) -> list[dict[str, str]]:
    """The whole summary CSV: each deck's students, then its questions."""
    students = student_rows(classroom)
    return students[:3] + CIVICS_QUESTIONS + students[3:] + GEO_QUESTIONS


def parse_csv(text: str) -> list[dict[str, str]]:
    """The CSV as dict rows, after checking it has exactly one header row."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(SUMMARY_COLUMNS)
    assert rows[0][0] == "section"
    assert all(row != rows[0] for row in rows[1:])
    assert all(len(row) == len(SUMMARY_COLUMNS) for row in rows)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def assert_rows(actual: list[dict[str, str]], expected: list[dict[str, str]]) -> None:
    """Each row has the expected values in the columns named (other columns may exist)."""
    assert len(actual) == len(expected), actual
    for got, want in zip(actual, expected, strict=True):
        assert {column: got[column] for column in want} == want


def report(*args: str) -> int:
    return main(["report", *args])


def test_csv_report_written_to_a_file_parses_back_to_the_expected_rows(
    classroom: Classroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--format csv --output F` writes UTF-8 CSV a spreadsheet reads back: per deck, its students then its questions."""
    output = tmp_path / "report.csv"
    assert report(*classroom.cli_args, "--format", "csv", "--output", str(output)) == 0
    out, err = capsys.readouterr()
    assert out == f"Report written to {output}\n"
    assert err == ""
    raw = output.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert_rows(parse_csv(raw.decode("utf-8")), expected_rows(classroom))


def test_prompts_with_commas_quotes_and_korean_survive_the_csv_round_trip(
    classroom: Classroom, tmp_path: Path
) -> None:
    """A prompt like 'Who is 이재명: the “quoted” "president", or, a mayor?' comes back from the CSV unchanged."""
    output = tmp_path / "report.csv"
    assert report(*classroom.cli_args, "--format", "csv", "--output", str(output)) == 0
    with output.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    [q1] = [row for row in rows if row["question"] == "q1"]
    assert q1["prompt"] == Q1_PROMPT
    assert q1["most_common_wrong_answer"] == WRONG_Q1
    assert "이재명" in output.read_text(encoding="utf-8")


def test_csv_report_on_stdout_matches_the_file(
    classroom: Classroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --output the same CSV goes to the terminal (for piping into other tools)."""
    output = tmp_path / "report.csv"
    assert report(*classroom.cli_args, "--format", "csv", "--output", str(output)) == 0
    capsys.readouterr()
    assert report(*classroom.cli_args, "--format", "csv") == 0
    assert capsys.readouterr().out == output.read_text(encoding="utf-8")


def test_json_report_parses_with_the_expected_values(
    classroom: Classroom, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--format json` is valid JSON: per deck, its students and its questions, hardest first."""
    assert report(*classroom.cli_args, "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["deck"], d["title"]) for d in data["decks"]] == [
        ("civics", "Civics"),
        ("geo", "Geography"),
    ]
    civics, geo = data["decks"]
    assert [
        (s["name"], s["rounds"], s["finished"], s["abandoned"], s["best_percent"],
         s["latest_percent"], s["last_seen"], s["overruled"])
        for s in civics["students"]
    ] == [
        ("Alice", 2, 2, 0, 100.0, 100.0, classroom.last_answer["Alice"].isoformat(), 0),
        ("Bob", 2, 2, 0, 50.0, 50.0, classroom.last_answer["Bob"].isoformat(), 0),
        ("Zoë", 2, 2, 0, 100.0, 50.0, classroom.last_answer["Zoë"].isoformat(), 0),
    ]  # fmt: skip
    assert [
        (q["question"], q["answered"], q["right_first_try"], q["percent_right_first_try"],
         q["most_common_wrong_answer"], q["times_given"], q["wording_changed"], q["overruled"])
        for q in civics["questions"]
    ] == [
        ("q2", 6, 2, 33.3, "Kishida", 2, False, 0),
        ("q1", 6, 4, 66.7, WRONG_Q1, 2, False, 0),
        ("q3", 6, 5, 83.3, "12", 1, False, 0),
        ("q4", 6, 5, 83.3, "True", 1, False, 0),
    ]  # fmt: skip
    assert civics["questions"][1]["prompt"] == Q1_PROMPT
    assert [(s["name"], s["rounds"], s["best_percent"]) for s in geo["students"]] == [
        ("Alice", 1, 0.0)
    ]


def test_student_filter_reports_one_student_whatever_the_case(
    classroom: Classroom, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--student " bob "` reports Bob alone: his rounds and his first tries only."""
    assert report(*classroom.cli_args, "--format", "csv", "--student", " bob ") == 0
    rows = parse_csv(capsys.readouterr().out)
    assert_rows(
        rows,
        [
            student_rows(classroom)[1],
            question_row(
                "civics", "q2", "People", "Name Japan's prime minister.", 2, "0.0", "Kishida", "1"
            ),
            question_row("civics", "q1", "People", Q1_PROMPT, 2, "50.0", WRONG_Q1, "1"),
            question_row(
                "civics",
                "q3",
                "Summit",
                "How many years since Xi last visited?",
                2,
                "50.0",
                "12",
                "1",
            ),
            question_row(
                "civics", "q4", "Summit", "Xi accepted the invitation.", 2, "50.0", "True", "1"
            ),
        ],
    )


def test_deck_filter_reports_one_deck(
    classroom: Classroom, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--deck geo` counts only geography rounds and questions; `--deck civics` leaves geography out."""
    assert report(*classroom.cli_args, "--format", "json", "--deck", "geo") == 0
    [geo] = json.loads(capsys.readouterr().out)["decks"]
    assert [(s["name"], s["rounds"], s["best_percent"]) for s in geo["students"]] == [
        ("Alice", 1, 0.0)
    ]
    assert [q["question"] for q in geo["questions"]] == ["capital"]

    assert report(*classroom.cli_args, "--format", "json", "--deck", "civics") == 0
    [civics] = json.loads(capsys.readouterr().out)["decks"]
    assert [(s["name"], s["rounds"]) for s in civics["students"]] == [
        ("Alice", 2),
        ("Bob", 2),
        ("Zoë", 2),
    ]
    assert [q["question"] for q in civics["questions"]] == ["q2", "q1", "q3", "q4"]


def test_student_and_deck_filters_combine(
    classroom: Classroom, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--student Alice --deck civics` shows Alice's civics rounds only."""
    args = (*classroom.cli_args, "--format", "json", "--student", "ALICE",
            "--deck", "civics")  # fmt: skip
    assert report(*args) == 0
    [civics] = json.loads(capsys.readouterr().out)["decks"]
    assert [
        (s["name"], s["rounds"], s["best_percent"], s["latest_percent"]) for s in civics["students"]
    ] == [("Alice", 2, 100.0, 100.0)]
    assert [(q["question"], q["answered"], q["right_first_try"]) for q in civics["questions"]] == [
        ("q2", 2, 1),
        ("q1", 2, 2),
        ("q3", 2, 2),
        ("q4", 2, 2),
    ]


def test_table_report_shows_names_prompts_and_misconceptions(
    classroom: Classroom, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default table names every student and every prompt, deck by deck, with the commonest wrong answer."""
    monkeypatch.setenv("COLUMNS", "250")
    assert report(*classroom.cli_args) == 0
    out = capsys.readouterr().out
    for name in ("Alice", "Bob", "Zoë"):
        assert any(line.startswith(name) for line in out.splitlines()), name
    for prompt in (
        Q1_PROMPT,
        "Name Japan's prime minister.",
        "What is the capital of South Korea?",
    ):
        assert prompt in out
    assert "Kishida (×2)" in out
    assert out.index("Deck: Civics (civics)") < out.index("Name Japan's") < out.index(Q1_PROMPT)
    assert (
        out.index(Q1_PROMPT) < out.index("Deck: Geography (geo)") < out.index("What is the capital")
    )


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_no_data_folder_or_no_database_explains_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], state: str
) -> None:
    """A report before anyone has played says so in one line, exits 0, and creates nothing."""
    folder = tmp_path / "class-data"
    if state == "empty":
        folder.mkdir()
    assert report("--data-dir", str(folder), "--format", "csv") == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 and out.startswith("No results yet")
    assert str(folder) in out
    assert err == ""
    assert folder.exists() == (state == "empty")
    if state == "empty":
        assert list(folder.iterdir()) == []


def test_a_postgresql_database_without_quizapps_tables_explains_in_one_line(
    postgres: TestDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report on a server database nobody has played into says so in one line and creates nothing."""
    folder = tmp_path / "class-data"
    assert report("--data-dir", str(folder), "--database", postgres.url, "--format", "csv") == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 and out.startswith("No results yet")
    assert postgres.address.described() in out
    assert err == ""
    assert not folder.exists()
    assert schema_objects(postgres) == set()  # no table, not even quizapp_schema


def test_a_database_without_answers_explains_in_one_line(
    database: TestDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Students named but no answers yet: one line, exit 0, no empty CSV."""
    store = ResultsStore.open(database.where, now=StoreClock())
    store.student("Alice")
    store.close()
    output = tmp_path / "report.csv"
    assert report(*database.cli_args, "--format", "csv", "--output", str(output)) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1 and out.startswith("No results yet")
    assert err == ""
    assert not output.exists()


def test_an_unknown_student_is_a_usage_error(
    classroom: Classroom, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--student` with a name nobody used exits 2 and says which name."""
    assert report(*classroom.cli_args, "--student", "Mallory") == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "no student named 'Mallory'" in err
    assert len(err.splitlines()) == 1


def test_an_unknown_deck_explains_in_one_line(
    classroom: Classroom, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--deck` with an id nobody played says there are no results for it and exits 0."""
    assert report(*classroom.cli_args, "--deck", "history") == 0
    out = capsys.readouterr().out
    assert len(out.splitlines()) == 1 and "'history'" in out


def test_an_output_file_that_cannot_be_written_is_an_error(
    classroom: Classroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--output` into a folder that does not exist exits 1 with one line, not a traceback."""
    target = tmp_path / "no-such-folder" / "report.csv"
    assert report(*classroom.cli_args, "--format", "csv", "--output", str(target)) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"quizapp: error: cannot write {target}") and len(err.splitlines()) == 1


# -- a report never changes the class's results --------------------------------------------


def test_every_kind_of_report_leaves_the_database_as_it_was(
    classroom: Classroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Table, CSV, JSON, HTML, the gradebook and every answer: no row, table or version changes."""
    database = classroom.database
    assert database is not None
    before = (row_counts(database), schema_objects(database), schema_version_of(database))
    for extra in (
        (), ("--format", "csv"), ("--format", "json"), ("--answers", "--format", "csv"),
        ("--gradebook", "--deck", "civics"), ("--student", "Bob", "--since", "2025-06-10"),
        ("--format", "html", "--output", str(tmp_path / "report.html")),
    ):  # fmt: skip
        assert report(*classroom.cli_args, *extra) == 0, extra
    capsys.readouterr()
    assert (row_counts(database), schema_objects(database), schema_version_of(database)) == before
    if not database.is_sqlite:
        assert database.rows("SELECT version FROM quizapp_schema") == [(LATEST_VERSION,)]


def test_the_reports_connection_cannot_write(classroom: Classroom) -> None:
    """What the report reads through is read-only: even a write by mistake is refused."""
    database = classroom.database
    assert database is not None
    before = row_counts(database)
    store = ResultsStore.read_only(classroom.where)
    assert store is not None
    try:
        with pytest.raises(database_errors()):
            store.query(
                "INSERT INTO students (name, name_key, created_at) VALUES ('Mallory', 'mallory', ?)",
                ("2025-06-10T09:00:00+00:00",),
            )
    finally:
        store.close()
    assert row_counts(database) == before


def test_a_postgresql_database_from_a_newer_quizapp_is_refused_and_left_alone(
    postgres: TestDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A report on a server database a newer quizapp has migrated says so, exits 1, changes nothing.

    (A newer quizapp's SQLite file: test_readonly_commands, byte for byte.)
    """
    classroom = fill_classroom(tmp_path, postgres)
    database = postgres
    database.execute("UPDATE quizapp_schema SET version = ?", LATEST_VERSION + 1)
    before = (row_counts(database), schema_objects(database))
    assert report(*classroom.cli_args, "--format", "csv") == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "newer quizapp" in err and "nothing was changed" in err
    assert len(err.splitlines()) == 1
    assert (row_counts(database), schema_objects(database)) == before
    assert database.rows("SELECT version FROM quizapp_schema") == [(LATEST_VERSION + 1,)]


# -- a teacher who may read the class folder but not write it ------------------------------


@pytest.fixture
def shared_scratch() -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp_path may be private to root)."""
    path = Path(tempfile.mkdtemp(prefix="quizapp-report-test-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for folder in path.rglob("*"):
            if folder.is_dir():
                folder.chmod(0o755)
        shutil.rmtree(path)


def test_a_read_only_class_folder_can_still_be_reported(shared_scratch: Path) -> None:
    """A teacher with read-only access to the class's folder still gets the class's results."""
    classroom = fill_classroom(shared_scratch)
    for path in classroom.folder.iterdir():
        path.chmod(0o644)
    classroom.folder.chmod(0o555)
    args = [*classroom.cli_args, "--format", "csv"]
    if os.access(classroom.folder, os.W_OK):  # root: report as an unprivileged user instead
        try:
            nobody = pwd.getpwnam("nobody")
        except (AttributeError, KeyError):
            pytest.skip("no 'nobody' user to report as")
        result = subprocess.run(
            [sys.executable, "-B", "-m", "tests.store_helpers.report_as_user",
             str(nobody.pw_uid), str(nobody.pw_gid), *args],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        status, out = result.returncode, result.stdout
    else:
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(io.StringIO()):
            status = report(*args)
        out = stdout.getvalue()
    assert status == 0
    assert not out.startswith("No results"), out
    assert_rows(parse_csv(out), expected_rows(classroom))
