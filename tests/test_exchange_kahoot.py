"""`quizapp export --format kahoot`, as a teacher runs it: a real process, the workbook read back."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from quizapp.bank import load_deck
from tests.cli_helpers import quizapp

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "questions" / "apec-2025-korea-china.yaml"
EVERY_TYPE = ROOT / "tests" / "banks" / "good" / "every-type.yaml"
HEADER_ROW = 8

TRICKY = f"""\
deck: tricky
title: "=HYPERLINK(\\"http://x\\",\\"title\\")"
settings:
  time_limit: 45
questions:
  - id: formula
    type: choice
    prompt: "=1+1 is what?"
    choices: ["=1+1", "+2", "@SUM(A1)", "-3"]
    answer: "=1+1"
    time_limit: 3
  - id: several
    type: multi
    prompt: Which are even?
    choices: ["2", "3", "4"]
    answer: ["2", "4"]
    time_limit: 25
  - id: yes
    type: truefalse
    prompt: Is the sky blue?
    answer: true
    explanation: Mostly.
    hint: Look up.
  - id: slow
    type: choice
    prompt: Slow?
    choices: [A, B]
    answer: B
    time_limit: 300
  - id: five
    type: choice
    prompt: Five choices?
    choices: [A, B, C, D, E]
    answer: A
  - id: long-prompt
    type: choice
    prompt: "{"x" * 121}"
    choices: [A, B]
    answer: A
  - id: long-answer
    type: choice
    prompt: Long answer?
    choices: [A, "{"y" * 76}"]
    answer: A
  - id: exactly
    type: choice
    prompt: "{"x" * 120}"
    choices: ["{"y" * 75}", B]
    answer: B
"""


def rows(path: Path) -> list[tuple[object, ...]]:
    """The question rows of Kahoot's sheet, after its headings; no cell may be a formula."""
    sheet = load_workbook(path).active
    for line in sheet.iter_rows():
        for cell in line:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
    assert [c.value for c in sheet[HEADER_ROW]][1:] == [
        "Question - max 120 characters",
        "Answer 1 - max 75 characters",
        "Answer 2 - max 75 characters",
        "Answer 3 - max 75 characters",
        "Answer 4 - max 75 characters",
        "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
        "Correct answer(s) - choose at least one",
    ]
    return list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))


def test_without_allow_partial_nothing_is_written_and_every_left_out_question_is_listed(
    tmp_path: Path,
) -> None:
    result = quizapp("export", str(EVERY_TYPE), "--format", "kahoot", "-o", "k.xlsx", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "k.xlsx").exists()
    assert result.stdout.splitlines() == [
        "question host: written without its explanation, hint and why_wrong feedback "
        "(Kahoot's spreadsheet has no place for them)",
        "question themes: written without its why_wrong feedback "
        "(Kahoot's spreadsheet has no place for them)",
        "question leader: Kahoot quizzes ask multiple-choice questions; "
        "a typed answer cannot be written",
        "question years: Kahoot quizzes ask multiple-choice questions; "
        "a typed number cannot be written",
        "question timeline: Kahoot quizzes ask multiple-choice questions; "
        "putting items in order cannot be written",
        "question venue: Kahoot quizzes ask multiple-choice questions; "
        "filling in blanks cannot be written",
        "question leaders: Kahoot quizzes ask multiple-choice questions; "
        "matching pairs cannot be written",
    ]
    assert "7 things cannot be written as kahoot" in result.stderr


def test_every_type_with_allow_partial_writes_the_choice_questions(tmp_path: Path) -> None:
    result = quizapp(
        "export", str(EVERY_TYPE), "--format", "kahoot", "-o", "k.xlsx", "--allow-partial",
        cwd=tmp_path,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == (
        "Wrote k.xlsx (kahoot) from 8 questions, 7 things left out."
    )
    assert rows(tmp_path / "k.xlsx") == [
        (1, "Which country hosts APEC 2025?", "South Korea", "China", "Japan", None, 20, 1),
        (
            2,
            "What did both sides stress?",
            "Free trade",
            "Tariffs",
            "Supply chains",
            None,
            20,
            "1,3",
        ),
        (3, "Xi accepted the invitation.", "True", "False", None, None, 20, 2),
    ]


def test_limits_time_limits_and_formulas(tmp_path: Path) -> None:
    (tmp_path / "tricky.yaml").write_text(TRICKY, encoding="utf-8")
    result = quizapp("export", "tricky.yaml", "--format", "kahoot", "--allow-partial", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    assert result.stdout.splitlines()[:-1] == [
        "question yes: written without its explanation and hint "
        "(Kahoot's spreadsheet has no place for them)",
        "question slow: its time limit of 300 s is longer than Kahoot allows; written as 240 s",
        "question five: it has 5 choices; Kahoot allows at most 4 answers",
        "question long-prompt: its prompt is 121 characters; Kahoot allows 120",
        "question long-answer: choice 2 is 76 characters; Kahoot allows 75 per answer",
    ]
    written = rows(tmp_path / "tricky.xlsx")
    assert written == [
        (1, "=1+1 is what?", "=1+1", "+2", "@SUM(A1)", "-3", 5, 1),
        (2, "Which are even?", "2", "3", "4", None, 30, "1,3"),
        (3, "Is the sky blue?", "True", "False", None, None, 60, 1),
        (4, "Slow?", "A", "B", None, None, 240, 2),
        (5, "x" * 120, "y" * 75, "B", None, None, 60, 2),
    ]
    sheet = load_workbook(tmp_path / "tricky.xlsx").active
    assert sheet["B2"].value == '=HYPERLINK("http://x","title")'
    assert sheet["B2"].data_type == "s"


def test_the_bundled_bank_writes_its_choice_questions_and_lists_the_rest(tmp_path: Path) -> None:
    deck = load_deck(BUNDLED)
    refused = quizapp("export", str(BUNDLED), "--format", "kahoot", "-o", "a.xlsx", cwd=tmp_path)
    assert refused.returncode == 1 and not (tmp_path / "a.xlsx").exists()
    result = quizapp(
        "export", str(BUNDLED), "--format", "kahoot", "-o", "a.xlsx", "--allow-partial",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:-1] == refused.stdout.splitlines()
    listed = result.stdout.splitlines()[:-1]
    left_out = {
        line.split(":")[0].removeprefix("question ")
        for line in listed
        if "written without" not in line and "written as" not in line
    }
    written = rows(tmp_path / "a.xlsx")
    prompts = [row[1] for row in written]
    for question in deck.questions:
        fits = (
            question.kind in ("choice", "multi", "truefalse")
            and len(question.choices) <= 4
            and len(" ".join(question.prompt.split())) <= 120
            and all(len(c) <= 75 for c in question.choices)
        )
        assert (question.id in left_out) is not fits, question.id
        assert (" ".join(question.prompt.split()) in prompts) is fits, question.id
        if fits:
            row = written[prompts.index(" ".join(question.prompt.split()))]
            right = [n for n, c in enumerate(question.choices, 1) if c in question.correct_choices]
            assert row[7] == (right[0] if len(right) == 1 else ",".join(map(str, right)))
            assert row[6] == 20
    assert len(written) + len(left_out) == len(deck.questions)
