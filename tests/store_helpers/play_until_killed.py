"""A student answering, then killed mid-round (run by test_store_crash and test_store_faults).

    python -m tests.store_helpers.play_until_killed FOLDER BANK K [DATABASE]

The answers go to DATABASE (a `--database` URL), else to $QUIZAPP_DATABASE, else to
the SQLite file in FOLDER; FOLDER is the data folder (the journal) in every case.

Plays BANK in practice mode, bank order, with a `RoundRecorder` on a saver, as the app
wires them; after each of K answers (every third one wrong) prints `committed QUESTION_ID`
once the saver has the answer on disk (in the database, or in the journal when the
database is busy), then waits until it is killed, doing what each line on stdin says:
`answer` gives one more answer (right) and prints `committed QUESTION_ID` the same way;
`status` prints `status PHASE` (the saver's, e.g. `status waiting`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from quizapp.bank import load_deck
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store.address import database_address
from quizapp.store.recorder import RoundRecorder
from quizapp.store.writes import SyncDeck
from tests.store_helpers.play import answer_current, saver_for


def main(folder: str, bank: str, k: str, database: str | None = None) -> None:
    deck = load_deck(Path(bank))
    saver = saver_for(Path(folder), where=database_address(database, Path(folder)))
    saver.submit(SyncDeck.of(deck, saver.now()))
    session = QuizSession(deck, RoundOptions(mode=Mode.PRACTICE, shuffle=False), seed=5)
    session.observer = RoundRecorder(saver, "Alice", session)
    for n in range(int(k)):
        assert session.current is not None
        question_id = session.current.question.id
        answer_current(session, ok=n % 3 != 1)  # returns once the answer is on disk
        print(f"committed {question_id}", flush=True)
    for line in sys.stdin:  # wait for the kill, doing as told meanwhile
        if line.strip() == "answer":
            assert session.current is not None
            question_id = session.current.question.id
            answer_current(session, ok=True)
            print(f"committed {question_id}", flush=True)
        elif line.strip() == "status":
            print(f"status {saver.status.phase.value}", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main(*sys.argv[1:5])
