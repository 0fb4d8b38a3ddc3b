"""Timed rounds with a fake clock, and the scoring presets against worked examples."""

from __future__ import annotations

import pytest

from quizapp.engine.scoring import Scoring, answer_score, speed_points
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.ui.app import make_app
from quizapp.ui.screens.help import HelpScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from tests.ui_helpers import feedback_ready, visible_text

TIMED_BANK = """\
title: Timed
settings: {shuffle: false, shuffle_choices: false, time_limit: 20}
questions:
  - {id: one, type: truefalse, prompt: First?, answer: true, explanation: E.}
  - {id: two, type: truefalse, prompt: Second?, answer: false, explanation: E., time_limit: 5}
  - {id: three, type: text, prompt: Third?, answer: Seoul, explanation: E.}
"""


@pytest.mark.parametrize(
    ("seconds", "limit", "expected"),
    [
        (0.4, 20, 1000),  # under half a second: full points
        (0.5, 20, 988),  # 1000 × (1 − 0.025/2) = 987.5, rounded to even
        (10, 20, 750),  # half the time: three quarters
        (20, 20, 500),  # at the buzzer: half
        (5, 30, 917),  # 1000 × (1 − (5/30)/2) = 916.67
        (15, 30, 750),
    ],
)
def test_speed_points_follow_the_kahoot_formula(
    seconds: float, limit: float, expected: int
) -> None:
    """points = round(P × (1 − (t / T) / 2)), full P under 0.5 s, P = 1000."""
    assert speed_points(1, 1.0, seconds, limit) == expected


def test_speed_points_scale_with_points_and_credit() -> None:
    """A 2-point question is worth 2000; half credit halves it; no credit earns nothing."""
    assert speed_points(2, 1.0, 10, 20) == 1500
    assert speed_points(1, 0.5, 10, 20) == 375
    assert speed_points(1, 0.0, 1, 20) == 0


def test_the_streak_bonus_is_off_unless_asked_and_capped() -> None:
    """With --streak-bonus each right answer in a row adds 10%, up to 50%; never for a wrong one."""
    base = dict(points=1, credit=1.0, seconds=0.1, limit=20)
    assert answer_score(Scoring.SPEED, streak_before=4, streak_bonus=False, **base) == 1000
    assert answer_score(Scoring.SPEED, streak_before=1, streak_bonus=True, **base) == 1100
    assert answer_score(Scoring.SPEED, streak_before=9, streak_bonus=True, **base) == 1500
    assert answer_score(Scoring.FLAT, streak_before=2, streak_bonus=True, **base) == pytest.approx(
        1.2
    )
    wrong = dict(base, credit=0.0)
    assert answer_score(Scoring.SPEED, streak_before=3, streak_bonus=True, **wrong) == 0


def test_time_limits_come_from_question_then_round_then_deck(make_deck, clock) -> None:
    """A question's own limit wins over --time-limit, which wins over the deck's setting."""
    deck = make_deck(TIMED_BANK)
    session = QuizSession(deck, RoundOptions(time_limit=12), clock=clock)
    one, two, three = deck.questions
    assert session.time_limit_for(one) == 12
    assert session.time_limit_for(two) == 5
    assert QuizSession(deck, RoundOptions(), clock=clock).time_limit_for(one) == 20


def test_running_out_of_time_records_an_unanswered_wrong_answer(make_deck, clock) -> None:
    """When the clock runs out the answer is recorded as unanswered and wrong."""
    session = QuizSession(make_deck(TIMED_BANK), RoundOptions(), clock=clock)
    clock.advance(19)
    assert session.seconds_left() == pytest.approx(1)
    clock.advance(2)
    answer = session.time_out()
    assert answer.timed_out and not answer.correct and answer.response is None
    assert answer.seconds == 20  # capped at the limit


def test_practice_can_pause_the_clock_but_test_mode_cannot(make_deck, clock) -> None:
    """Help or a dialog stops the clock in practice mode only."""
    practice = QuizSession(make_deck(TIMED_BANK), RoundOptions(), clock=clock)
    assert practice.pause_clock()
    clock.advance(100)
    practice.resume_clock()
    assert practice.seconds_left() == pytest.approx(20)
    test = QuizSession(make_deck(TIMED_BANK), RoundOptions(mode=Mode.TEST), clock=clock)
    assert not test.pause_clock()
    clock.advance(100)
    assert test.seconds_left() == 0


def test_speed_scoring_without_a_limit_uses_thirty_seconds(make_deck, clock) -> None:
    """Speed points need a T; with none set it is 30 seconds, and the countdown shows it."""
    deck = make_deck(
        "title: T\nquestions:\n  - {id: q, type: truefalse, prompt: P?, answer: true}\n"
    )
    session = QuizSession(deck, RoundOptions(scoring=Scoring.SPEED), clock=clock)
    assert session.seconds_left() == 30
    clock.advance(15)
    assert session.submit("True").score == 750


async def test_the_countdown_shows_and_time_up_gives_feedback(make_deck, clock) -> None:
    """A visible countdown; at zero the feedback says time is up and the answer counts as wrong."""
    app = make_app([make_deck(TIMED_BANK)], RoundOptions(), clock=clock, suggested_name="Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert "⏱ 20s" in visible_text(app)
        clock.advance(12.5)
        await screen.tick()
        assert "⏱ 8s" in visible_text(app)
        clock.advance(8)
        await screen.tick()
        assert "⏱ Time is up — counted as unanswered" in visible_text(app)
        await feedback_ready(pilot, app)
        assert "The answer: True" in visible_text(app)
        assert screen.session.last_answer.timed_out


async def test_help_pauses_the_clock_in_practice(make_deck, clock) -> None:
    """Reading the help does not eat a practising student's time."""
    app = make_app([make_deck(TIMED_BANK)], RoundOptions(), clock=clock, suggested_name="Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        clock.advance(60)
        await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await screen.tick()
        assert "⏱ 20s" in visible_text(app)


async def test_test_mode_keeps_the_clock_running_under_help(make_deck, clock) -> None:
    """In test mode the clock cannot be paused: back from help, the time is up."""
    app = make_app(
        [make_deck(TIMED_BANK)], RoundOptions(mode=Mode.TEST), clock=clock, suggested_name="Sam"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "question_mark")
        clock.advance(60)
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert "Question 2 of 3" in visible_text(app)
        first = screen.session.results().answers[0]
        assert first.timed_out and not first.correct


async def test_speed_scores_show_in_points(make_deck, clock) -> None:
    """With --scoring speed the bar and the results count Kahoot-style points."""
    app = make_app(
        [make_deck(TIMED_BANK)],
        RoundOptions(scoring=Scoring.SPEED, mode=Mode.TEST),
        clock=clock,
        suggested_name="Sam",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        clock.advance(10)  # half of 20 s
        await pilot.press("t")
        clock.advance(0.2)
        await pilot.press("f")
        clock.advance(5)
        await pilot.press(*"Seoul", "enter")
        assert isinstance(app.screen, ResultsScreen)
        assert "Score 2,625 points · 3 of 3 right (100%)" in visible_text(app)  # 750 + 1000 + 875
