"""What the store tells a teacher: the SQL of `quizapp report`.

Everything is per deck, and only rounds that were played count: a round
opened and closed with no answer is not a round, and a round set aside by
starting afresh is counted as abandoned. "Right at first try" counts the
first answer to each question in each regular round (not retries of missed
questions, not spaced review), so a question that everyone gets wrong the
first time shows up as hard even if practice mode later brought everyone to
the right answer. Overruled answers ("I was right") are counted everywhere
and listed one by one in `answer_rows`, so the teacher can review each.

`ReportFilter` narrows every query the same way: a deck, a student, and a
window of dates.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from quizapp.store.clock import stamp
from quizapp.store.results import ResultsStore, Student
from quizapp.text.names import name_key

REGULAR_KINDS = ("round", "live")
"""Rounds that grade a student (not retries of missed questions, not spaced review)."""


@dataclass(frozen=True)
class ReportFilter:
    """Which results a report covers; every part optional."""

    deck_id: str | None = None
    student: Student | None = None
    since: dt.datetime | None = None
    """From this moment on (inclusive)."""
    until: dt.datetime | None = None
    """Before this moment (exclusive)."""

    def where(self, table: str, moment: str) -> tuple[str, list[object]]:
        """`AND ...` clauses on `table` (whose time column is `moment`), and their parameters."""
        clauses: list[str] = []
        parameters: list[object] = []
        if self.deck_id:
            clauses.append(f"{table}.deck_id = ?")
            parameters.append(self.deck_id)
        if self.student:
            clauses.append(f"{table}.student_id = ?")
            parameters.append(self.student.id)
        if self.since:
            clauses.append(f"{table}.{moment} >= ?")
            parameters.append(stamp(self.since))
        if self.until:
            clauses.append(f"{table}.{moment} < ?")
            parameters.append(stamp(self.until))
        return "".join(f" AND {c}" for c in clauses), parameters


def _kinds(column: str) -> str:
    return f"{column} IN ({', '.join(repr(kind) for kind in REGULAR_KINDS)})"


@dataclass(frozen=True)
class StudentSummary:
    """One student's rounds on one deck."""

    name: str
    deck_id: str
    rounds: int
    """Regular rounds with at least one answer (resumed rounds count once)."""
    finished: int
    abandoned: int
    """Played rounds the student set aside by starting afresh."""
    best_percent: float | None
    latest_percent: float | None
    last_seen: dt.datetime | None
    overruled: int = 0
    """Answers the student overruled ("I was right") on this deck, in any round."""
    seeds: tuple[int, ...] = ()
    """The seed of each round, oldest first: `--seed N` replays a disputed round exactly."""

    @property
    def attempts(self) -> int:
        """The rounds played (the name earlier reports used)."""
        return self.rounds


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
    overruled: int = 0
    """Answers to it that students overruled, in any round."""

    @property
    def percent_right(self) -> float:
        return 100.0 * self.right / self.answered if self.answered else 0.0


def student_summaries(
    store: ResultsStore, scope: ReportFilter | None = None
) -> list[StudentSummary]:
    """Per (student, deck) with a played round: rounds, scores, overrules; by name, then deck."""
    scope = scope or ReportFilter()
    where, parameters = scope.where("t", "started_at")
    text = store.dialect.bytewise  # names and decks in one order, whatever the server's locale
    rows = store.query(
        "SELECT s.name, s.name_key, t.deck_id, t.seed, t.finished_at, t.abandoned_at, t.points, "
        "t.max_points, t.started_at, COUNT(a.id) AS answered, MAX(a.answered_at) AS last_answer "
        "FROM attempts t JOIN students s ON s.id = t.student_id "
        "LEFT JOIN answers a ON a.attempt_id = t.id AND a.set_aside_at IS NULL "
        f"WHERE {_kinds('t.kind')}{where} "
        f"GROUP BY t.id, s.id ORDER BY s.name_key{text}, t.deck_id{text}, t.started_at",
        parameters,
    )
    overruled = _overruled_by_student(store, scope)
    grouped: dict[tuple[str, str], list] = {}
    names: dict[str, str] = {}
    for row in rows:
        if row["answered"]:
            grouped.setdefault((row["name_key"], row["deck_id"]), []).append(row)
            names[row["name_key"]] = row["name"]
    summaries = []
    for (key, deck_id), rounds in grouped.items():
        scores = [
            100.0 * r["points"] / r["max_points"]
            for r in rounds
            if r["finished_at"] and r["max_points"]
        ]
        summaries.append(
            StudentSummary(
                name=names[key],
                deck_id=deck_id,
                rounds=len(rounds),
                finished=sum(1 for r in rounds if r["finished_at"]),
                abandoned=sum(1 for r in rounds if r["abandoned_at"]),
                best_percent=max(scores) if scores else None,
                latest_percent=scores[-1] if scores else None,
                last_seen=dt.datetime.fromisoformat(max(r["last_answer"] for r in rounds)),
                overruled=overruled.get((key, deck_id), 0),
                seeds=tuple(r["seed"] for r in rounds),
            )
        )
    return summaries


def _overruled_by_student(store: ResultsStore, scope: ReportFilter) -> dict[tuple[str, str], int]:
    where, parameters = scope.where("a", "answered_at")
    rows = store.query(
        "SELECT s.name_key, a.deck_id, COUNT(*) AS overruled FROM answers a "
        "JOIN students s ON s.id = a.student_id "
        f"WHERE a.overruled = 1 AND a.set_aside_at IS NULL{where} GROUP BY s.name_key, a.deck_id",
        parameters,
    )
    return {(r["name_key"], r["deck_id"]): r["overruled"] for r in rows}


def question_summaries(
    store: ResultsStore, scope: ReportFilter | None = None
) -> list[QuestionSummary]:
    """Per question still in its bank: answered, right at first try, the commonest wrong answer.

    Hardest first (lowest share right), then by deck and position.
    """
    scope = scope or ReportFilter()
    where, parameters = scope.where("a", "answered_at")
    # Counted by the database, not row by row in Python: a term's answers are tens of
    # thousands. `skip` (SQLite's unary `+`) keeps SQLite from walking answers_by_question to
    # save the GROUP BY's sort: that walk visits the table in index order, which thrashes the
    # page cache once the store outgrows it (measured: 3-4x slower at 30,000 answers). A filter
    # by date still uses its index. The bank's wording is joined once per group, not once per
    # answer. Counts of a condition are CASE sums: PostgreSQL does not add up booleans.
    skip = store.dialect.skip_index
    first_tries = (
        "FROM answers a JOIN attempts t ON t.id = a.attempt_id "
        f"WHERE a.first_try = 1 AND a.set_aside_at IS NULL AND {_kinds('t.kind')}{where}"
    )
    rows = store.query(
        "SELECT q.deck_id, q.question_id, q.prompt, q.topic, q.position, "
        "SUM(g.answered) AS answered, SUM(g.right_count) AS right_count, "
        "MAX(CASE WHEN g.content_hash != q.content_hash THEN 1 ELSE 0 END) AS changed FROM ("
        "SELECT a.deck_id, a.question_id, a.content_hash, COUNT(*) AS answered, "
        f"SUM(CASE WHEN a.correct != 0 THEN 1 ELSE 0 END) AS right_count {first_tries} "
        f"GROUP BY {skip}a.deck_id, {skip}a.question_id, a.content_hash) g "
        "JOIN questions q ON q.deck_id = g.deck_id AND q.question_id = g.question_id "
        "WHERE q.removed_at IS NULL GROUP BY q.deck_id, q.question_id",
        parameters,
    )
    commonest: dict[tuple[str, str], tuple[str, int]] = {}
    for r in store.query(
        "SELECT a.deck_id, a.question_id, a.response_text, COUNT(*) AS given, MIN(a.id) AS first "
        f"{first_tries} AND a.correct = 0 AND a.skipped = 0 "
        f"GROUP BY {skip}a.deck_id, {skip}a.question_id, a.response_text "
        "ORDER BY given DESC, first",
        parameters,
    ):
        commonest.setdefault((r["deck_id"], r["question_id"]), (r["response_text"], r["given"]))
    overruled = {
        (r["deck_id"], r["question_id"]): r["overruled"]
        for r in store.query(
            "SELECT a.deck_id, a.question_id, COUNT(*) AS overruled FROM answers a "
            f"WHERE a.overruled = 1 AND a.set_aside_at IS NULL{where} "
            f"GROUP BY {skip}a.deck_id, {skip}a.question_id",
            parameters,
        )
    }
    summaries = []
    for row in rows:
        key = (row["deck_id"], row["question_id"])
        common, count = commonest.get(key, ("", 0))
        summaries.append(
            QuestionSummary(
                deck_id=row["deck_id"],
                question_id=row["question_id"],
                prompt=row["prompt"],
                topic=row["topic"],
                answered=row["answered"],
                right=row["right_count"],
                common_wrong=common,
                common_wrong_count=count,
                changed=bool(row["changed"]),
                position=row["position"],
                overruled=overruled.get(key, 0),
            )
        )
    return sorted(summaries, key=lambda s: (s.percent_right, s.deck_id, s.position))


def most_common_wrong(answers: Iterable[object]) -> tuple[str, int]:
    """The wrong answer given most often (skips and time-outs are not answers) and how often."""
    wrong = Counter(
        a["response_text"]  # type: ignore[index]
        for a in answers
        if not a["correct"] and not a["skipped"]  # type: ignore[index]
    )
    return wrong.most_common(1)[0] if wrong else ("", 0)


@dataclass(frozen=True)
class DeckInfo:
    """A deck as the store last saw it, for the heading of a report."""

    deck_id: str
    title: str
    source: str = ""
    as_of: str | None = None


def decks(store: ResultsStore) -> list[DeckInfo]:
    """Every deck the store has results for, by title."""
    rows = store.query(
        "SELECT d.deck_id, d.title, d.source, d.as_of FROM decks d "
        "WHERE EXISTS (SELECT 1 FROM answers a WHERE a.deck_id = d.deck_id) "
        f"ORDER BY d.title{store.dialect.bytewise}"
    )
    return [DeckInfo(r["deck_id"], r["title"], r["source"], r["as_of"]) for r in rows]


@dataclass(frozen=True)
class GradebookQuestion:
    question_id: str
    prompt: str
    points: float


@dataclass(frozen=True)
class GradebookRow:
    """One student: the first-try credit of each question (None: never answered)."""

    name: str
    credits: tuple[float | None, ...]
    points: float
    """Credit times each question's points, summed."""
    max_points: float
    overruled: tuple[str, ...] = ()
    """Questions whose counted first try the student overruled ("I was right")."""

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


@dataclass(frozen=True)
class Gradebook:
    """A row per student and a column per question (in the deck's order)."""

    deck: DeckInfo
    questions: tuple[GradebookQuestion, ...]
    rows: tuple[GradebookRow, ...]


def gradebook(
    store: ResultsStore,
    deck: DeckInfo,
    scope: ReportFilter | None = None,
    roster: Sequence[str] = (),
) -> Gradebook:
    """Each student's first try at each of the deck's questions, in regular rounds.

    The first try that counts is the student's earliest one within the
    filter's dates. Students on `roster` with no answer get an empty row.
    """
    scope = scope or ReportFilter()
    questions = tuple(
        GradebookQuestion(r["question_id"], r["prompt"], r["points"])
        for r in store.query(
            "SELECT question_id, prompt, points FROM questions WHERE deck_id = ? "
            "AND removed_at IS NULL ORDER BY position",
            (deck.deck_id,),
        )
    )
    where, parameters = ReportFilter(deck.deck_id, scope.student, scope.since, scope.until).where(
        "a", "answered_at"
    )
    rows = store.query(
        "SELECT s.name, s.name_key, a.question_id, a.credit, a.overruled FROM answers a "
        "JOIN attempts t ON t.id = a.attempt_id JOIN students s ON s.id = a.student_id "
        f"WHERE a.first_try = 1 AND a.set_aside_at IS NULL AND {_kinds('t.kind')}{where} "
        "ORDER BY a.answered_at, a.id",
        parameters,
    )
    first: dict[str, dict[str, float]] = {}
    overruled: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for row in rows:
        names.setdefault(row["name_key"], row["name"])
        answers = first.setdefault(row["name_key"], {})
        if row["question_id"] not in answers:
            answers[row["question_id"]] = row["credit"]
            if row["overruled"]:
                overruled.setdefault(row["name_key"], set()).add(row["question_id"])
    for name in roster:
        names.setdefault(name_key(name), name)
        first.setdefault(name_key(name), {})
    max_points = sum(q.points for q in questions)
    book = []
    for key in sorted(names, key=lambda k: names[k].casefold()):
        credits = tuple(first[key].get(q.question_id) for q in questions)
        earned = sum((c or 0.0) * q.points for c, q in zip(credits, questions, strict=True))
        marked = tuple(q.question_id for q in questions if q.question_id in overruled.get(key, ()))
        book.append(GradebookRow(names[key], credits, earned, max_points, marked))
    return Gradebook(deck, questions, tuple(book))


@dataclass(frozen=True)
class AnswerRow:
    """One answer as given, for the per-answer export (and reviewing every overrule)."""

    student: str
    deck_id: str
    question_id: str
    round_id: str
    round_kind: str
    round_number: int
    """The student's rounds on the deck counted from 1, oldest first."""
    answered_at: dt.datetime
    response: str
    correct: bool
    credit: float
    hint_used: bool
    skipped: bool
    timed_out: bool
    overruled: bool
    first_try: bool
    seconds: float
    set_aside: bool = field(default=False)


def answer_rows(store: ResultsStore, scope: ReportFilter | None = None) -> list[AnswerRow]:
    """Every answer in the filter, oldest first, with the round it belongs to."""
    scope = scope or ReportFilter()
    where, parameters = scope.where("a", "answered_at")
    rows = store.query(
        "SELECT s.name, s.name_key, a.deck_id, a.question_id, t.uid AS round_id, t.kind, "
        "t.started_at, a.answered_at, a.response_text, a.correct, a.credit, a.hint_used, "
        "a.skipped, a.timed_out, a.overruled, a.first_try, a.ms, a.set_aside_at "
        "FROM answers a JOIN attempts t ON t.id = a.attempt_id "
        "JOIN students s ON s.id = a.student_id "
        f"WHERE 1 = 1{where} ORDER BY a.answered_at, a.id",
        parameters,
    )
    numbers = _round_numbers(store, {(r["name_key"], r["deck_id"]) for r in rows})
    return [
        AnswerRow(
            student=r["name"],
            deck_id=r["deck_id"],
            question_id=r["question_id"],
            round_id=r["round_id"],
            round_kind=r["kind"],
            round_number=numbers.get(r["round_id"], 0),
            answered_at=dt.datetime.fromisoformat(r["answered_at"]),
            response=r["response_text"],
            correct=bool(r["correct"]),
            credit=r["credit"],
            hint_used=bool(r["hint_used"]),
            skipped=bool(r["skipped"]),
            timed_out=bool(r["timed_out"]),
            overruled=bool(r["overruled"]),
            first_try=bool(r["first_try"]),
            seconds=r["ms"] / 1000,
            set_aside=r["set_aside_at"] is not None,
        )
        for r in rows
    ]


def _round_numbers(store: ResultsStore, pairs: set[tuple[str, str]]) -> dict[str, int]:
    """Each round's number among its student's rounds on its deck (1 = the first)."""
    numbers: dict[str, int] = {}
    counters: Counter[tuple[str, str]] = Counter()
    for r in store.query(
        "SELECT t.uid, s.name_key, t.deck_id FROM attempts t JOIN students s "
        "ON s.id = t.student_id ORDER BY t.started_at, t.id"
    ):
        pair = (r["name_key"], r["deck_id"])
        if pair in pairs:
            counters[pair] += 1
            numbers[r["uid"]] = counters[pair]
    return numbers


def has_results(store: ResultsStore) -> bool:
    return bool(store.query("SELECT 1 FROM answers LIMIT 1"))
