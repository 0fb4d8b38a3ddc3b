"""Spaced review with FSRS: when each question should come back, per student.

The scheduling itself is py-fsrs's (`Scheduler.review_card`); this module
only turns an answer into a rating and decides the order of a review round.

Ratings:
* wrong or skipped: Again;
* right, fast and without the hint: Easy;
* right with the hint, or slow: Hard;
* any other right answer (an overruled one included): Good.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from fsrs import Card, Rating, Scheduler

from quizapp.bank.model import Question

if TYPE_CHECKING:
    from quizapp.store.results import ReviewCard

FAST_SECONDS = 8.0
"""A right answer quicker than this, without the hint, was easy."""
SLOW_SECONDS = 45.0
"""A right answer slower than this was hard."""


class Rated(Protocol):
    """What a rating depends on: an engine `Answer`, or a write of one."""

    @property
    def correct(self) -> bool: ...

    @property
    def skipped(self) -> bool: ...

    @property
    def hint_used(self) -> bool: ...

    @property
    def overruled(self) -> bool: ...

    @property
    def seconds(self) -> float: ...


def rating_for(answer: Rated) -> Rating:
    """How well the student knew it, in FSRS's four grades."""
    if not answer.correct or answer.skipped:
        return Rating.Again
    if answer.hint_used or answer.seconds > SLOW_SECONDS:
        return Rating.Hard
    if answer.seconds < FAST_SECONDS and not answer.overruled:
        return Rating.Easy
    return Rating.Good


class ReviewScheduler:
    """py-fsrs's scheduler, with cards kept as the package's own JSON."""

    def __init__(self, scheduler: Scheduler | None = None) -> None:
        self.scheduler = scheduler or Scheduler()

    def review(
        self, card_json: str | None, answer: Rated, now: dt.datetime
    ) -> tuple[str, dt.datetime]:
        """The card after this answer, as JSON, and when it is next due (UTC)."""
        now = now.astimezone(dt.UTC)
        card = (
            Card.from_json(card_json)
            if card_json
            else Card(card_id=int(now.timestamp() * 1000), due=now)
        )
        card, _log = self.scheduler.review_card(
            card,
            rating_for(answer),
            review_datetime=now,
            review_duration=round(answer.seconds * 1000),
        )
        return card.to_json(), card.due


def end_of_day(now: dt.datetime) -> dt.datetime:
    """Midnight after `now` in local time: "due today" means due before it."""
    local = now.astimezone()
    return (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)


def due_today(cards: Iterable[ReviewCard], now: dt.datetime) -> list[ReviewCard]:
    """Cards due before the day ends, missed-last first, then the most overdue."""
    limit = end_of_day(now)
    due = [card for card in cards if card.due < limit]
    return sorted(due, key=lambda card: (card.last_correct, card.due))


def review_questions(
    questions: Sequence[Question], cards: Iterable[ReviewCard], now: dt.datetime
) -> list[Question]:
    """A review round: the questions due today first, then the ones never seen."""
    cards = list(cards)
    by_id = {q.id: q for q in questions}
    due = [by_id[card.question_id] for card in due_today(cards, now) if card.question_id in by_id]
    seen = {card.question_id for card in cards}
    return due + [q for q in questions if q.id not in seen]


def due_per_day(
    cards: Iterable[ReviewCard], now: dt.datetime, days: int = 7
) -> list[tuple[dt.date, int]]:
    """How many reviews fall due on each of the next `days` days (overdue count as today)."""
    today = now.astimezone().date()
    counts = dict.fromkeys((today + dt.timedelta(days=n) for n in range(days)), 0)
    for card in cards:
        day = max(card.due.astimezone().date(), today)
        if day in counts:
            counts[day] += 1
    return list(counts.items())
