"""`quizapp import` of an Aiken file, as a teacher runs it: a real process, a real bank."""

from __future__ import annotations

from pathlib import Path

from quizapp.bank import load_deck
from tests.cli_helpers import quizapp

AIKEN = """\
Which river runs through the old harbour town?
A. The Tamsin
B) The Orrin
C. The Vale
ANSWER: B

How many arches does the rebuilt bridge have?
A. Three
B. Five
C. Seven
ANSWER: C
"""


def test_an_aiken_file_imports_into_a_bank_that_validates(tmp_path: Path) -> None:
    (tmp_path / "harbour.txt").write_text(AIKEN, encoding="utf-8")
    result = quizapp("import", "harbour.txt", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == "Wrote harbour.yaml: 2 questions from harbour.txt."
    deck = load_deck(tmp_path / "harbour.yaml")
    assert deck.id == "harbour"
    assert [q.prompt for q in deck.questions] == [
        "Which river runs through the old harbour town?",
        "How many arches does the rebuilt bridge have?",
    ]
    assert [q.choices for q in deck.questions] == [
        ("The Tamsin", "The Orrin", "The Vale"),
        ("Three", "Five", "Seven"),
    ]
    assert [q.correct_choices for q in deck.questions] == [
        frozenset({"The Orrin"}),
        frozenset({"Seven"}),
    ]


def test_a_malformed_aiken_file_is_one_line_with_its_line_number(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text(AIKEN.replace("ANSWER: C", "ANSWER: D"), encoding="utf-8")
    result = quizapp("import", "bad.txt", "--format", "aiken", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "bad.txt:11: ANSWER: D names no choice; the choices are A, B, C"
    )
    assert not (tmp_path / "bad.yaml").exists()


def test_import_never_overwrites_a_bank_without_force(tmp_path: Path) -> None:
    (tmp_path / "harbour.txt").write_text(AIKEN, encoding="utf-8")
    (tmp_path / "harbour.yaml").write_text("# mine\n", encoding="utf-8")
    result = quizapp("import", "harbour.txt", cwd=tmp_path)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert (tmp_path / "harbour.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert quizapp("import", "harbour.txt", "--force", cwd=tmp_path).returncode == 0


def test_control_characters_in_an_imported_file_are_removed_and_said(tmp_path: Path) -> None:
    hostile = AIKEN.replace("old harbour", "old \x1b]52;c;aGk=\x07harbour")
    (tmp_path / "h.txt").write_text(hostile, encoding="utf-8")
    result = quizapp("import", "h.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("h.txt:1: removed ")
    text = (tmp_path / "h.yaml").read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text


def test_import_never_imports_textual(tmp_path: Path) -> None:
    """It draws nothing: the import trace of `quizapp import` has no textual."""
    (tmp_path / "harbour.txt").write_text(AIKEN, encoding="utf-8")
    result = quizapp("import", "harbour.txt", cwd=tmp_path, trace_imports=True)
    assert result.returncode == 0
    assert "quizapp.cli.exchange" in result.stderr
    assert "textual" not in result.stderr
