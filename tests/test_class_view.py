"""The teacher's live class view, with Pilot, over a store filled by a fixture."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quizapp.engine.scoring import Scoring
from quizapp.engine.session import QuizSession, RoundOptions
from quizapp.store.recorder import RoundRecorder
from quizapp.store.results import ResultsStore
from quizapp.store.writes import LeaveAttempt, stamp
from quizapp.ui.class_app import make_class_app
from quizapp.ui.screens.class_view import ClassScreen
from tests.store_helpers.play import StoreClock
from tests.ui_helpers import screen_lines, visible_text

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
        assert "Ana | ✓ finished | all 3 | 3 of 3 | 3" in text
        assert "Ben | ● playing | Q3 of 3 | 0 of 2 | 0" in text  # on the third question
        assert "Cy | ● playing | Q2 of 3 | 0 of 1 | 0" in text
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
        assert "Dee | ● playing | Q2 of 3 | 1 of 1 | 1" in text


async def test_the_leaderboard_is_shown_only_when_asked(class_folder: Path) -> None:
    """--leaderboard ranks by score; without it students are listed by name."""
    app = make_class_app(class_folder, leaderboard=True, now=fixed_now)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = visible_text(app)
        assert "1 | Ana | ✓ finished | all 3 | 3 of 3 | 3" in text


async def test_an_empty_class_says_so(tmp_path: Path) -> None:
    """Before anyone joins, the view says it is waiting rather than showing empty tables."""
    ResultsStore.open(tmp_path).close()
    app = make_class_app(tmp_path, now=fixed_now)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "No rounds in the last 12 hours yet" in visible_text(app)


@pytest.fixture
def crowded_class(tmp_path: Path, make_deck, clock) -> Path:
    """A class at a glance: a very long name, a long prompt, an overrule, an idle and a leaver."""
    deck = make_deck(
        CLASS_BANK.replace(
            "How long was the call in minutes?",
            "Roughly how many minutes did the telephone call between the two presidents last "
            "as the article reports it?",
        )
        .replace("type: number", "type: text")
        .replace("answer: 30", "answer: thirty")
    )
    moments = StoreClock(NOW - dt.timedelta(minutes=10))
    store = ResultsStore.open(tmp_path, now=moments)
    store.sync_deck(deck)
    long_name = "Maximilian Alexander von Hohenberg-Schwarzenbach"

    def play(name: str, responses: list[str]) -> QuizSession:
        session = QuizSession(deck, RoundOptions(seed=1), clock=clock)
        session.observer = RoundRecorder(store, store.student(name), session)
        for response in responses:
            session.submit(response)
            if response == "30 minutes":
                session.overrule()
            session.advance()
        return session

    play("Idle Ida", ["South Korea"])  # answered 10 minutes ago: idle
    moments.now = NOW
    left = play("Leo", ["Japan"])  # then quit mid-round
    store.apply(LeaveAttempt(left.observer.attempt_uid, stamp(NOW)))  # type: ignore[union-attr]
    play(long_name, ["South Korea", "30 minutes"])  # an overruled typed answer
    play("Ana", ["South Korea", "thirty", "True"])
    store.close()
    return tmp_path


async def test_the_class_view_reads_cleanly_at_80_by_24(
    crowded_class: Path, tmp_path: Path
) -> None:
    """Every column fits at 80 columns: long names and prompts are cut with …, statuses are words."""
    roster = ("Ana", "Idle Ida", "Leo", "Maximilian Alexander von Hohenberg-Schwarzenbach", "Zed")
    app = make_class_app(crowded_class, now=fixed_now, roster=roster)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        lines = screen_lines(app)
        text = "\n".join(lines)
        assert all(len(line.rstrip()) <= 80 for line in lines)
        assert "Maximilian Alexan…" in text  # cut, and the columns after it still in view
        row = next(line for line in lines if "Maximilian" in line)
        assert "● playing" in row and "Q3 of 3" in row and "⚑1" in row
        assert "◌ idle" in next(line for line in lines if "Idle Ida" in line)
        assert "← left" in next(line for line in lines if "Leo" in line)
        assert "✓ finished" in next(line for line in lines if "Ana " in line)
        assert "Not joined yet (1): Zed" in text
        await pilot.press("end")
        await pilot.pause()
        text = "\n".join(screen_lines(app))
        assert "Roughly how many minutes did the" in text and "…" in text
        assert "Most chosen wrong" in text


async def test_an_overruled_answer_is_marked_for_the_teacher(crowded_class: Path) -> None:
    app = make_class_app(crowded_class, now=fixed_now)
    async with app.run_test(size=(110, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = visible_text(app)
        assert "⚑ answers overruled by the student (“I was right”)" in text
        assert "⚑1 Roughly how many minutes" in text


async def test_a_student_who_quits_mid_round_shows_as_left(make_deck, tmp_path: Path) -> None:
    """Quitting in the middle of a round (after the confirmation) is told to the class view."""
    from quizapp.engine.session import RoundOptions as Options
    from quizapp.store.class_progress import Status, read_class
    from quizapp.ui.app import make_app
    from tests.ui_helpers import history_shown

    deck = make_deck(CLASS_BANK)
    app = make_app([deck], Options(seed=1), data_dir=tmp_path, student_name="Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter", "1", "enter", "q", "y")
    now = dt.datetime.now(dt.UTC)
    snapshot = read_class(tmp_path, now - dt.timedelta(hours=1), now=now)
    assert snapshot is not None
    [ana] = snapshot.students
    assert (ana.name, ana.status, ana.answered) == ("Ana", Status.LEFT, 1)
