"""Scoring presets: flat points (the default) or Kahoot-style speed points.

* flat: credit × the question's points;
* speed: P = 1000 × the question's points; a right answer given after t of
  T seconds earns round(P × (1 − (t / T) / 2)), the full P under half a
  second; partly right answers earn that times their credit.

A streak bonus is available and off by default (teachers report that
streaks and leaderboards discourage all but the top few): each right answer
in a row after the first adds 10% of the question's value, up to 50%.
"""

from __future__ import annotations

from enum import StrEnum

SPEED_POINTS = 1000
"""P for a question worth 1 point."""
FULL_POINTS_SECONDS = 0.5
"""Answers quicker than this earn the full P."""
DEFAULT_SPEED_SECONDS = 30.0
"""T when speed scoring is chosen but no time limit is set."""
STREAK_STEP = 0.1
STREAK_STEPS = 5


class Scoring(StrEnum):
    """How points are counted."""

    FLAT = "flat"
    SPEED = "speed"


def speed_points(points: float, credit: float, seconds: float, limit: float) -> float:
    """round(P × credit × (1 − (t / T) / 2)), full P × credit under half a second."""
    value = SPEED_POINTS * points
    if credit <= 0:
        return 0.0
    if seconds < FULL_POINTS_SECONDS:
        return float(round(value * credit))
    share = min(max(seconds, 0.0) / limit, 1.0) if limit > 0 else 1.0
    return float(round(value * credit * (1 - share / 2)))


def answer_score(
    scoring: Scoring,
    *,
    points: float,
    credit: float,
    seconds: float,
    limit: float | None,
    streak_before: int,
    streak_bonus: bool,
) -> float:
    """The score one answer adds (a streak bonus only for fully right answers)."""
    if scoring is Scoring.SPEED:
        base = speed_points(points, credit, seconds, limit or DEFAULT_SPEED_SECONDS)
        unit = SPEED_POINTS * points
    else:
        base = credit * points
        unit = points
    if streak_bonus and credit >= 1:
        base += STREAK_STEP * unit * min(streak_before, STREAK_STEPS)
    return base
