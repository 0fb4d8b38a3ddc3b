"""The teacher's side of a live room: open a question for everyone, reveal, move on, sum up.

`LiveHost` holds the bank (so the answers) and is the only process that
grades: at the reveal it grades every response given in the room and
records each as a normal answer of the student's `live` round, with a uid
made from the room, the question and the student, so a host that died and
was resumed (`LiveHost.resume`) can reveal again without counting anything
twice. All of it is plain, blocking store work: the host's screen calls it
from a worker thread.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from quizapp.bank.model import Deck, Question
from quizapp.engine.grading import grade
from quizapp.engine.session import Answer, QuizSession, RoundOptions, choose_questions
from quizapp.live.public import LIVE_KINDS, public_question
from quizapp.live.tally import Tally, tally
from quizapp.store import rooms
from quizapp.store.clock import Now, stamp, utc_now
from quizapp.store.records import decode_response
from quizapp.store.results import ResultsStore
from quizapp.store.rooms import Phase, RoomState
from quizapp.store.writes import FinishAttempt, RecordAnswer


class NoLiveQuestions(Exception):
    """The deck has no question a live room can ask."""


@dataclass(frozen=True)
class QuestionSummary:
    """One question at the end: how much of the class got it right at the first try."""

    question_id: str
    prompt: str
    answered: int
    right: int

    @property
    def share(self) -> float:
        return self.right / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class Ranking:
    name: str
    points: float


class LiveHost:
    """One room, driven by the teacher's keys."""

    def __init__(
        self,
        store: ResultsStore,
        deck: Deck,
        code: str,
        questions: list[Question],
        seed: int,
        options: RoundOptions,
        now: Now = utc_now,
    ) -> None:
        self.store = store
        self.deck = deck
        self.code = code
        self.questions = questions
        self.seed = seed
        self.options = options
        self.now = now
        # The room's own round, for the seeded order of each question's choices.
        self._round = QuizSession(deck, options, questions=questions, seed=seed)

    # -- opening and resuming ---------------------------------------------------------------

    @classmethod
    def open(
        cls,
        store: ResultsStore,
        deck: Deck,
        options: RoundOptions,
        seed: int,
        *,
        roster: tuple[str, ...] = (),
        leaderboard: bool = False,
        now: Now = utc_now,
    ) -> LiveHost:
        """A new room over the deck's questions a live room can ask; raises NoLiveQuestions."""
        # --limit counts the questions a room can ask: cloze and match are left out first.
        chosen = choose_questions(deck, replace(options, limit=None), seed)
        questions = [q for q in chosen if q.kind in LIVE_KINDS][: options.limit]
        if not questions:
            raise NoLiveQuestions(
                f"'{deck.title}' has no choice, true/false, multi, text, number or order "
                "question to ask a live room"
            )
        store.sync_deck(deck)
        code = rooms.create_room(
            store,
            deck_id=deck.id,
            title=deck.title,
            seed=seed,
            order=tuple(q.id for q in questions),
            options={**options.saved(), "leaderboard": leaderboard},
            roster=roster,
            at=stamp(now()),
        )
        return cls(store, deck, code, questions, seed, options, now)

    @classmethod
    def resume(
        cls, store: ResultsStore, decks: list[Deck], code: str, now: Now = utc_now
    ) -> LiveHost:
        """Take up a room where it was (after the host's process died); raises RoomGone."""
        state = rooms.read_room(store, code)
        if state.phase is Phase.ENDED:
            raise rooms.RoomGone(code)
        deck = next((d for d in decks if d.id == state.deck_id), None)
        if deck is None:
            raise LookupError(
                f"room {code} plays deck '{state.deck_id}', which is not among the banks given"
            )
        by_id = {q.id: q for q in deck.questions}
        order = state.order
        missing = [qid for qid in order if qid not in by_id]
        if missing:
            raise LookupError(
                f"room {code} asks questions no longer in '{deck.title}': {', '.join(missing)}"
            )
        saved = {k: v for k, v in state.options.items() if k != "leaderboard"}
        options = RoundOptions.from_saved(saved)
        return cls(store, deck, code, [by_id[q] for q in order], state.seed, options, now)

    # -- the teacher's keys ------------------------------------------------------------------

    def state(self) -> RoomState:
        return rooms.read_room(self.store, self.code)

    def options_for(self, question: Question) -> tuple[str, ...]:
        """Choices (or order items) in the room's seeded order: what everyone sees."""
        return self._round.options_for(question)

    def open_question(self, position: int) -> RoomState:
        """Show the question at `position` to everyone, its clock starting now."""
        question = self.questions[position]
        now = self.now()
        limit = question.time_limit or self.options.time_limit
        closes = stamp(now + dt.timedelta(seconds=limit)) if limit else None
        shown = public_question(question, self.options_for(question), position, len(self.questions))
        if limit:
            shown["time_limit"] = limit
        rooms.set_question(self.store, self.code, position, shown, at=stamp(now), closes_at=closes)
        return self.state()

    def next_question(self) -> RoomState | None:
        """The next question, or None after the last one (then `end`)."""
        position = self.state().position + 1
        if position >= len(self.questions):
            return None
        return self.open_question(position)

    def pause(self) -> None:
        """Stop the clock: answers wait until the teacher goes on."""
        state = self.state()
        if state.phase is Phase.OPEN:
            now = stamp(self.now())
            rooms.set_phase(self.store, self.code, Phase.PAUSED, at=now, paused_at=now)

    def go_on(self) -> None:
        """After a pause: the question is open again, its clock given back the time paused."""
        state = self.state()
        if state.phase is not Phase.PAUSED:
            return
        now = self.now()
        closes = state.closes_at
        if closes and state.paused_at:
            paused_for = now - dt.datetime.fromisoformat(state.paused_at)
            closes = stamp(dt.datetime.fromisoformat(closes) + paused_for)
        rooms.set_phase(
            self.store, self.code, Phase.OPEN, at=stamp(now), closes_at=closes, paused_at=None
        )

    def reveal(self) -> Tally:
        """Close the question, grade every response, record them, and show how the room did."""
        rooms.close_answers(self.store, self.code)  # first: no response can come in unseen
        state = self.state()
        question = self.questions[state.position]
        given = rooms.responses(self.store, self.code, state.position)
        attempts = {p.student_id: p.attempt_uid for p in rooms.players(self.store, self.code)}
        graded = []
        at = self.now()
        for response in given:
            value = decode_response(response.response)
            if value is None:
                continue
            verdict = grade(question, value)
            graded.append((value, verdict))
            attempt = attempts.get(response.student_id)
            if attempt is None:
                continue
            answer = Answer(
                question=question,
                response=value,
                correct=verdict.correct,
                credit=verdict.credit,
                seconds=response.ms / 1000,
                first_try=True,
                score=verdict.credit * question.points,
            )
            write = RecordAnswer.of(attempt, self.deck.id, answer, at)
            self.store.apply(
                replace(write, uid=f"live-{self.code}-{state.position}-{response.student_id}")
            )
        result = tally(question, self.options_for(question), graded)
        rooms.set_phase(
            self.store,
            self.code,
            Phase.REVEALED,
            at=stamp(at),
            reveal=result.to_json(),
            closes_at=None,
            paused_at=None,
        )
        return result

    def skip(self) -> None:
        """Leave this question out: nothing given to it counts, the room moves on."""
        rooms.set_phase(
            self.store,
            self.code,
            Phase.REVEALED,
            at=stamp(self.now()),
            reveal={"skipped": True},
            closes_at=None,
            paused_at=None,
        )

    def end(self) -> list[QuestionSummary]:
        """Close the room: every student's live round is finished with its points.

        Out of the questions the room reached: a room ended early does not score
        its students against questions they were never asked.
        """
        at = stamp(self.now())
        totals = {r.name: r.points for r in self.ranking()}
        reached = self.questions[: self.state().position + 1]
        max_points = sum(q.points for q in reached)
        for player in rooms.players(self.store, self.code):
            self.store.apply(
                FinishAttempt(player.attempt_uid, totals.get(player.name, 0.0), max_points, at)
            )
        rooms.set_phase(self.store, self.code, Phase.ENDED, at=at)
        return self.summary()

    # -- what the room did -------------------------------------------------------------------

    def summary(self) -> list[QuestionSummary]:
        """First-try share per question asked, hardest first."""
        counts = {
            r["question_id"]: (int(r["answered"]), int(r["right_count"]))
            for r in self.store.query(
                "SELECT a.question_id, COUNT(*) AS answered, "
                "SUM(CASE WHEN a.correct != 0 THEN 1 ELSE 0 END) AS right_count "
                "FROM answers a JOIN room_players p ON p.attempt_uid = "
                "(SELECT t.uid FROM attempts t WHERE t.id = a.attempt_id) "
                "WHERE p.code = ? AND a.first_try = 1 GROUP BY a.question_id",
                (self.code,),
            )
        }
        place = {q.id: n for n, q in enumerate(self.questions)}
        rows = [
            QuestionSummary(q.id, q.prompt, *counts[q.id]) for q in self.questions if q.id in counts
        ]
        return sorted(rows, key=lambda r: (r.share, place[r.question_id]))

    def ranking(self) -> list[Ranking]:
        """Points per student, most first (shown only with --leaderboard)."""
        rows = self.store.query(
            "SELECT s.name, SUM(a.score) AS points FROM room_players p "
            "JOIN students s ON s.id = p.student_id "
            "JOIN attempts t ON t.uid = p.attempt_uid "
            "LEFT JOIN answers a ON a.attempt_id = t.id AND a.first_try = 1 "
            "WHERE p.code = ? GROUP BY s.id, s.name ORDER BY points DESC, s.name",
            (self.code,),
        )
        return [Ranking(r[0], float(r[1] or 0.0)) for r in rows]
