"""Hostile text, and a results store whose rows carry it (for tests/test_hostile_output.py).

quizapp cleans a student's name before storing it and refuses a bank with
control characters, so a store holding such text was written by something
else: an older quizapp, another tool, or someone editing the file. The
store here is made the way quizapp makes one (`ResultsStore`, a round
played through the engine and the recorder), and then its rows are
rewritten with plain SQL, as such a writer would.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from quizapp.bank import load_deck
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store.recorder import RoundRecorder
from quizapp.store.results import Now, ResultsStore, utc_now
from tests.conftest import FakeClock

OSC52 = "\x1b]52;c;cHduZWQ=\x07"
"""Writes `pwned` to the clipboard of the terminal that shows it."""
TITLE = "\x1b]0;PWNED\x07"
"""Sets the window title."""
CLEAR = "\x1b[2Jwipe"
"""Clears the screen (followed by a word, so the raw form cannot be the app's own clear)."""
C1_CSI = "\x9b31m"
"""The one-byte CSI: turns the text red on terminals that take C1 controls."""
RLO = "\u202e"
"""Right-to-left override: what follows is shown reversed."""
BELL = "ring\x07"
"""A BEL, with a word before it so the raw form is ours."""
LONE_CR = "left\rright"
"""A carriage return: `right` would overwrite `left`."""

TERMINAL_PAYLOADS = (OSC52, TITLE, CLEAR, C1_CSI, RLO, BELL, LONE_CR)

RAW_SEQUENCES = {
    "OSC 52 clipboard write": b"\x1b]52",
    "OSC 0 window title": b"\x1b]0;PWNED",
    "CSI clear screen": b"\x1b[2Jwipe",
    "C1 CSI": b"\xc2\x9b",
    "right-to-left override": b"\xe2\x80\xae",
    "BEL": b"ring\x07",
    "lone CR": b"left\rright",
}
"""Each payload as a terminal would receive it raw: none of these may appear in what we write."""


SHOWN = {
    OSC52: "␛]52;c;cHduZWQ=␇",
    TITLE: "␛]0;PWNED␇",
    CLEAR: "␛[2Jwipe",
    C1_CSI: "\ufffd31m",
    RLO: "",
    BELL: "ring␇",
    LONE_CR: "left␍right",
}
"""Each payload as a person sees it: control pictures, � for a C1 control, the override dropped."""


def hostile(label: str) -> str:
    """`label` followed by every terminal payload: one string that tries everything."""
    return label + "".join(TERMINAL_PAYLOADS)


def shown(label: str) -> str:
    """`hostile(label)` as the screen, the report and the CSV show it (written out by hand)."""
    return label + "".join(SHOWN[payload] for payload in TERMINAL_PAYLOADS)


FORMULAS = (
    '=HYPERLINK("http://evil.example","x")',
    "=1+1",
    "+SUM(A1)",
    "@cmd",
    "\tTAB",
    "\rCR",
    "-2+3",
    " =1+1",
    RLO + "=1+1",
)
"""Cells a spreadsheet would run (OWASP's triggers, after spaces or an invisible override too)."""
NUMBER = "-5"
"""A plain number: it must stay a number in a sheet."""

HOSTILE_NAME = hostile("Eve")
HOSTILE_PROMPT = hostile("Which one? ")
HOSTILE_ANSWER = hostile("Wrong")
HOSTILE_TITLE = hostile("Deck")
HOSTILE_TOPIC = hostile("Topic")

BANK = "deck: hostile\ntitle: Plain title\nsettings: {shuffle: false, shuffle_choices: false}\nquestions:\n"


def _bank(question_count: int) -> str:
    questions = "".join(
        f"  - {{id: q{n}, type: text, prompt: Plain prompt {n}, answer: right}}\n"
        for n in range(question_count)
    )
    return BANK + questions


@dataclass(frozen=True)
class HostileRows:
    """What the store ended up holding, so a test can compare what it is shown."""

    folder: Path
    names: tuple[str, ...]
    """Every student's stored name, the first one `HOSTILE_NAME`."""
    prompts: tuple[str, ...]
    """Every question's stored prompt, in bank order."""
    wrong_answers: tuple[str, ...]
    """The one wrong answer given to each question, in bank order."""


def fill_hostile_store(tmp_path: Path, now: Now = utc_now) -> HostileRows:
    """A data folder in which students' names, prompts and wrong answers carry the payloads.

    Question 0 and student 0 carry the terminal payloads; the others carry
    one spreadsheet formula each, and the last the number `-5`. Every
    student answers every question wrong, so each question's wrong answer
    is its most common one.
    """
    names = (HOSTILE_NAME, *FORMULAS, NUMBER)
    prompts = (HOSTILE_PROMPT, *FORMULAS, NUMBER)
    wrong = (HOSTILE_ANSWER, *FORMULAS, NUMBER)
    banks = tmp_path / "plain-banks"
    banks.mkdir()
    (banks / "hostile.yaml").write_text(_bank(len(prompts)), encoding="utf-8")
    deck = load_deck(banks / "hostile.yaml")
    folder = tmp_path / "class-data"
    store = ResultsStore.open(folder, now=now)
    store.sync_deck(deck)
    for number in range(len(names)):
        session = QuizSession(
            deck, RoundOptions(mode=Mode.TEST, shuffle=False), seed=1, clock=FakeClock()
        )
        session.observer = RoundRecorder(store, store.student(f"Student {number}"), session)
        for _question in deck.questions:
            session.submit("wrong")
            session.advance()
    store.close()
    with sqlite3.connect(folder / "quizapp.db") as db:
        for number, name in enumerate(names):
            db.execute("UPDATE students SET name = ? WHERE name = ?", (name, f"Student {number}"))
        for number, (prompt, answer) in enumerate(zip(prompts, wrong, strict=True)):
            db.execute(
                "UPDATE questions SET prompt = ? WHERE question_id = ?", (prompt, f"q{number}")
            )
            db.execute(
                "UPDATE answers SET response_text = ? WHERE question_id = ?", (answer, f"q{number}")
            )
        db.execute("UPDATE decks SET title = ?", (HOSTILE_TITLE,))
        db.execute("UPDATE questions SET topic = ? WHERE question_id = 'q0'", (HOSTILE_TOPIC,))
    db.close()
    return HostileRows(folder, names, prompts, wrong)
