"""What the store tells a student about their own progress on a deck (the stats screen).

Mastery is measured the honest way: the share of first tries that were
right, over the student's most recent rounds. A practice round asks a missed
question again until it is answered right, so "right the last time" would
read 100% after any round and say nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quizapp.store.results import ResultsStore, Student

RECENT_ROUNDS = 5
"""Mastery looks at this many of the student's latest rounds on the deck."""


def score_history(
    store: ResultsStore, student: Student, deck_id: str
) -> list[tuple[dt.datetime, float]]:
    """Finished regular rounds of a student on a deck: when, and the percentage."""
    rows = store.query(
        "SELECT finished_at, points, max_points FROM attempts WHERE student_id = ? AND deck_id = ? "
        "AND kind = 'round' AND finished_at IS NOT NULL AND max_points > 0 ORDER BY finished_at",
        (student.id, deck_id),
    )
    return [
        (dt.datetime.fromisoformat(r["finished_at"]), 100.0 * r["points"] / r["max_points"])
        for r in rows
    ]


@dataclass(frozen=True)
class TopicMastery:
    """First tries at a topic's questions over the recent rounds, and how many were right."""

    topic: str
    questions: int
    """The topic's questions in the deck now."""
    first_tries: int
    right: int

    @property
    def percent(self) -> float | None:
        """Right first tries out of all first tries; None before any."""
        return 100.0 * self.right / self.first_tries if self.first_tries else None


def topic_mastery(
    store: ResultsStore, student: Student, deck_id: str, rounds: int = RECENT_ROUNDS
) -> list[TopicMastery]:
    """Per topic of the deck's current questions: first tries right in the last `rounds` rounds."""
    recent = [
        r["id"]
        for r in store.query(
            "SELECT t.id FROM attempts t WHERE t.student_id = ? AND t.deck_id = ? "
            "AND t.kind = 'round' AND EXISTS (SELECT 1 FROM answers a WHERE a.attempt_id = t.id "
            "AND a.set_aside_at IS NULL) ORDER BY t.started_at DESC LIMIT ?",
            (student.id, deck_id, rounds),
        )
    ]
    topic_of = {
        r["question_id"]: r["topic"] or "Other"
        for r in store.query(
            "SELECT question_id, topic FROM questions WHERE deck_id = ? AND removed_at IS NULL "
            "ORDER BY position",
            (deck_id,),
        )
    }
    topics: dict[str, list[int]] = {}  # topic: [questions, first tries, right]
    for topic in topic_of.values():
        topics.setdefault(topic, [0, 0, 0])[0] += 1
    if recent:
        for row in store.query(
            "SELECT question_id, correct FROM answers WHERE first_try = 1 "
            f"AND set_aside_at IS NULL AND attempt_id IN ({','.join('?' * len(recent))})",
            recent,
        ):
            topic = topic_of.get(row["question_id"])
            if topic is not None:
                topics[topic][1] += 1
                topics[topic][2] += int(bool(row["correct"]))
    return [TopicMastery(topic, *counts) for topic, counts in topics.items()]


def most_missed(
    store: ResultsStore, student: Student, deck_id: str, limit: int = 5
) -> list[tuple[str, str, int]]:
    """The questions this student got wrong most often: (question id, prompt, times wrong)."""
    # Grouped by the question's key, so its prompt and position belong to the group
    # (PostgreSQL refuses a column the GROUP BY does not determine; SQLite picks any row's).
    rows = store.query(
        "SELECT q.question_id, q.prompt, COUNT(*) AS misses FROM answers a "
        "JOIN questions q ON q.deck_id = a.deck_id AND q.question_id = a.question_id "
        "WHERE a.student_id = ? AND a.deck_id = ? AND a.correct = 0 AND q.removed_at IS NULL "
        "AND a.set_aside_at IS NULL "
        "GROUP BY q.deck_id, q.question_id ORDER BY misses DESC, q.position LIMIT ?",
        (student.id, deck_id, limit),
    )
    return [(r["question_id"], r["prompt"], r["misses"]) for r in rows]
