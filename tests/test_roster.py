"""A class roster: only names on it may play, typos get a did-you-mean, and nobody splits in two."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from quizapp.cli import main
from quizapp.engine.session import RoundOptions
from quizapp.roster import RosterError, load_roster
from quizapp.store.results import ResultsStore
from quizapp.ui.app import make_app
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.start import StartScreen
from tests.test_ui_play import TINY_BANK
from tests.ui_helpers import history_shown, visible_text, wait_until

SIZE = (80, 24)


@pytest.fixture
def roster_file(tmp_path: Path) -> Path:
    path = tmp_path / "class-7b.txt"
    path.write_text(
        "\ufeff# Class 7B, autumn term\nAlice Martin\n\nBen Okafor\n  José Núñez  \n",
        encoding="utf-8",
    )
    return path


def test_a_roster_file_is_read_as_teachers_write_them(roster_file: Path) -> None:
    """A BOM, comments, blank lines and stray spaces are all fine; names are cleaned and matched."""
    roster = load_roster(roster_file)
    assert roster.names == ("Alice Martin", "Ben Okafor", "José Núñez")
    assert roster.find("  alice   MARTIN") == "Alice Martin"
    assert roster.find(unicodedata.normalize("NFD", "josé núñez")) == "José Núñez"
    assert roster.find("José Núñez".upper()) == "José Núñez"
    assert roster.suggest("Alise Martin") == "Alice Martin"
    assert roster.refusal("Alise Martin") == (
        "“Alise Martin” is not on the class list. Did you mean “Alice Martin”?"
    )
    assert roster.refusal("Zed") == "“Zed” is not on the class list. Ask your teacher to add you."


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "no names in the roster"),
        (b"Ann\nann\n", ":2: \u201cann\u201d is already on line 1"),
        (b"Ann\n---\n", ":2: a name needs at least one letter or digit"),
        (b"Ann\n\xff\n", "not UTF-8 text"),
    ],
    ids=["empty", "twice", "no-letters", "not-utf8"],
)
def test_a_roster_with_problems_says_which_line(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "roster.txt"
    path.write_bytes(content)
    with pytest.raises(RosterError, match=problem):
        load_roster(path)


async def test_a_name_not_on_the_roster_is_refused_with_a_suggestion(
    make_deck, roster_file: Path, tmp_path: Path
) -> None:
    """`Alise Martin` is refused ("did you mean Alice Martin?"); `alice martin` plays as Alice Martin."""
    app = make_app(
        [make_deck(TINY_BANK)], RoundOptions(), data_dir=tmp_path / "data",
        roster=load_roster(roster_file),
    )  # fmt: skip
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press(*"Alise Martin", "enter")
        await wait_until(pilot, lambda: "not on the class list" in visible_text(app))
        assert "“Alise Martin” is not on the class list. Did you mean “Alice Martin”?" in (
            visible_text(app)
        )
        assert isinstance(app.screen, StartScreen)
        box = app.screen.query_one("#name")
        box.value = "alice martin"  # type: ignore[attr-defined]
        await history_shown(pilot, app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert app.player == "Alice Martin"
        assert app.saver.wait_until_saved(timeout=30)
    store = ResultsStore.open(tmp_path / "data")
    assert [row["name"] for row in store.query("SELECT name FROM students")] == ["Alice Martin"]
    store.close()


def test_a_student_given_on_the_command_line_must_be_on_the_roster(
    roster_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status = main(
        ["--roster", str(roster_file), "--student", "Benn Okafor", "--data-dir", str(tmp_path)]
    )
    assert status == 2
    assert capsys.readouterr().err == (
        "quizapp: error: --student: “Benn Okafor” is not on the class list. "
        "Did you mean “Ben Okafor”?\n"
    )
