"""The quiz while the results database is held by another program: nothing waits, nothing is lost.

The real app, driven by Pilot, over a real data folder whose database a
second process locks (`tests/store_helpers/hold_lock.py`). The screens say
how many answers wait; quitting with answers waiting asks first and keeps
them in the journal; the next start writes them in.
"""

from __future__ import annotations

from pathlib import Path

from quizapp.engine.session import RoundOptions
from quizapp.store.location import DATABASE_NAME
from quizapp.store.results import ResultsStore
from quizapp.ui.app import make_app
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.screens.question import QuestionScreen
from tests.store_helpers.lock import held_lock
from tests.store_helpers.on_disk import answers_in_database
from tests.store_helpers.play import StoreClock
from tests.test_ui_play import TINY_BANK, answer_right
from tests.ui_helpers import feedback_shown, history_shown, visible_text, wait_until

SIZE = (80, 24)
TINY_ORDER = ["host", "asia", "length", "japan-pm", "years", "sequence"]


def database_for(folder: Path) -> Path:
    ResultsStore.open(folder, now=StoreClock()).close()
    return folder / DATABASE_NAME


async def test_answers_given_during_a_lock_are_shown_waiting_and_all_saved_after(
    make_deck, tmp_path: Path
) -> None:
    """Three answers under another program's lock: feedback at once, "3 answers waiting", then all saved."""
    deck = make_deck(TINY_BANK)
    database = database_for(tmp_path)
    app = make_app([deck], RoundOptions(seed=1), data_dir=tmp_path, student_name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter")
        assert app.saver.wait_until_saved(timeout=30)  # the round is started in the file
        with held_lock(database) as lock:
            for _ in range(3):
                await answer_right(pilot)
                assert feedback_shown(app)  # the screen did not wait for the database
                await pilot.press("enter")
            await wait_until(pilot, lambda: "3 answers waiting to be saved" in visible_text(app))
            assert "in use by another program" in visible_text(app)
            assert answers_in_database(tmp_path) == []
            lock.release()
            await wait_until(pilot, lambda: "waiting to be saved" not in visible_text(app))
        assert answers_in_database(tmp_path) == TINY_ORDER[:3]
        assert isinstance(app.screen, QuestionScreen)


async def test_quitting_with_answers_waiting_asks_and_the_next_start_saves_them(
    make_deck, tmp_path: Path
) -> None:
    """Quit under the lock: the dialog says where the answers are kept; the next quiz writes them in."""
    deck = make_deck(TINY_BANK)
    database = database_for(tmp_path)
    with held_lock(database):
        app = make_app([deck], RoundOptions(seed=1), data_dir=tmp_path, student_name="Ana")
        async with app.run_test(size=SIZE) as pilot:
            await history_shown(pilot, app)
            await pilot.press("enter")
            await answer_right(pilot)
            await pilot.press("enter")
            await answer_right(pilot)
            await pilot.press("enter", "q")
            assert isinstance(app.screen, ConfirmScreen)
            text = visible_text(app)
            assert "You have answered 2 of 6 questions." in text
            assert "2 answers are not in the results database yet" in text
            assert f"kept in {tmp_path / 'unsaved-answers'}" in text
            await pilot.press("y")
        assert app.unsaved_at_exit == 2
        assert answers_in_database(tmp_path) == []
    assert len(list((tmp_path / "unsaved-answers").glob("*.jsonl"))) == 1

    again = make_app([deck], RoundOptions(), data_dir=tmp_path, student_name="Ana")
    async with again.run_test(size=SIZE) as pilot:
        await history_shown(pilot, again)
        assert "Resume: 2 of 6 answered (c)" in visible_text(again)
    assert answers_in_database(tmp_path) == TINY_ORDER[:2]
    assert list((tmp_path / "unsaved-answers").glob("*.jsonl")) == []


async def test_starting_while_the_file_is_held_says_so_and_still_plays(
    make_deck, tmp_path: Path
) -> None:
    """A file held even against reading: the start screen waits visibly, the round plays, saving follows."""
    deck = make_deck(TINY_BANK)
    database = database_for(tmp_path)
    with held_lock(database, "everything") as lock:
        app = make_app([deck], RoundOptions(seed=1), data_dir=tmp_path, student_name="Ana")
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: "Waiting for the results database" in visible_text(app))
            assert "you can start, answers are kept" in visible_text(app)
            await pilot.press("enter")
            await answer_right(pilot)
            assert feedback_shown(app)
            await wait_until(pilot, lambda: "1 answer waiting to be saved" in visible_text(app))
            lock.release()
            await wait_until(pilot, lambda: "waiting to be saved" not in visible_text(app))
    assert answers_in_database(tmp_path) == TINY_ORDER[:1]
