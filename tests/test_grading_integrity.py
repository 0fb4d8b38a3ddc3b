"""Nothing a student does at the start screen changes how a round is graded.

Resuming restores every option the round began with (quitting never
escapes a timed round); Enter with a round to resume asks first; a bank
edited between sessions sets aside only the answers whose question now
accepts something else; names typed differently are one student.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path

import pytest
from textual.widgets import Input

from quizapp.engine.scoring import Scoring
from quizapp.engine.session import Mode, RoundOptions
from quizapp.store.location import DATABASE_NAME
from quizapp.store.results import ResultsStore
from quizapp.text.names import BadName, clean_name, name_key
from quizapp.ui.app import make_app
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.resume_prompt import ResumePrompt
from quizapp.ui.screens.start import StartScreen
from quizapp.ui.widgets.answers import not_a_number_message
from quizapp.ui.widgets.progress import RoundProgress
from tests.test_ui_play import TINY_BANK, answer_right
from tests.ui_helpers import history_shown, visible_text, wait_until

SIZE = (80, 24)
TIMED = RoundOptions(
    seed=5, time_limit=20, scoring=Scoring.SPEED, streak_bonus=True, limit=5, shuffle=False
)


async def play_two_then_quit(deck, folder: Path, options: RoundOptions, name: str = "Ana") -> None:
    app = make_app([deck], options, data_dir=folder, student_name=name)
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter")
        for _ in range(2):
            await answer_right(pilot)
            await pilot.press("enter")
        await pilot.press("escape", "q", "y")


async def test_resuming_restores_every_option_of_the_round(make_deck, tmp_path: Path) -> None:
    """A timed, speed-scored round with a streak bonus and a limit is resumed with all of them,
    even when the student starts quizapp again without any option."""
    deck = make_deck(TINY_BANK)
    await play_two_then_quit(deck, tmp_path, TIMED)
    app = make_app([deck], RoundOptions(), data_dir=tmp_path, student_name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        assert "Resume: 2 of 5 answered (c)" in visible_text(app)
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        options = screen.session.options
        assert (options.time_limit, options.scoring, options.streak_bonus, options.limit) == (
            20,
            Scoring.SPEED,
            True,
            5,
        )
        assert options.seed == 5 and options.mode is Mode.PRACTICE
        assert screen.session.total == 5
        assert screen.query_one(RoundProgress).clock_text.startswith("⏱")  # the countdown is back
        assert "Question 3 of 5" in visible_text(app)


async def test_enter_with_a_round_to_resume_asks_and_can_go_back(make_deck, tmp_path: Path) -> None:
    """Enter in the name box no longer abandons the unfinished round silently: it asks."""
    deck = make_deck(TINY_BANK)
    await play_two_then_quit(deck, tmp_path, RoundOptions(seed=2, shuffle=False))
    app = make_app([deck], RoundOptions(), data_dir=tmp_path, suggested_name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("n")  # into the name box
        assert app.focused is app.screen.query_one("#name")
        await pilot.press("enter")
        assert isinstance(app.screen, ResumePrompt)
        await pilot.press("escape")
        assert isinstance(app.screen, StartScreen)
        assert "Resume: 2 of 6 answered (c)" in visible_text(app)  # nothing was abandoned
        await pilot.press("enter")
        await pilot.press("c")
        assert isinstance(app.screen, QuestionScreen)
        assert "Question 3 of 6" in visible_text(app)


async def test_a_changed_answer_sets_aside_only_that_questions_answer(
    make_deck, tmp_path: Path
) -> None:
    """Edit the bank between sessions: a reworded prompt keeps its answer, a new right answer does not."""
    deck = make_deck(TINY_BANK)
    await play_two_then_quit(deck, tmp_path, RoundOptions(seed=2, shuffle=False))
    edited = TINY_BANK.replace(
        "prompt: Which country hosts the summit?", "prompt: Which country is the host?"
    ).replace("answer: [Lee, Xi]", "answer: [Lee]")
    assert edited != TINY_BANK
    changed = make_deck(edited)
    app = make_app([changed], RoundOptions(), data_dir=tmp_path, student_name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("c")
        text = visible_text(app)
        assert (
            "The bank has changed since this round began: 1 answer to questions whose answer "
            "changed was set aside; those questions are asked again." in text
        )
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.session.current is not None
        assert screen.session.current.question.id == "asia"  # asked again
        assert screen.session.answered_first_tries == 1  # "host" was only reworded: kept
        assert app.saver.wait_until_saved(timeout=30)
    connection = sqlite3.connect(tmp_path / DATABASE_NAME)
    rows = connection.execute(
        "SELECT question_id, set_aside_at IS NOT NULL FROM answers ORDER BY id"
    ).fetchall()
    connection.close()
    assert rows == [("host", 0), ("asia", 1)]


# -- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    ["\u200b", " ", "\u200b\u200b \u2060", "\x1b\x07", "\u202e", "---", "…"],
    ids=["zero-width", "space", "invisible", "controls", "bidi", "dashes", "ellipsis"],
)
def test_a_name_with_no_letter_or_digit_is_refused(typed: str) -> None:
    with pytest.raises(BadName, match="at least one letter or digit"):
        clean_name(typed)


def test_names_are_composed_trimmed_and_cleaned() -> None:
    """NFC and NFD, stray spaces, zero-width and control characters: one clean name, one key."""
    composed = unicodedata.normalize("NFC", "José Núñez")
    decomposed = unicodedata.normalize("NFD", "José Núñez")
    assert composed != decomposed
    assert clean_name(decomposed) == composed
    assert clean_name(f"  {decomposed}\u200b ") == composed
    assert clean_name("Jo\x1b]0;x\x07sé") == "Jo]0;xsé"
    assert name_key(clean_name(decomposed)) == name_key(clean_name("JOSÉ NÚÑEZ"))
    assert clean_name("👩\u200d🏫 Ms Kim") == "👩\u200d🏫 Ms Kim"  # joiners shape emoji: kept
    with pytest.raises(BadName, match="at most 60"):
        clean_name("x" * 61)


def test_nfc_and_nfd_are_one_student_in_the_store(tmp_path: Path) -> None:
    store = ResultsStore.open(tmp_path)
    first = store.student(unicodedata.normalize("NFD", "Zoë"))
    assert store.student(unicodedata.normalize("NFC", "zoë")) == first
    assert store.find_student(unicodedata.normalize("NFD", "ZOË")) == first
    assert first.name == unicodedata.normalize("NFC", "Zoë")
    store.close()


async def test_the_start_screen_refuses_a_name_with_nothing_readable(make_deck) -> None:
    """A pasted zero-width space never enters the box; `---` is refused with the reason."""
    app = make_app([make_deck(TINY_BANK)], RoundOptions())
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        box = app.screen.query_one("#name", Input)
        box.insert_text_at_cursor("\u200b\u2060")
        assert box.value == ""
        await pilot.press("minus", "minus", "minus", "enter")
        await wait_until(pilot, lambda: "That name will not do" in visible_text(app))
        assert "a name needs at least one letter or digit" in visible_text(app)
        assert isinstance(app.screen, StartScreen)


async def test_the_name_box_keeps_no_control_characters_and_at_most_60(make_deck) -> None:
    app = make_app([make_deck(TINY_BANK)], RoundOptions())
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        box = app.screen.query_one("#name", Input)
        box.insert_text_at_cursor("Eve\x1b]52;c;cGFzdGVk\x07" + "e" * 80)
        assert "\x1b" not in box.value and "\x07" not in box.value
        assert box.value.startswith("Eve]52;c;cGFzdGVk") and len(box.value) == 60


@pytest.mark.parametrize("typed", ["eleven", "11,5", "11 monkeys", "a lot", "1O", "—"])
@pytest.mark.parametrize("unit", ["", "years"])
def test_the_not_a_number_message_shows_no_number(typed: str, unit: str) -> None:
    """Any example number could be the answer (the bundled bank's is 11): the message shows none."""
    message = not_a_number_message(typed, unit)
    assert message and not any(char.isdigit() for char in message), message
