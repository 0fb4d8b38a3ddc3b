"""The scoring engine: one round of questions, answered one at a time.

A `QuizSession` knows nothing of screens or keys. The UI asks it for the
current question, hands it the student's response and shows the feedback
it gets back; tests drive it the same way without a terminal.

Rules of a round:

* The order of questions and of each question's choices comes from one
  seed, so a round can be replayed exactly (`--seed`).
* The score counts first tries only. In practice mode, questions missed on
  the first try come back at the end until each has been answered right
  once; in test mode every question is asked once and feedback waits for
  the results.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from quizapp.bank.model import Deck, Question, QuestionKind
from quizapp.engine.grading import Grade, MatchResponse, Response, grade
from quizapp.engine.options import Clock as Clock
from quizapp.engine.options import Mode as Mode
from quizapp.engine.options import RoundKind as RoundKind
from quizapp.engine.options import RoundOptions as RoundOptions
from quizapp.engine.options import on_topics as on_topics
from quizapp.engine.scoring import DEFAULT_SPEED_SECONDS, Scoring, answer_score


class RoundObserver(Protocol):
    """Told of every answer as it is given, so it can be kept at once."""

    def answered(self, answer: Answer) -> None: ...

    def overruled(self, answer: Answer) -> None: ...

    def finished(self, results: RoundResults) -> None: ...


@dataclass(frozen=True)
class AskedQuestion:
    """A question as it is put to the student this time."""

    question: Question
    options: tuple[str, ...]
    """Choices in the order shown, an order question's items as first shown, or a match
    question's right-hand items (extra ones among them) in the order shown."""
    number: int
    """1-based position among the round's questions."""
    retry: bool = False
    """True when practice mode asks a missed question again."""
    blank_options: tuple[tuple[str, ...], ...] = ()
    """A cloze question's choices per blank, in the order shown (() for a typed blank)."""


@dataclass(frozen=True)
class Answer:
    """What happened when a question was answered, skipped or overruled."""

    question: Question
    response: Response | None
    """None when skipped."""
    correct: bool
    credit: float
    seconds: float
    """Time from the question appearing to the answer."""
    first_try: bool
    hint_used: bool = False
    skipped: bool = False
    overruled: bool = False
    """The student said "I was right" after a typed answer was marked wrong."""
    timed_out: bool = False
    """The time limit ran out: recorded as unanswered and wrong."""
    score: float = 0.0
    """What the answer adds to the round's score (flat or speed points, with any bonus)."""

    @property
    def points(self) -> float:
        """Points earned: credit times the question's weight."""
        return self.credit * self.question.points

    @property
    def why_wrong(self) -> tuple[tuple[str, str], ...]:
        """The teacher's notes on each wrong choice picked: (choice, note) pairs."""
        if self.correct or self.response is None:
            return ()
        notes = self.question.why_wrong
        if isinstance(self.response, MatchResponse):  # keyed by left item: its match was wrong
            wrong = [
                left
                for left, right in self.question.pairs
                if self.response.picked_for(left) != right
            ]
            return tuple((left, notes[left]) for left in wrong if left in notes)
        if not isinstance(self.response, str | frozenset | set):
            return ()
        if isinstance(self.response, str):
            picks: tuple[str, ...] = (self.response,)
        else:
            picks = tuple(c for c in self.question.choices if c in self.response)
        return tuple((pick, notes[pick]) for pick in picks if pick in notes)

    @property
    def can_overrule(self) -> bool:
        """Only typed answers can be overruled: matching text may be too strict."""
        return (
            not self.correct
            and not self.skipped
            and not self.timed_out
            and self.question.kind in (QuestionKind.TEXT, QuestionKind.NUMBER)
        )


@dataclass(frozen=True)
class TopicResult:
    """How a round went on one topic."""

    topic: str
    asked: int
    correct: int
    points: float
    max_points: float

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


@dataclass(frozen=True)
class RoundResults:
    """Everything the results screen shows; first tries only."""

    answers: tuple[Answer, ...]
    points: float
    max_points: float
    best_streak: int
    seconds: float
    by_topic: tuple[TopicResult, ...]
    scoring: Scoring = Scoring.FLAT

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0

    @property
    def score(self) -> float:
        """The game score: flat points, or speed points, with any streak bonus."""
        return sum(a.score for a in self.answers)

    @property
    def correct_count(self) -> int:
        return sum(1 for a in self.answers if a.correct)

    @property
    def missed(self) -> tuple[Answer, ...]:
        """First tries that were wrong, partly right or skipped."""
        return tuple(a for a in self.answers if not a.correct)


NO_TOPIC = "Other"
"""How questions without a topic are grouped in results."""


class RoundError(ValueError):
    """The options leave no questions to ask (for example an unknown topic)."""


def choose_questions(deck: Deck, options: RoundOptions, seed: int) -> list[Question]:
    """The questions of a round, in the order they will be asked."""
    questions = on_topics(deck.questions, options.topics)
    if options.topics and not questions:
        known = ", ".join(deck.topics) or "none"
        raise RoundError(
            f"no questions in '{deck.title}' have the topic {', '.join(options.topics)}; "
            f"topics are: {known}"
        )
    if _shuffles(deck, options, "shuffle"):
        random.Random(seed).shuffle(questions)
    if options.limit is not None:
        questions = questions[: options.limit]
    return questions


def _shuffles(deck: Deck, options: RoundOptions, setting: str) -> bool:
    if options.shuffle is not None:
        return options.shuffle
    return bool(getattr(deck.settings, setting))


def new_seed() -> int:
    """A fresh seed for a round whose order the user did not fix."""
    return random.SystemRandom().randrange(1, 1_000_000)


class QuizSession:
    """One round: ask, grade, give feedback, come back to misses, sum up."""

    def __init__(
        self,
        deck: Deck,
        options: RoundOptions | None = None,
        *,
        questions: Sequence[Question] | None = None,
        kind: RoundKind = RoundKind.ROUND,
        seed: int | None = None,
        clock: Clock = time.monotonic,
        observer: RoundObserver | None = None,
        resume: Sequence[Answer] = (),
    ) -> None:
        """Start a round over `deck` (or over `questions` of it, in that order).

        `resume` replays answers kept from an unfinished attempt of the same
        questions and seed, so the round goes on where it stopped.
        """
        self.deck = deck
        self.options = options or RoundOptions()
        if seed is None:
            seed = self.options.seed if self.options.seed is not None else new_seed()
        self.seed = seed
        self.kind = kind
        self.clock = clock
        self.observer = observer
        chosen = (
            list(questions)
            if questions is not None
            else choose_questions(deck, self.options, self.seed)
        )
        if not chosen:
            raise RoundError(f"'{deck.title}' has no questions to ask")
        self.questions: tuple[Question, ...] = tuple(chosen)
        """The round's questions in the order of their first asking."""
        self._number = {q.id: n for n, q in enumerate(chosen, start=1)}
        self._queue: list[tuple[Question, bool]] = [(q, False) for q in chosen]
        self._first: dict[str, Answer] = {}
        self._right_once: set[str] = set()
        self._history: list[Answer] = []
        self._hint_used = False
        self._awaiting_next = False
        self._started = clock()
        self._finished_at: float | None = None
        self._asked_at = self._started
        self._paused_at: float | None = None
        self._paused_for = 0.0
        self.streak = 0
        """Right answers in a row, retries included."""
        self._streak_before_last = 0
        self.best_streak = 0
        for answer in resume:
            self._replay(answer)
        self._current = self._ask_next()

    # -- the current question ----------------------------------------------

    @property
    def mode(self) -> Mode:
        return self.options.mode

    @property
    def current(self) -> AskedQuestion | None:
        """The question on screen, or None once the round is over."""
        return self._current

    @property
    def finished(self) -> bool:
        return self._current is None

    @property
    def last_answer(self) -> Answer | None:
        """The most recent answer, for the feedback shown after it."""
        return self._history[-1] if self._history else None

    @property
    def answered_first_tries(self) -> int:
        return len(self._first)

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def retries_left(self) -> int:
        """Missed questions still to be answered right (practice mode)."""
        waiting = {q.id for q, retry in self._queue if retry and q.id not in self._right_once}
        current = self._current
        if current and current.retry and current.question.id not in self._right_once:
            waiting.add(current.question.id)
        return len(waiting)

    @property
    def hint_used(self) -> bool:
        return self._hint_used

    # -- the clock ----------------------------------------------------------

    def time_limit_for(self, question: Question) -> float | None:
        """Seconds allowed: the question's own limit, else the round's, else the deck's.

        Speed scoring needs a limit, so it falls back to 30 seconds.
        """
        limit = question.time_limit or self.options.time_limit or self.deck.settings.time_limit
        if limit is None and self.options.scoring is Scoring.SPEED:
            return DEFAULT_SPEED_SECONDS
        return limit

    @property
    def timed(self) -> bool:
        """True when any question of the round has a time limit (a countdown is shown)."""
        return any(self.time_limit_for(q) is not None for q in self.questions)

    def seconds_taken(self) -> float:
        """Time on the current question, not counting pauses."""
        paused = self._paused_for
        if self._paused_at is not None:
            paused += self.clock() - self._paused_at
        return max(0.0, self.clock() - self._asked_at - paused)

    def seconds_left(self) -> float | None:
        """Time left on the current question, or None when it has no limit."""
        if self._current is None or self._awaiting_next:
            return None
        limit = self.time_limit_for(self._current.question)
        return None if limit is None else max(0.0, limit - self.seconds_taken())

    def pause_clock(self) -> bool:
        """Stop the question's clock (help, a dialog): practice mode only; True if paused."""
        if self.mode is Mode.TEST or self._paused_at is not None:
            return False
        self._paused_at = self.clock()
        return True

    def resume_clock(self) -> None:
        if self._paused_at is not None:
            self._paused_for += self.clock() - self._paused_at
            self._paused_at = None

    def time_out(self) -> Answer:
        """The time ran out: recorded as unanswered and wrong."""
        asked = self._require_open_question()
        return self._record(asked, None, Grade(False, 0.0), timed_out=True)

    def use_hint(self) -> str:
        """Reveal the hint for the current question; the answer records it."""
        if self._current is None:
            return ""
        self._hint_used = self._hint_used or bool(self._current.question.hint)
        return self._current.question.hint

    # -- answering ----------------------------------------------------------

    def submit(self, response: Response) -> Answer:
        """Grade `response` to the current question and record the answer."""
        asked = self._require_open_question()
        return self._record(asked, response, grade(asked.question, response))

    def skip(self) -> Answer:
        """Give up on the current question: it counts as wrong."""
        asked = self._require_open_question()
        return self._record(asked, None, Grade(False, 0.0), skipped=True)

    @property
    def overrules_allowed(self) -> bool:
        """The teacher lets students overrule (the option wins over the deck's setting)."""
        if self.options.allow_overrule is not None:
            return self.options.allow_overrule
        return self.deck.settings.allow_overrule

    @property
    def can_overrule(self) -> bool:
        """True right after a typed answer marked wrong, in practice mode, when allowed."""
        last = self.last_answer
        return (
            self.overrules_allowed
            and self.mode is Mode.PRACTICE
            and self._awaiting_next
            and last is not None
            and last.can_overrule
        )

    def overrule(self) -> Answer:
        """Mark the last typed answer right because the student says it was.

        Only allowed straight after a wrong typed answer in practice mode,
        when the teacher allows it; the answer is recorded as overruled so a
        teacher can see it.
        """
        last = self.last_answer
        if not self.can_overrule or last is None:
            raise RuntimeError("only a typed answer just marked wrong can be overruled")
        fixed = replace(
            last,
            correct=True,
            credit=1.0,
            overruled=True,
            score=self._score(last.question, 1.0, last.seconds, self._streak_before_last),
        )
        self._history[-1] = fixed
        if last.first_try:
            self._first[last.question.id] = fixed
        self._right_once.add(last.question.id)
        self._queue = [
            (q, retry) for q, retry in self._queue if not (retry and q.id == last.question.id)
        ]
        self.streak = self._streak_before_last
        self._count_streak(True)
        if self.observer:
            self.observer.overruled(fixed)
        return fixed

    def advance(self) -> AskedQuestion | None:
        """Move on after feedback; returns the next question or None at the end."""
        if not self._awaiting_next:
            raise RuntimeError("answer the current question before moving on")
        self._awaiting_next = False
        self._current = self._ask_next()
        if self._current is None:
            self._finished_at = self.clock()
            if self.observer:
                self.observer.finished(self.results())
        return self._current

    @property
    def awaiting_next(self) -> bool:
        """True between an answer and `advance`: feedback is on screen."""
        return self._awaiting_next

    # -- scoring ------------------------------------------------------------

    @property
    def points(self) -> float:
        return sum(a.points for a in self._first.values())

    @property
    def max_points(self) -> float:
        """Points available in the whole round."""
        return sum(q.points for q in self.questions)

    @property
    def points_answered(self) -> float:
        """Points available in the questions answered so far."""
        return sum(a.question.points for a in self._first.values())

    @property
    def elapsed(self) -> float:
        end = self._finished_at if self._finished_at is not None else self.clock()
        return end - self._started

    def results(self) -> RoundResults:
        """The summary of first tries, in the order questions were asked."""
        answers = tuple(self._first[q.id] for q in self.questions if q.id in self._first)
        return RoundResults(
            answers=answers,
            points=sum(a.points for a in answers),
            max_points=sum(a.question.points for a in answers),
            best_streak=self.best_streak,
            seconds=self.elapsed,
            by_topic=_by_topic(answers),
            scoring=self.options.scoring,
        )

    @property
    def score(self) -> float:
        """The game score so far (first tries)."""
        return sum(a.score for a in self._first.values())

    # -- internals ------------------------------------------------------------

    def _require_open_question(self) -> AskedQuestion:
        if self._current is None:
            raise RuntimeError("the round is over")
        if self._awaiting_next:
            raise RuntimeError("this question is already answered; call advance()")
        return self._current

    def _score(
        self, question: Question, credit: float, seconds: float, streak_before: int
    ) -> float:
        return answer_score(
            self.options.scoring,
            points=question.points,
            credit=credit,
            seconds=seconds,
            limit=self.time_limit_for(question),
            streak_before=streak_before,
            streak_bonus=self.options.streak_bonus,
        )

    def _record(
        self,
        asked: AskedQuestion,
        response: Response | None,
        verdict: Grade,
        skipped: bool = False,
        timed_out: bool = False,
    ) -> Answer:
        question = asked.question
        seconds = self.seconds_taken()
        limit = self.time_limit_for(question)
        if limit is not None:
            seconds = min(seconds, limit)
        self.resume_clock()
        answer = Answer(
            question=question,
            response=response,
            correct=verdict.correct,
            credit=verdict.credit,
            seconds=seconds,
            first_try=not asked.retry,
            hint_used=self._hint_used,
            skipped=skipped,
            timed_out=timed_out,
            score=self._score(question, verdict.credit, seconds, self.streak),
        )
        self._keep(answer)
        self._awaiting_next = True
        if self.observer:
            self.observer.answered(answer)
        return answer

    def _replay(self, answer: Answer) -> None:
        """Put back an answer given before the round was interrupted."""
        question = answer.question
        retry = not answer.first_try
        for index, (queued, queued_retry) in enumerate(self._queue):
            if queued.id == question.id and queued_retry == retry:
                del self._queue[index]
                break
        else:
            return  # not part of this round any more (the bank changed)
        self._keep(answer)

    def _keep(self, answer: Answer) -> None:
        """Count an answer: first tries score, misses come back in practice mode."""
        question = answer.question
        self._history.append(answer)
        if answer.first_try:
            self._first[question.id] = answer
        if answer.correct:
            self._right_once.add(question.id)
        elif self.mode is Mode.PRACTICE:
            self._queue.append((question, True))
        self._count_streak(answer.correct)

    def _count_streak(self, correct: bool) -> None:
        self._streak_before_last = self.streak
        self.streak = self.streak + 1 if correct else 0
        self.best_streak = max(self.best_streak, self.streak)

    def _ask_next(self) -> AskedQuestion | None:
        while self._queue:
            question, retry = self._queue.pop(0)
            if retry and question.id in self._right_once:
                continue
            self._hint_used = False
            self._asked_at = self.clock()
            self._paused_at = None
            self._paused_for = 0.0
            return AskedQuestion(
                question,
                self._options_for(question),
                self._number[question.id],
                retry,
                self._blank_options_for(question),
            )
        return None

    def options_for(self, question: Question) -> tuple[str, ...]:
        """Choices (or order items) of `question` as this round shows them (a live room's)."""
        return self._options_for(question)

    def _options_for(self, question: Question) -> tuple[str, ...]:
        """Choices (or order items) in a seeded order of their own per question."""
        rng = random.Random(f"{self.seed}:{self.deck.id}:{question.id}")
        if question.kind is QuestionKind.MATCH:
            return _match_options(question, rng)
        if question.kind is QuestionKind.ORDER:
            items = list(question.items)
            rng.shuffle(items)
            if tuple(items) == question.items:
                items = items[1:] + items[:1]  # never start in the right order
            return tuple(items)
        choices = list(question.choices)
        if question.kind is not QuestionKind.TRUEFALSE and _shuffles(
            self.deck, self.options, "shuffle_choices"
        ):
            rng.shuffle(choices)
        return tuple(choices)

    def _blank_options_for(self, question: Question) -> tuple[tuple[str, ...], ...]:
        """A cloze question's choices per blank, each in a seeded order when choices shuffle."""
        if question.kind is not QuestionKind.CLOZE:
            return ()
        if not _shuffles(self.deck, self.options, "shuffle_choices"):
            return question.blank_choices
        shown = []
        for number, choices in enumerate(question.blank_choices, start=1):
            rng = random.Random(f"{self.seed}:{self.deck.id}:{question.id}:{number}")
            listed = list(choices)
            rng.shuffle(listed)
            shown.append(tuple(listed))
        return tuple(shown)


def _match_options(question: Question, rng: random.Random) -> tuple[str, ...]:
    """A match question's right-hand items, extra ones among them, always shuffled.

    Even with shuffling off they are shuffled (seeded), as order items are: in
    the bank's order they would line up with the left items, giving the answer
    away; nor do they ever start in that order.
    """
    rights = [right for _, right in question.pairs]
    items = rights + list(question.extra)
    rng.shuffle(items)
    if items[: len(rights)] == rights:
        items = items[1:] + items[:1]
    return tuple(items)


def _by_topic(answers: Sequence[Answer]) -> tuple[TopicResult, ...]:
    groups: dict[str, list[Answer]] = {}
    for answer in answers:
        groups.setdefault(answer.question.topic or NO_TOPIC, []).append(answer)
    return tuple(
        TopicResult(
            topic=topic,
            asked=len(group),
            correct=sum(1 for a in group if a.correct),
            points=sum(a.points for a in group),
            max_points=sum(a.question.points for a in group),
        )
        for topic, group in groups.items()
    )
