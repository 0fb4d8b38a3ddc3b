"""The teacher's live class view, with Pilot, over a store filled by a fixture."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quizapp.engine.scoring import Scoring
from quizapp.engine.session import QuizSession, RoundOptions
from quizapp.store.recorder import RoundRecorder
from quizapp.store.results import ResultsStore
from quizapp.ui.class_app import make_class_app
from quizapp.ui.screens.class_view import ClassScreen
from tests.ui_helpers import visible_text

CLASS_BANK = """\
title: Week 12 drill
settings: {shuffle: false, shuffle_choices: false}
questions:
  - {id: host, type: choice, prompt: Which country hosts the summit?, choices: [South Korea, Japan, China], answer: South Korea, explanation: E.}
  - {id: length, type: number, prompt: How long was the call in minutes?, answer: 30, explanation: E.}
  - {id: invited, type: truefalse, prompt: Xi was invited., answer: true, explanation: E.}
"""

NOW = dt.datetime(2025, 6, 11, 9, 30, tzinfo=dt.UTC)


def fixed_now() -> dt.datetime:
    return NOW


@pytest.fixture
def class_folder(tmp_path: Path, make_deck, clock) -> Path:
    """Three students mid-round: Ana done (all right), Ben 2 answered, Cy 1 answered."""
    deck = make_deck(CLASS_BANK)
    store = ResultsStore.open(tmp_path, now=fixed_now)
    store.sync_deck(deck)
    plays = {"Ana": ["South Korea", "30", "True"], "Ben": ["Japan", "45"], "Cy": ["Japan"]}
    for name, responses in plays.items():
        session = QuizSession(deck, RoundOptions(seed=1, scoring=Scoring.FLAT), clock=clock)
        session.observer = RoundRecorder(store, store.student(name), session)
        for response in responses:
            clock.advance(3)
            session.submit(response)
            session.advance()
    store.close()
    return tmp_path


async def test_the_class_view_shows_who_is_where_and_the_most_missed_question(
    class_folder: Path,
) -> None:
    """Joined students, how far each got, percent right per question, and the misconception."""
    app = make_class_app(class_folder, now=fixed_now)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ClassScreen)
        text = visible_text(app)
        assert "Class view: Week 12 drill · 3 students" in text
        assert "Ana | finished | 3 of 3 | 3" in text
        assert "Ben | 2 of 3 | 0 of 2 | 0" in text
        assert "Cy | 1 of 3 | 0 of 1 | 0" in text
        assert (
            "⚠ Most missed: Which country hosts the summit? (1 of 3 right) — most chosen wrong answer: “Japan” (2×)"
            in text
        )
        assert "1 | 33% | 3 | ⚠ Which country hosts the summit? | Japan (2×)" in text
        assert "3 | 100% | 1 | Xi was invited. | " in text
        assert "Rank" not in text


async def test_new_answers_appear_on_the_next_refresh(class_folder: Path, make_deck, clock) -> None:
    """An answer written by another process shows up when the view refreshes."""
    app = make_class_app(class_folder, now=fixed_now)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.workers.wait_for_complete()
        deck = make_deck(CLASS_BANK)
        other = ResultsStore.open(class_folder, now=fixed_now)
        session = QuizSession(deck, RoundOptions(seed=1), clock=clock)
        session.observer = RoundRecorder(other, other.student("Dee"), session)
        session.submit("South Korea")
        other.close()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = visible_text(app)
        assert "4 students" in text
        assert "Dee | 1 of 3 | 1 of 1 | 1" in text


async def test_the_leaderboard_is_shown_only_when_asked(class_folder: Path) -> None:
    """--leaderboard ranks by score; without it students are listed by name."""
    app = make_class_app(class_folder, leaderboard=True, now=fixed_now)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = visible_text(app)
        assert "1 | Ana | finished | 3 of 3 | 3" in text


async def test_an_empty_class_says_so(tmp_path: Path) -> None:
    """Before anyone joins, the view says it is waiting rather than showing empty tables."""
    ResultsStore.open(tmp_path).close()
    app = make_class_app(tmp_path, now=fixed_now)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "No rounds in the last 12 hours yet" in visible_text(app)
