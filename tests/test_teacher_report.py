"""The teacher's side of the report: played rounds only, dates, overrules, the gradebook,
every answer, a roster, and one web page to project.

All through the real `quizapp report` command over a real store filled by
the recorder, as quizzes fill it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store.recorder import RoundRecorder
from quizapp.store.writes import AbandonAttempt, stamp
from tests.conftest import FakeClock
from tests.engines import TestDatabase
from tests.store_helpers.classroom import Classroom, fill_classroom

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def report(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["report", *args]) == 0
    out, err = capsys.readouterr()
    return out


@pytest.fixture
def classroom(tmp_path: Path, database: TestDatabase) -> Classroom:
    """The shared class, plus: Bob overrules a typed answer; Cy opens a round and answers nothing;
    Dee answers once, then starts afresh (the first round is abandoned); all a day later.

    On the test's database: every report here runs on SQLite and on PostgreSQL."""
    room = fill_classroom(tmp_path, database)
    store = room.store()
    deck = room.decks["civics"]
    room.clock.advance(days=1)

    def session(name: str, mode: Mode = Mode.PRACTICE) -> tuple[QuizSession, RoundRecorder]:
        played = QuizSession(
            deck, RoundOptions(mode=mode, shuffle=False), seed=9, clock=FakeClock()
        )
        recorder = RoundRecorder(store, store.student(name), played)
        played.observer = recorder
        return played, recorder

    bob, _ = session("Bob")
    bob.submit("President")
    bob.advance()
    room.clock.advance(minutes=1)
    bob.submit("Ishiba-san")  # marked wrong...
    bob.overrule()  # ..."I was right"
    session("Cy")  # opened, never answered
    dee, recorder = session("Dee")
    dee.submit("Mayor")
    store.apply(AbandonAttempt(recorder.attempt_uid, stamp(room.clock.now)))
    dee_again, _ = session("Dee", Mode.TEST)
    for response in ("President", "Ishiba", "11", "False"):
        dee_again.submit(response)
        dee_again.advance()
    eli, _ = session("Eli")  # overrules at the first try: the gradebook counts it, marked
    eli.submit("President")
    eli.advance()
    eli.submit("Ishiba san")
    eli.overrule()
    store.close()
    return room


def civics(out: str) -> dict:
    [deck] = [d for d in json.loads(out)["decks"] if d["deck"] == "civics"]
    return deck


def test_only_played_rounds_count_and_abandoned_ones_are_told_apart(
    classroom: Classroom, capsys: pytest.CaptureFixture[str]
) -> None:
    """Cy opened a round and answered nothing: not a round. Dee's set-aside round is abandoned."""
    deck = civics(report(capsys, *classroom.cli_args, "--format", "json"))
    rows = {s["name"]: (s["rounds"], s["finished"], s["abandoned"]) for s in deck["students"]}
    assert rows == {
        "Alice": (2, 2, 0), "Bob": (3, 2, 0), "Dee": (2, 1, 1), "Eli": (1, 0, 0), "Zoë": (2, 2, 0)
    }  # fmt: skip


def test_an_overrule_shows_in_the_table_csv_json_and_every_answer(
    classroom: Classroom, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bob's "I was right" is counted for Bob and for q2 in every format, and listed with what he typed."""
    where = classroom.cli_args
    data = civics(report(capsys, *where, "--format", "json"))
    assert {s["name"]: s["overruled"] for s in data["students"]}["Bob"] == 1
    assert {q["question"]: q["overruled"] for q in data["questions"]} == {
        "q1": 0, "q2": 2, "q3": 0, "q4": 0
    }  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(report(capsys, *where, "--format", "csv"))))
    assert [(r["student"], r["overruled"]) for r in rows if r["student"] == "Bob"] == [("Bob", "1")]
    assert [r["overruled"] for r in rows if r["question"] == "q2"] == ["2"]
    monkeypatch.setenv("COLUMNS", "200")
    table = report(capsys, *where)
    assert "[2 overrules]" in table
    answers = list(
        csv.DictReader(io.StringIO(report(capsys, *where, "--answers", "--format", "csv")))
    )
    overruled = [a for a in answers if a["overruled"] == "yes"]
    assert [(a["student"], a["question"], a["response"]) for a in overruled] == [
        ("Bob", "q2", "Ishiba-san"), ("Eli", "q2", "Ishiba san")
    ]  # fmt: skip
    assert all(a["correct"] == "yes" and a["credit"] == "1.0" for a in overruled)


def test_dates_narrow_the_report(classroom: Classroom, capsys: pytest.CaptureFixture[str]) -> None:
    """--since the second day leaves out the first day's rounds; --until the first day, the second's."""
    first_day = classroom.clock.now.astimezone().date() - dt.timedelta(days=1)
    later = civics(
        report(capsys, *classroom.cli_args, "--format", "json",
               "--since", str(first_day + dt.timedelta(days=1)))
    )  # fmt: skip
    assert sorted(s["name"] for s in later["students"]) == ["Bob", "Dee", "Eli"]
    earlier = civics(
        report(capsys, *classroom.cli_args, "--format", "json",
               "--until", str(first_day))
    )  # fmt: skip
    assert sorted(s["name"] for s in earlier["students"]) == ["Alice", "Bob", "Zoë"]
    assert main(["report", *classroom.cli_args, "--since", "2025-13-01"]) == 2
    assert "is not a date written YYYY-MM-DD" in capsys.readouterr().err
    assert (
        main(["report", *classroom.cli_args, "--since", "2025-06-12",
              "--until", "2025-06-11"])
        == 2
    )  # fmt: skip
    assert "--since 2025-06-12 is after --until 2025-06-11" in capsys.readouterr().err


def test_the_gradebook_has_a_row_per_student_and_a_column_per_question(
    classroom: Classroom, capsys: pytest.CaptureFixture[str]
) -> None:
    """CSV: the deck's question ids in bank order, each cell the first-try credit, then the total."""
    out = report(
        capsys, *classroom.cli_args, "--gradebook", "--format", "csv",
        "--deck", "civics",
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["student", "q1", "q2", "q3", "q4", "total", "max", "percent", "overruled"]
    book = {row[0]: row[1:] for row in rows[1:]}
    assert list(book) == ["Alice", "Bob", "Dee", "Eli", "Zoë"]
    assert book["Alice"] == ["1", "0", "1", "1", "3", "4", "75.0", ""]  # her first civics round
    assert book["Bob"] == ["0", "0", "0", "1", "1", "4", "25.0", ""]
    assert book["Dee"][:4] == ["0", "1", "1", "1"]  # the abandoned round's Mayor came first
    assert book["Eli"] == ["1", "1", "", "", "2", "4", "50.0", "q2"]  # blank: never answered


def test_the_gradebook_table_marks_an_overruled_cell(
    classroom: Classroom, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(capsys, *classroom.cli_args, "--gradebook", "--deck", "civics")
    [eli] = [line for line in out.splitlines() if line.startswith("Eli")]
    assert "1⚑" in eli
    assert "⚑ the student overruled the marking (“I was right”)" in out


def test_the_gradebook_leaves_never_answered_blank_and_lists_the_roster(
    classroom: Classroom, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A roster student who never played gets an empty row; JSON says null for no answer."""
    roster = tmp_path / "7b.txt"
    roster.write_text("# Class 7B\nAlice\nBob\nCy\nDee\nEli\nZoë\nFinn\n", encoding="utf-8")
    out = report(
        capsys, *classroom.cli_args, "--gradebook", "--format", "json",
        "--deck", "civics", "--roster", str(roster),
    )  # fmt: skip
    [book] = json.loads(out)
    students = {s["name"]: s for s in book["students"]}
    assert list(students) == ["Alice", "Bob", "Cy", "Dee", "Eli", "Finn", "Zoë"]
    assert students["Finn"]["credits"] == {"q1": None, "q2": None, "q3": None, "q4": None}
    assert students["Finn"]["points"] == 0


def test_the_summary_lists_roster_students_who_have_not_played(
    classroom: Classroom, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    roster = tmp_path / "7b.txt"
    roster.write_text("Alice\nbob\nCy\nFinn\n", encoding="utf-8")
    out = report(capsys, *classroom.cli_args, "--roster", str(roster), "--deck", "civics")
    assert "Not played yet: Cy, Finn" in out


def test_a_bad_roster_names_its_line(
    classroom: Classroom, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    roster = tmp_path / "7b.txt"
    roster.write_text("Alice\n\u200b\nalice\n", encoding="utf-8")
    assert main(["report", *classroom.cli_args, "--roster", str(roster)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{roster}:2: a name needs at least one letter or digit",
        f"{roster}:3: “alice” is already on line 1",
    ]


def test_every_answer_is_exported_with_its_round_and_what_was_typed(
    classroom: Classroom, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(capsys, *classroom.cli_args, "--answers", "--format", "json")
    rows = json.loads(out)
    assert {tuple(sorted(r)) for r in rows} == {
        ("correct", "credit", "deck", "first_try", "hint_used", "overruled", "question",
         "response", "round", "round_id", "round_kind", "seconds", "set_aside", "skipped",
         "student", "time", "timed_out")
    }  # fmt: skip
    bob = [r for r in rows if r["student"] == "Bob"]
    assert [r["round"] for r in bob] == [1] * 4 + [2] * 4 + [3] * 2
    assert bob[-1]["response"] == "Ishiba-san" and bob[-1]["overruled"] is True


def page(classroom: Classroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    output = tmp_path / "report.html"
    main(["report", *classroom.cli_args, "--format", "html", "--output", str(output)])
    assert capsys.readouterr().out == f"Report written to {output}\n"
    return output


def test_the_html_report_is_one_page_that_needs_nothing_from_elsewhere(
    classroom: Classroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No link, script, font or image from anywhere: only the page itself."""
    html = page(classroom, tmp_path, capsys).read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?!#)""", html)
    assert "http://" not in html and "https://" not in html and "url(" not in html
    assert "<script" not in html
    for heading in ("Questions, hardest first", "Gradebook", "Overrules to review", "Students"):
        assert heading in html


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium package to render the page")
def test_headless_chromium_shows_the_hardest_question_and_its_misconception(
    classroom: Classroom, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rendered offline: the hardest question first, its most chosen wrong answer, the overrule."""
    output = page(classroom, tmp_path, capsys)
    shown = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", output.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    text = re.sub(r"<[^>]+>", " ", shown.stdout)
    text = " ".join(text.split())
    hardest = text.index("Name Japan's prime minister.")
    assert hardest < text.index("How many years since Xi last visited?")
    assert "Most chosen wrong answer: “Kishida” (2×)" in text
    assert "Bob q2 “Ishiba-san”" in text  # the overrule, with what was typed
    assert "Eli q2 “Ishiba san”" in text
    assert "Not played yet" not in text
