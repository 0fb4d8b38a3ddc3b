"""A small class's results, played through the engine and the recorder (for the report tests).

Three students, two civics rounds each, and one geography round for Alice, all in
test mode with known answers. The store's clock starts at 09:00 UTC, moves one
hour before each round and one minute before each answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.bank import Deck, load_deck
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store.address import DatabaseAddress
from quizapp.store.recorder import RoundRecorder
from quizapp.store.results import ResultsStore
from tests.conftest import FakeClock
from tests.engines import TestDatabase
from tests.store_helpers.play import StoreClock, fixed_scheduler

Q1_PROMPT = 'Who is 이재명: the “quoted” "president", or, a mayor?'
WRONG_Q1 = 'Premier, "acting"'

CIVICS = f"""\
deck: civics
title: Civics
settings: {{shuffle: false, shuffle_choices: false}}
questions:
  - id: q1
    type: choice
    prompt: '{Q1_PROMPT}'
    choices: [President, '{WRONG_Q1}', Mayor]
    answer: President
    topic: People
  - id: q2
    type: text
    prompt: Name Japan's prime minister.
    answer: [Ishiba]
    topic: People
  - id: q3
    type: number
    prompt: How many years since Xi last visited?
    answer: 11
    unit: years
    topic: Summit
  - id: q4
    type: truefalse
    prompt: Xi accepted the invitation.
    answer: false
    topic: Summit
"""

GEO = """\
deck: geo
title: Geography
questions:
  - id: capital
    type: text
    prompt: What is the capital of South Korea?
    answer: [Seoul]
    topic: Places
"""

SKIP = None
RIGHT = {"q1": "President", "q2": "Ishiba", "q3": "11", "q4": "False"}

ROUNDS: list[tuple[str, str, dict[str, str | None]]] = [
    ("Alice", "geo", {"capital": "Busan"}),
    ("Alice", "civics", {"q1": "President", "q2": "Kishida", "q3": "11", "q4": "False"}),
    ("Bob", "civics", {"q1": WRONG_Q1, "q2": "Kishida", "q3": "12", "q4": "False"}),
    ("Zoë", "civics", dict(RIGHT)),
    ("Alice", "civics", dict(RIGHT)),
    ("Bob", "civics", {"q1": "President", "q2": "Abe", "q3": "11", "q4": "True"}),
    ("Zoë", "civics", {"q1": WRONG_Q1, "q2": SKIP, "q3": "11", "q4": "False"}),
]
"""(student, deck, responses in bank order); None skips."""


@dataclass
class Classroom:
    folder: Path
    """The data folder (`--data-dir`): the SQLite file, unless `database` names a server."""
    decks: dict[str, Deck]
    clock: StoreClock
    database: TestDatabase | None = None
    """The test's database (either engine); None: the SQLite file in `folder`."""
    last_answer: dict[str, dt.datetime] = field(default_factory=dict)
    """Each student's latest answer time."""
    first_answer: dict[str, dt.datetime] = field(default_factory=dict)
    """Each student's last answer in their first round (Alice's is her only geography round)."""
    finished: dict[str, list[dt.datetime]] = field(default_factory=dict)
    """When each student's civics rounds finished."""

    @property
    def where(self) -> Path | DatabaseAddress:
        """What `ResultsStore.open` takes for this class's results."""
        return self.database.where if self.database is not None else self.folder

    @property
    def cli_args(self) -> list[str]:
        """What `quizapp report` takes to read this class's results."""
        if self.database is not None:
            return self.database.cli_args
        return ["--data-dir", str(self.folder)]

    def store(self) -> ResultsStore:
        return ResultsStore.open(self.where, now=self.clock, scheduler=fixed_scheduler())


def play_round(
    classroom: Classroom,
    store: ResultsStore,
    name: str,
    deck_id: str,
    responses: dict[str, str | None],
) -> None:
    deck = classroom.decks[deck_id]
    classroom.clock.advance(hours=1)
    session = QuizSession(
        deck, RoundOptions(mode=Mode.TEST, shuffle=False), seed=1, clock=FakeClock()
    )
    recorder = RoundRecorder(store, store.student(name), session)
    session.observer = recorder
    for question_id, response in responses.items():
        assert session.current is not None and session.current.question.id == question_id
        classroom.clock.advance(minutes=1)
        if response is None:
            session.skip()
        else:
            session.submit(response)
        classroom.last_answer[name] = classroom.clock.now
        session.advance()
    assert session.finished
    classroom.first_answer.setdefault(name, classroom.clock.now)
    if deck_id == "civics":
        classroom.finished.setdefault(name, []).append(classroom.clock.now)


def fill_classroom(tmp_path: Path, database: TestDatabase | None = None) -> Classroom:
    """The class's rounds, in `database` (either engine), else in `tmp_path/class-data`."""
    banks = tmp_path / "banks"
    banks.mkdir()
    (banks / "civics.yaml").write_text(CIVICS, encoding="utf-8")
    (banks / "geo.yaml").write_text(GEO, encoding="utf-8")
    decks = {d: load_deck(banks / f"{d}.yaml") for d in ("civics", "geo")}
    assert decks["civics"].questions[0].prompt == Q1_PROMPT
    folder = database.folder if database is not None else tmp_path / "class-data"
    classroom = Classroom(folder, decks, StoreClock(), database)
    store = classroom.store()
    for deck in decks.values():
        store.sync_deck(deck)
    for name, deck_id, responses in ROUNDS:
        play_round(classroom, store, name, deck_id, responses)
    store.close()
    return classroom
