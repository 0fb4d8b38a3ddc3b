"""History through the app: resume an unfinished round, review, stats, and not-saved notices."""

from __future__ import annotations

from pathlib import Path

from quizapp.engine.session import RoundOptions
from quizapp.store.database import memory_database
from quizapp.store.results import ResultsStore
from quizapp.store.saver import Saver
from quizapp.ui.app import make_app
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.screens.resume_prompt import ResumePrompt
from quizapp.ui.screens.start import StartScreen
from quizapp.ui.screens.stats import StatsScreen
from tests.test_ui_play import TINY_BANK, answer_right
from tests.ui_helpers import history_shown, visible_text

SIZE = (80, 24)


async def play_first_three_and_quit(deck, folder: Path) -> None:
    """Answer three questions (one wrong) as alice, then quit mid-round."""
    app = make_app([deck], RoundOptions(seed=4), data_dir=folder, student_name="alice")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter")
        await answer_right(pilot)
        await pilot.press("enter")
        await pilot.press("s", "enter")  # skipped: counts as missed
        await answer_right(pilot)
        await pilot.press("enter")
        assert "Question 4 of 6" in visible_text(app)
        await pilot.press("escape", "q")
        assert "Your answers so far are saved" in visible_text(app)
        await pilot.press("y")


async def test_an_unfinished_round_is_offered_and_resumed_in_the_same_order(
    make_deck, tmp_path: Path
) -> None:
    """Quit after three answers; relaunch as ALICE: 'Resume: 3 of 6 answered' goes on at question 4."""
    deck = make_deck(TINY_BANK)
    await play_first_three_and_quit(deck, tmp_path)

    store = ResultsStore.open(tmp_path)
    app = make_app([deck], RoundOptions(), data_dir=tmp_path, student_name="ALICE")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        assert "Resume: 3 of 6 answered (c)" in visible_text(app)
        first_order = store.unfinished_attempt(store.find_student("alice"), deck.id).order
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert "Question 4 of 6" in visible_text(app)
        assert "Score 2/3" in visible_text(app)
        assert tuple(q.id for q in screen.session.questions) == first_order
        while isinstance(app.screen, QuestionScreen):
            await answer_right(pilot)
            await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        assert "Score 5 of 6 (83%)" in visible_text(app)
    assert store.unfinished_attempt(store.find_student("alice"), deck.id) is None
    store.close()


async def test_starting_afresh_abandons_the_unfinished_round(make_deck, tmp_path: Path) -> None:
    """Enter asks "resume or start afresh"; afresh starts question 1 and the old round is set aside."""
    deck = make_deck(TINY_BANK)
    await play_first_three_and_quit(deck, tmp_path)
    store = ResultsStore.open(tmp_path)
    alice = store.find_student("alice")
    old = store.unfinished_attempt(alice, deck.id)
    app = make_app([deck], RoundOptions(), data_dir=tmp_path, student_name="alice")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter")
        assert isinstance(app.screen, ResumePrompt)
        assert "You answered 3 of 6 questions last time" in visible_text(app)
        await pilot.press("n")
        assert "Question 1 of 6" in visible_text(app)
        await answer_right(pilot)
        assert app.saver.wait_until_saved(timeout=30)
    current = store.unfinished_attempt(alice, deck.id)
    assert current is not None and current.id != old.id
    store.close()


async def test_review_asks_the_missed_question_first_and_stats_show_history(
    make_deck, tmp_path: Path
) -> None:
    """After a round with a skip, the start screen counts reviews due and review asks that one first."""
    deck = make_deck(TINY_BANK)
    await play_first_three_and_quit(deck, tmp_path)
    store = ResultsStore.open(tmp_path)
    alice = store.find_student("alice")
    skipped = next(
        a.question_id for a in store.unfinished_attempt(alice, deck.id).answers if a.skipped
    )
    app = make_app([deck], RoundOptions(), data_dir=tmp_path, student_name="alice")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        assert "Review: 1 question due today" in visible_text(app)  # the skipped one
        await pilot.press("t")
        assert isinstance(app.screen, StatsScreen)
        text = visible_text(app)
        assert "Stats: alice on Tiny drill" in text
        assert "Missed most often" in text
        await pilot.press("escape", "v")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.session.current.question.id == skipped
    store.close()


async def test_the_screens_say_when_results_are_not_being_saved(make_deck) -> None:
    """With no writable folder the quiz still runs, and both screens say nothing is kept."""
    notice = "Results are not being saved: cannot write to /nowhere (Permission denied)."
    saver = Saver(lambda: ResultsStore(memory_database(notice)), None)
    app = make_app([make_deck(TINY_BANK)], RoundOptions(seed=1), saver=saver, student_name="bo")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        assert isinstance(app.screen, StartScreen)
        assert (
            "Results are not being saved: cannot write to /nowhere (Permission denied)."
            in visible_text(app)
        )
        await pilot.press("enter")
        assert "⚠ Results are not being saved" in visible_text(app)
        await pilot.press("1")
        await pilot.press("q")
        assert (
            "Results are not being saved, so this round's answers will not be kept."
            in visible_text(app)
        )
