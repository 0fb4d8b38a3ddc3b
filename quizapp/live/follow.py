"""A student's view of a live room, read whole each time the room changes (no Textual).

`quizapp join` shows whatever the room is doing now: the lobby, the open
question (or "answer in" once this student has answered it, after a
reconnect too), the reveal with this student's own verdict, or the end with
their score. `RoomFollower.read` builds that from the store in one go
(`RoomView`), and `RoomFollower.changed` waits, on the caller's thread, for
the room's next change (`quizapp.live.wake`): the screen's worker thread
calls both, never the UI thread.

A view holds the question only as `student_question` builds it from the
room's public part: no answer field is ever set before the reveal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quizapp.bank.model import Question
from quizapp.engine.grading import Response
from quizapp.live.player import LivePlayer, Verdict
from quizapp.live.public import student_question
from quizapp.live.tally import Tally
from quizapp.live.wake import RoomWatcher
from quizapp.store import rooms
from quizapp.store.results import ResultsStore
from quizapp.store.rooms import Phase, RoomState
from quizapp.text.names import BadName


class JoinFailed(Exception):
    """The student could not join; the message is one line for the join screen."""


@dataclass(frozen=True)
class Score:
    """This student's live round at the end."""

    answered: int
    right: int
    points: float
    max_points: float


@dataclass(frozen=True)
class RoomView:
    """One reading of the room as this student may see it."""

    state: RoomState
    question: Question | None
    """The current question's public part (no answer), or None in the lobby."""
    given: Response | None
    """What this student gave to the current question (None: nothing yet)."""
    verdict: Verdict | None
    """The host's grading of it, once revealed."""
    tally: Tally | None
    """How the room did, once revealed (None for a skipped question)."""
    score: Score | None
    """This student's round, once the room has ended."""
    gone: bool = False
    """The room is no longer in the store at all."""

    @property
    def phase(self) -> Phase:
        return self.state.phase

    @property
    def ended(self) -> bool:
        return self.gone or self.state.phase is Phase.ENDED

    def seconds_left(self, now: dt.datetime) -> float | None:
        """Time left to answer a timed question (frozen while paused); None when untimed."""
        closes = self.state.closes_at
        if not closes or self.state.phase not in (Phase.OPEN, Phase.PAUSED):
            return None
        at = now
        if self.state.phase is Phase.PAUSED and self.state.paused_at:
            at = dt.datetime.fromisoformat(self.state.paused_at)
        return max(0.0, (dt.datetime.fromisoformat(closes) - at).total_seconds())


def join_room(store: ResultsStore, typed_code: str, name: str) -> LivePlayer:
    """Join (or rejoin) a room; raises `JoinFailed` with the one line the student reads."""
    code = rooms.normal_code(typed_code)
    if not code:
        raise JoinFailed("Type the room code your teacher shows (four letters).")
    try:
        return LivePlayer.join(store, code, name)
    except rooms.RoomGone:
        if rooms.room_version(store, code) is None:
            raise JoinFailed(f"No room has the code {code}: check it with your teacher.") from None
        raise JoinFailed(f"Room {code} has ended: the teacher has closed it.") from None
    except rooms.JoinRefused as refused:
        raise JoinFailed(str(refused)) from None
    except BadName as error:
        raise JoinFailed(f"That name will not do: {error}.") from None


class RoomFollower:
    """Reads one student's view of the room, and waits for it to change."""

    def __init__(self, player: LivePlayer) -> None:
        self.player = player
        self.watcher = RoomWatcher(player.store, player.code)
        self.version: int | None = None
        """The room's version the last view was read at."""

    def read(self) -> RoomView:
        """The room as it stands, for this student."""
        player = self.player
        try:
            state = player.state()
        except rooms.RoomGone:
            return self._gone()
        self.version = state.version
        question = student_question(state.question) if state.question else None
        given = player.my_response(state) if question is not None else None
        verdict = tally = None
        if state.phase is Phase.REVEALED:
            verdict = player.verdict(state)
            tally = LivePlayer.tally(state)
        score = self.score() if state.phase is Phase.ENDED else None
        return RoomView(state, question, given, verdict, tally, score)

    def changed(self, timeout: float) -> RoomView | None:
        """The room's new view once it changes (None if it did not within `timeout`)."""
        seen = self.version if self.version is not None else -1
        version = self.watcher.wait(seen, timeout)
        if version == seen:
            return None
        return self.read()

    def score(self) -> Score:
        """Answers, right ones and points of this student's live round."""
        uid = self.player.player.attempt_uid
        rows = self.player.store.query(
            "SELECT COUNT(*), SUM(CASE WHEN a.correct != 0 THEN 1 ELSE 0 END), SUM(a.score) "
            "FROM answers a JOIN attempts t ON t.id = a.attempt_id "
            "WHERE t.uid = ? AND a.first_try = 1",
            (uid,),
        )
        answered, right, points = rows[0] if rows else (0, 0, 0.0)
        total = self.player.store.query("SELECT max_points FROM attempts WHERE uid = ?", (uid,))
        max_points = float(total[0][0]) if total and total[0][0] is not None else 0.0
        return Score(int(answered or 0), int(right or 0), float(points or 0.0), max_points)

    def _gone(self) -> RoomView:
        state = RoomState(
            code=self.player.code,
            deck_id="",
            title="",
            phase=Phase.ENDED,
            position=0,
            count=0,
            question=None,
            reveal=None,
            version=-1,
            closes_at=None,
            paused_at=None,
            options={},
            roster=(),
            answers_in=0,
            players=0,
        )
        return RoomView(state, None, None, None, None, None, gone=True)

    def close(self) -> None:
        self.watcher.close()
