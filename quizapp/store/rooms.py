"""Live rooms in the results store: the room's shared state, its players and their responses.

A live room (`quizapp host`) is shared by processes that never talk to each
other directly: the teacher's host, students in terminals on a shared folder
(SQLite), students in served tabs on several hosts (PostgreSQL). So the room
*is* rows in the store, and every change is one transaction that also bumps
the room's `version`: a student's process learns of a change by reading that
one small row (a short poll on SQLite) or by a NOTIFY (PostgreSQL,
`quizapp.live.wake`).

What students read of the current question (`question`) is written without
its answer; the answer, the explanation and the class's distribution
(`reveal`) are written only at the reveal. Responses are accepted only while
the room is open on that question, once per student (the primary key), and
are graded by the host at the reveal, which then records each of them as a
normal answer of the student's `live` round (`quizapp.live.host`).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from quizapp.store.results import ResultsStore

CODE_LETTERS = "ACDEFHJKLMNPRTUVWXY"
"""Letters of a room code: none that is easily misread as a digit or misheard as another
letter when read aloud (B/8, G/6, I/1, O/0, Q, S/5, Z/2 are left out)."""
CODE_LENGTH = 4
NOTIFY_CHANNEL = "quizapp_rooms"
"""PostgreSQL channel told the code of a room whenever it changes."""


class Phase(StrEnum):
    LOBBY = "lobby"
    """Open for joining; no question shown yet."""
    OPEN = "open"
    """A question is up and answers are taken."""
    REVEALED = "revealed"
    """The answer and the class's distribution are shown; no more answers."""
    PAUSED = "paused"
    """The teacher paused: the question stays up, its clock stops, answers wait."""
    ENDED = "ended"


class RoomGone(Exception):
    """No open room has that code."""


class JoinRefused(Exception):
    """The room's roster does not have that name (the message says so, for the student)."""


@dataclass(frozen=True)
class RoomState:
    """One reading of a room: enough for any screen to draw itself."""

    code: str
    deck_id: str
    title: str
    phase: Phase
    position: int
    """The question's index in the room's order (-1 before the first)."""
    count: int
    """Questions in the room's order."""
    question: dict[str, Any] | None
    """What students may see of the current question (never its answer)."""
    reveal: dict[str, Any] | None
    """The answer and the distribution, once revealed."""
    version: int
    closes_at: str | None
    paused_at: str | None
    options: dict[str, Any]
    roster: tuple[str, ...]
    answers_in: int
    """Responses to the current question so far."""
    players: int
    seed: int = 0
    """The teacher's seed: the order of every question's choices."""
    order: tuple[str, ...] = ()
    """The question ids, in the order the room asks them."""


@dataclass(frozen=True)
class Player:
    student_id: int
    name: str
    attempt_uid: str


@dataclass(frozen=True)
class Response:
    """One student's response to the question at `position`, as given (not yet graded)."""

    student_id: int
    name: str
    question_id: str
    response: str
    """`quizapp.store.records.encode_response` of what was given."""
    ms: int
    answered_at: str


def new_code(taken: set[str]) -> str:
    """Four letters, easy to read aloud, not among `taken` (the open rooms')."""
    while True:
        code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def normal_code(typed: str) -> str:
    """A code as a student types it: any case, spaces and dashes ignored."""
    return "".join(c for c in typed.upper() if c.isalnum())


def _notify(db: Any, code: str) -> None:
    """Wake every process waiting on this room (PostgreSQL; SQLite's readers poll)."""
    if db.dialect.name == "postgresql":
        db.execute("SELECT pg_notify(?, ?)", (NOTIFY_CHANNEL, code))


def _changed(db: Any, code: str) -> None:
    db.execute("UPDATE rooms SET version = version + 1 WHERE code = ?", (code,))
    _notify(db, code)


def create_room(
    store: ResultsStore,
    *,
    deck_id: str,
    title: str,
    seed: int,
    order: tuple[str, ...],
    options: dict[str, Any],
    roster: tuple[str, ...],
    at: str,
) -> str:
    """A new room in the lobby; returns its code (unique among rooms not ended)."""
    with store._transaction() as db:
        taken = {r[0] for r in db.execute("SELECT code FROM rooms").fetchall()}
        code = new_code(taken)
        db.execute(
            "INSERT INTO rooms (code, deck_id, title, seed, question_order, options, roster, "
            "phase, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                code,
                deck_id,
                title,
                seed,
                json.dumps(list(order)),
                json.dumps(options),
                json.dumps(list(roster), ensure_ascii=False),
                Phase.LOBBY.value,
                at,
            ),
        )
        _notify(db, code)
    return code


def read_room(store: ResultsStore, code: str) -> RoomState:
    """The room as it stands; raises `RoomGone` when there is none with that code."""
    rows = store.query("SELECT * FROM rooms WHERE code = ?", (code,))
    if not rows:
        raise RoomGone(code)
    row = rows[0]
    position = int(row["position"])
    answers_in = store.query(
        "SELECT COUNT(*) FROM room_responses WHERE code = ? AND position = ?", (code, position)
    )[0][0]
    players = store.query("SELECT COUNT(*) FROM room_players WHERE code = ?", (code,))[0][0]
    order = json.loads(row["question_order"])
    return RoomState(
        code=code,
        deck_id=row["deck_id"],
        title=row["title"],
        phase=Phase(row["phase"]),
        position=position,
        count=len(order),
        question=json.loads(row["question"]) if row["question"] else None,
        reveal=json.loads(row["reveal"]) if row["reveal"] else None,
        version=int(row["version"]),
        closes_at=row["closes_at"],
        paused_at=row["paused_at"],
        options=json.loads(row["options"] or "{}"),
        roster=tuple(json.loads(row["roster"] or "[]")),
        answers_in=int(answers_in),
        players=int(players),
        seed=int(row["seed"]),
        order=tuple(order),
    )


def room_version(store: ResultsStore, code: str) -> int | None:
    """The room's change counter (None: no such room): the one value a waiting student polls."""
    rows = store.query("SELECT version FROM rooms WHERE code = ?", (code,))
    return int(rows[0][0]) if rows else None


def open_rooms(store: ResultsStore) -> list[str]:
    """Codes of rooms not ended, newest first."""
    rows = store.query(
        "SELECT code FROM rooms WHERE phase != ? ORDER BY created_at DESC", (Phase.ENDED.value,)
    )
    return [r[0] for r in rows]


def add_player(
    store: ResultsStore, code: str, student_id: int, attempt_uid: str, at: str
) -> Player:
    """Put a student in the room (again, after a reconnect: the same round goes on)."""
    with store._transaction() as db:
        room = db.execute("SELECT phase FROM rooms WHERE code = ?", (code,)).fetchone()
        if room is None or room[0] == Phase.ENDED.value:
            raise RoomGone(code)
        db.execute(
            "INSERT INTO room_players (code, student_id, attempt_uid, joined_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (code, student_id) DO NOTHING",
            (code, student_id, attempt_uid, at),
        )
        row = db.execute(
            "SELECT p.attempt_uid, s.name FROM room_players p JOIN students s "
            "ON s.id = p.student_id WHERE p.code = ? AND p.student_id = ?",
            (code, student_id),
        ).fetchone()
        _changed(db, code)
    return Player(student_id, row[1], row[0])


def players(store: ResultsStore, code: str) -> list[Player]:
    """Who has joined, in the order they came."""
    rows = store.query(
        "SELECT p.student_id, s.name, p.attempt_uid FROM room_players p JOIN students s "
        "ON s.id = p.student_id WHERE p.code = ? ORDER BY p.joined_at, s.name_key",
        (code,),
    )
    return [Player(int(r[0]), r[1], r[2]) for r in rows]


def set_question(
    store: ResultsStore,
    code: str,
    position: int,
    question: dict[str, Any],
    *,
    at: str,
    closes_at: str | None,
) -> None:
    """Open the question at `position` for everyone (its public part only)."""
    with store._transaction() as db:
        db.execute(
            "UPDATE rooms SET phase = ?, position = ?, question = ?, reveal = NULL, "
            "accepting = 1, opened_at = ?, closes_at = ?, paused_at = NULL WHERE code = ?",
            (
                Phase.OPEN.value,
                position,
                json.dumps(question, ensure_ascii=False),
                at,
                closes_at,
                code,
            ),
        )
        _changed(db, code)


LATE_GRACE = dt.timedelta(seconds=2)
"""How long after a timed question's clock ran out a response still counts: the student's
screen stops taking answers at zero, and one sent just then may take a moment to arrive."""


def respond(
    store: ResultsStore,
    code: str,
    position: int,
    student_id: int,
    question_id: str,
    response: str,
    ms: int,
    at: str,
) -> bool:
    """Take a student's response: True if it counts.

    Refused (False) unless the room is open and taking answers on that very
    question, after its clock ran out, and for a second response of the same
    student: the first one stands. The room's row is locked while the
    response goes in, so a reveal (`close_answers` first) never misses one
    that was taken.
    """
    with store._transaction() as db:
        room = db.execute(
            f"SELECT phase, position, accepting, closes_at FROM rooms WHERE code = ?"
            f"{db.dialect.lock_row}",
            (code,),
        ).fetchone()
        if room is None or room[0] != Phase.OPEN.value or int(room[1]) != position:
            return False
        if not room[2]:
            return False
        if room[3] and dt.datetime.fromisoformat(at) > (
            dt.datetime.fromisoformat(room[3]) + LATE_GRACE
        ):
            return False
        taken = db.execute(
            "INSERT INTO room_responses (code, position, student_id, question_id, response, ms, "
            "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (code, position, student_id) DO NOTHING",
            (code, position, student_id, question_id, response, ms, at),
        ).rowcount
        if taken:
            _changed(db, code)
    return bool(taken)


def close_answers(store: ResultsStore, code: str) -> None:
    """No more responses to the open question: the host grades only once this is done.

    On PostgreSQL the update waits for a response being taken at this moment
    (it holds the room's row), so every response is either in or refused.
    """
    with store._transaction() as db:
        db.execute("UPDATE rooms SET accepting = 0 WHERE code = ?", (code,))


def own_response(store: ResultsStore, code: str, position: int, student_id: int) -> str | None:
    """What this student gave to the question at `position` (None: nothing yet)."""
    rows = store.query(
        "SELECT response FROM room_responses WHERE code = ? AND position = ? AND student_id = ?",
        (code, position, student_id),
    )
    return rows[0][0] if rows else None


def responses(store: ResultsStore, code: str, position: int) -> list[Response]:
    """Every response to the question at `position`, first given first."""
    rows = store.query(
        "SELECT r.student_id, s.name, r.question_id, r.response, r.ms, r.answered_at "
        "FROM room_responses r JOIN students s ON s.id = r.student_id "
        "WHERE r.code = ? AND r.position = ? ORDER BY r.answered_at, s.name_key",
        (code, position),
    )
    return [Response(int(r[0]), r[1], r[2], r[3], int(r[4]), r[5]) for r in rows]


def set_phase(store: ResultsStore, code: str, phase: Phase, *, at: str, **values: Any) -> None:
    """Pause, go on, reveal (with `reveal=` JSON) or end the room.

    Responses are taken only while the room is open (going on after a pause opens it again).
    """
    sets = ["phase = ?", "accepting = ?"]
    parameters: list[Any] = [phase.value, int(phase is Phase.OPEN)]
    for column in ("reveal", "closes_at", "paused_at", "ended_at"):
        if column in values:
            value = values[column]
            sets.append(f"{column} = ?")
            parameters.append(
                json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
            )
    if phase is Phase.ENDED and "ended_at" not in values:
        sets.append("ended_at = ?")
        parameters.append(at)
    with store._transaction() as db:
        db.execute(f"UPDATE rooms SET {', '.join(sets)} WHERE code = ?", (*parameters, code))
        _changed(db, code)
