"""What the store can tell about a class or a student: the SQL of reports and stats.

"Right at first try" counts the first answer to each question in each
regular round (not retries of missed questions, not spaced review), so a
question that everyone gets wrong the first time shows up as hard even if
practice mode later brought everyone to the right answer.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from quizapp.store.database import StoreUnreadable, damaged_message
from quizapp.store.location import DATABASE_NAME
from quizapp.store.results import ResultsStore, Student


@dataclass(frozen=True)
class StudentSummary:
    """One student's rounds on the decks reported."""

    name: str
    attempts: int
    """Rounds started (resumed rounds count once)."""
    best_percent: float | None
    latest_percent: float | None
    last_seen: dt.datetime | None
    seeds: tuple[int, ...] = ()
    """The seed of each round, oldest first: `--seed N` replays a disputed round exactly."""


@dataclass(frozen=True)
class QuestionSummary:
    """How a question went across the students reported."""

    deck_id: str
    question_id: str
    prompt: str
    topic: str
    answered: int
    """First tries in regular rounds."""
    right: int
    common_wrong: str
    """The wrong answer given most often: the misconception to re-teach."""
    common_wrong_count: int
    changed: bool
    """Some answers were given to an earlier wording of the question."""
    position: int = 0
    """Where the question stands in its bank."""

    @property
    def percent_right(self) -> float:
        return 100.0 * self.right / self.answered if self.answered else 0.0


def _filters(
    deck_id: str | None, student: Student | None, table: str = "a"
) -> tuple[str, list[object]]:
    clauses: list[str] = []
    parameters: list[object] = []
    if deck_id:
        clauses.append(f"{table}.deck_id = ?")
        parameters.append(deck_id)
    if student:
        clauses.append(f"{table}.student_id = ?")
        parameters.append(student.id)
    return "".join(f" AND {c}" for c in clauses), parameters


def student_summaries(
    store: ResultsStore, deck_id: str | None = None, student: Student | None = None
) -> list[StudentSummary]:
    """Per student: rounds, best and latest score, last seen; by name."""
    where, parameters = _filters(deck_id, student, "t")
    rows = store.query(
        "SELECT s.name, t.id, t.kind, t.seed, t.finished_at, t.points, t.max_points, t.started_at, "
        "(SELECT MAX(answered_at) FROM answers a WHERE a.attempt_id = t.id) AS last_answer "
        f"FROM attempts t JOIN students s ON s.id = t.student_id WHERE 1 = 1{where} "
        "ORDER BY s.name_key, t.started_at",
        parameters,
    )
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row["name"], []).append(row)
    summaries = []
    for name, attempts in grouped.items():
        finished = [
            100.0 * a["points"] / a["max_points"]
            for a in attempts
            if a["kind"] == "round" and a["finished_at"] and a["max_points"]
        ]
        seen = [a["last_answer"] or a["started_at"] for a in attempts]
        summaries.append(
            StudentSummary(
                name=name,
                attempts=sum(1 for a in attempts if a["kind"] == "round"),
                best_percent=max(finished) if finished else None,
                latest_percent=finished[-1] if finished else None,
                last_seen=dt.datetime.fromisoformat(max(seen)) if seen else None,
                seeds=tuple(a["seed"] for a in attempts if a["kind"] == "round"),
            )
        )
    return summaries


def question_summaries(
    store: ResultsStore, deck_id: str | None = None, student: Student | None = None
) -> list[QuestionSummary]:
    """Per question still in its bank: answered, right at first try, the commonest wrong answer.

    Hardest first (lowest share right), then by deck and position.
    """
    where, parameters = _filters(deck_id, student)
    rows = store.query(
        "SELECT a.deck_id, a.question_id, a.correct, a.skipped, a.response_text, a.content_hash, "
        "q.prompt, q.topic, q.position, q.content_hash AS current_hash "
        "FROM answers a JOIN attempts t ON t.id = a.attempt_id "
        "JOIN questions q ON q.deck_id = a.deck_id AND q.question_id = a.question_id "
        "WHERE a.first_try = 1 AND a.set_aside_at IS NULL AND t.kind = 'round' "
        f"AND q.removed_at IS NULL{where}",
        parameters,
    )
    grouped: dict[tuple[str, str], list] = {}
    for row in rows:
        grouped.setdefault((row["deck_id"], row["question_id"]), []).append(row)
    summaries = []
    for (deck, question_id), answers in grouped.items():
        wrong = Counter(
            a["response_text"] for a in answers if not a["correct"] and not a["skipped"]
        )
        common, count = wrong.most_common(1)[0] if wrong else ("", 0)
        first = answers[0]
        summaries.append(
            QuestionSummary(
                deck_id=deck,
                question_id=question_id,
                prompt=first["prompt"],
                topic=first["topic"],
                answered=len(answers),
                right=sum(1 for a in answers if a["correct"]),
                common_wrong=common,
                common_wrong_count=count,
                changed=any(a["content_hash"] != a["current_hash"] for a in answers),
                position=first["position"],
            )
        )
    return sorted(summaries, key=lambda s: (s.percent_right, s.deck_id, s.position))


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
    """Of a topic's questions a student has answered, how many the last answer got right."""

    topic: str
    questions: int
    answered: int
    right_last_time: int

    @property
    def percent(self) -> float:
        return 100.0 * self.right_last_time / self.questions if self.questions else 0.0


def topic_mastery(store: ResultsStore, student: Student, deck_id: str) -> list[TopicMastery]:
    """Per topic of the deck's current questions, judged by the latest answer to each."""
    rows = store.query(
        "SELECT q.topic, q.question_id, "
        "(SELECT a.correct FROM answers a WHERE a.student_id = ? AND a.deck_id = q.deck_id "
        " AND a.set_aside_at IS NULL"
        " AND a.question_id = q.question_id ORDER BY a.id DESC LIMIT 1) AS last_correct "
        "FROM questions q WHERE q.deck_id = ? AND q.removed_at IS NULL ORDER BY q.position",
        (student.id, deck_id),
    )
    topics: dict[str, list] = {}
    for row in rows:
        topics.setdefault(row["topic"] or "Other", []).append(row["last_correct"])
    return [
        TopicMastery(
            topic=topic,
            questions=len(values),
            answered=sum(1 for v in values if v is not None),
            right_last_time=sum(1 for v in values if v),
        )
        for topic, values in topics.items()
    ]


def most_missed(
    store: ResultsStore, student: Student, deck_id: str, limit: int = 5
) -> list[tuple[str, str, int]]:
    """The questions this student got wrong most often: (question id, prompt, times wrong)."""
    rows = store.query(
        "SELECT a.question_id, q.prompt, COUNT(*) AS misses FROM answers a "
        "JOIN questions q ON q.deck_id = a.deck_id AND q.question_id = a.question_id "
        "WHERE a.student_id = ? AND a.deck_id = ? AND a.correct = 0 AND q.removed_at IS NULL "
        "AND a.set_aside_at IS NULL "
        "GROUP BY a.question_id ORDER BY misses DESC, q.position LIMIT ?",
        (student.id, deck_id, limit),
    )
    return [(r["question_id"], r["prompt"], r["misses"]) for r in rows]


def has_results(store: ResultsStore) -> bool:
    return bool(store.query("SELECT 1 FROM answers LIMIT 1"))


@dataclass(frozen=True)
class StudentProgress:
    """Where one student is in their latest round of the watched deck."""

    name: str
    answered: int
    total: int
    right: int
    score: float
    finished: bool


@dataclass(frozen=True)
class ClassSnapshot:
    """The class view's data at one moment."""

    deck_id: str
    deck_title: str
    students: tuple[StudentProgress, ...]
    questions: tuple[QuestionSummary, ...]
    """In bank order, with answers from the rounds being watched."""

    @property
    def most_missed(self) -> QuestionSummary | None:
        """The question with the lowest share right, once anyone got it wrong."""
        missed = [q for q in self.questions if q.answered and q.right < q.answered]
        return min(missed, key=lambda q: (q.percent_right, -q.answered)) if missed else None


def class_snapshot(
    store: ResultsStore, since: dt.datetime, deck_id: str | None = None
) -> ClassSnapshot | None:
    """Rounds started since `since` on a deck (default: the one played most recently)."""
    stamp = since.astimezone(dt.UTC).isoformat()
    if deck_id is None:
        rows = store.query(
            "SELECT deck_id FROM attempts WHERE started_at >= ? ORDER BY started_at DESC LIMIT 1",
            (stamp,),
        )
        if not rows:
            return None
        deck_id = rows[0]["deck_id"]
    title_rows = store.query("SELECT title FROM decks WHERE deck_id = ?", (deck_id,))
    attempts = store.query(
        "SELECT t.id, t.question_order, t.finished_at, s.name, s.name_key FROM attempts t "
        "JOIN students s ON s.id = t.student_id "
        "WHERE t.deck_id = ? AND t.started_at >= ? AND t.abandoned_at IS NULL "
        "AND t.kind IN ('round', 'review') ORDER BY t.started_at",
        (deck_id, stamp),
    )
    latest: dict[str, sqlite3.Row] = {}
    for attempt in attempts:
        latest[attempt["name_key"]] = attempt  # later rounds replace earlier ones
    ids = [a["id"] for a in latest.values()]
    answers = (
        store.query(
            f"SELECT attempt_id, question_id, correct, skipped, response_text, score FROM answers "
            f"WHERE first_try = 1 AND set_aside_at IS NULL AND attempt_id IN ({','.join('?' * len(ids))})",
            ids,
        )
        if ids
        else []
    )
    by_attempt: dict[int, list] = {}
    for answer in answers:
        by_attempt.setdefault(answer["attempt_id"], []).append(answer)
    students = tuple(
        StudentProgress(
            name=a["name"],
            answered=len(by_attempt.get(a["id"], [])),
            total=len(json.loads(a["question_order"])),
            right=sum(1 for x in by_attempt.get(a["id"], []) if x["correct"]),
            score=sum(x["score"] for x in by_attempt.get(a["id"], [])),
            finished=a["finished_at"] is not None,
        )
        for a in latest.values()
    )
    questions = []
    for row in store.query(
        "SELECT question_id, prompt, topic, position, content_hash FROM questions "
        "WHERE deck_id = ? AND removed_at IS NULL ORDER BY position",
        (deck_id,),
    ):
        given = [x for x in answers if x["question_id"] == row["question_id"]]
        wrong = Counter(x["response_text"] for x in given if not x["correct"] and not x["skipped"])
        common, count = wrong.most_common(1)[0] if wrong else ("", 0)
        questions.append(
            QuestionSummary(
                deck_id=deck_id,
                question_id=row["question_id"],
                prompt=row["prompt"],
                topic=row["topic"],
                answered=len(given),
                right=sum(1 for x in given if x["correct"]),
                common_wrong=common,
                common_wrong_count=count,
                changed=False,
                position=row["position"],
            )
        )
    return ClassSnapshot(
        deck_id=deck_id,
        deck_title=title_rows[0]["title"] if title_rows else deck_id,
        students=students,
        questions=tuple(questions),
    )


def read_class(
    folder: Path, since: dt.datetime, deck_id: str | None = None
) -> ClassSnapshot | None:
    """The class as the folder's database has it now; None when it holds nothing yet.

    Opened read-only for this one read and closed again, so the live view
    sees each new answer and never leaves a file behind (see
    `quizapp.store.database.open_read_only`). Raises `StoreUnreadable`,
    with what to do, for a damaged file or one from another version.
    """
    store = ResultsStore.read_only(folder)
    if store is None:
        return None
    try:
        return class_snapshot(store, since, deck_id)
    except sqlite3.DatabaseError as error:
        raise StoreUnreadable(damaged_message(folder / DATABASE_NAME, str(error))) from None
    finally:
        store.close()
