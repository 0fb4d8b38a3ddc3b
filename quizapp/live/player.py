"""A student's side of a live room: join by code, answer the open question once, see the verdict.

The student's process never has the bank: it draws the question from what
the room publishes (`quizapp.live.public`), sends one response while the
question is open, and learns whether it was right only from the host's
grading at the reveal (its own answer row, and the room's tally). Joining
again (a reconnect, a new tab) finds the same round and the response
already given, so nothing is asked twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.engine.grading import Response
from quizapp.engine.session import Mode, RoundKind
from quizapp.live.tally import Tally
from quizapp.store import rooms
from quizapp.store.clock import Now, stamp, utc_now
from quizapp.store.records import decode_response, encode_response
from quizapp.store.results import ResultsStore
from quizapp.store.rooms import Phase, RoomState
from quizapp.store.writes import StartAttempt, new_uid
from quizapp.text.names import clean_name, name_key


@dataclass(frozen=True)
class Verdict:
    """How the host graded this student's response, after the reveal."""

    correct: bool
    credit: float
    answered: bool
    """False when the student gave nothing to this question."""


class LivePlayer:
    """One student in one room."""

    def __init__(
        self, store: ResultsStore, code: str, player: rooms.Player, now: Now = utc_now
    ) -> None:
        self.store = store
        self.code = code
        self.player = player
        self.now = now

    @classmethod
    def join(
        cls, store: ResultsStore, typed_code: str, name: str, now: Now = utc_now
    ) -> LivePlayer:
        """Join the room (again): raises RoomGone, JoinRefused, or BadName for the name."""
        code = rooms.normal_code(typed_code)
        state = rooms.read_room(store, code)
        if state.phase is Phase.ENDED:
            raise rooms.RoomGone(code)
        cleaned = clean_name(name)
        if state.roster:
            listed = {name_key(n): n for n in state.roster}
            if name_key(cleaned) not in listed:
                raise rooms.JoinRefused(
                    f"{cleaned} is not on this room's class list; ask the teacher, or type your "
                    "name as it is on the list"
                )
            cleaned = clean_name(listed[name_key(cleaned)])  # the teacher's spelling, as in play
        student = store.student(cleaned)
        known = store.query(
            "SELECT attempt_uid FROM room_players WHERE code = ? AND student_id = ?",
            (code, student.id),
        )
        if known:
            attempt_uid = known[0][0]
        else:
            start = StartAttempt(
                uid=new_uid(),
                student=cleaned,
                deck_id=state.deck_id,
                round_kind=RoundKind.LIVE.value,
                mode=Mode.TEST.value,
                seed=state.seed,
                order=state.order,
                scoring=str(state.options.get("scoring", "flat")),
                options={**state.options, "room": code},
                at=stamp(now()),
            )
            store.apply(start)
            attempt_uid = start.uid
        player = rooms.add_player(store, code, student.id, attempt_uid, stamp(now()))
        return cls(store, code, player, now)

    def state(self) -> RoomState:
        return rooms.read_room(self.store, self.code)

    def answer(self, state: RoomState, response: Response, seconds: float) -> bool:
        """Send the response to the open question; False if it no longer counts (or twice)."""
        if state.question is None:
            return False
        encoded = encode_response(response)
        assert encoded is not None
        return rooms.respond(
            self.store,
            self.code,
            state.position,
            self.player.student_id,
            str(state.question["id"]),
            encoded,
            round(seconds * 1000),
            stamp(self.now()),
        )

    def my_response(self, state: RoomState) -> Response | None:
        """What this student already gave to the current question (after a reconnect too)."""
        stored = rooms.own_response(self.store, self.code, state.position, self.player.student_id)
        return decode_response(stored) if stored else None

    def verdict(self, state: RoomState) -> Verdict:
        """The host's grading of this student's response to the revealed question."""
        if state.question is None:
            return Verdict(False, 0.0, False)
        rows = self.store.query(
            "SELECT a.correct, a.credit FROM answers a JOIN attempts t ON t.id = a.attempt_id "
            "WHERE t.uid = ? AND a.question_id = ? ORDER BY a.id LIMIT 1",
            (self.player.attempt_uid, str(state.question["id"])),
        )
        if not rows:
            return Verdict(False, 0.0, False)
        return Verdict(bool(rows[0][0]), float(rows[0][1]), True)

    @staticmethod
    def tally(state: RoomState) -> Tally | None:
        """The room's tally, once revealed (None while open, or for a skipped question)."""
        if state.reveal is None or state.reveal.get("skipped"):
            return None
        return Tally.from_json(state.reveal)
