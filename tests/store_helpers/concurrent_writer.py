"""One student of a class writing to a shared data folder (run by test_store_concurrency).

    python -m tests.store_helpers.concurrent_writer FOLDER BANK NAME [DATABASE]

The answers go to DATABASE (a `--database` URL), else to $QUIZAPP_DATABASE, else to
the SQLite file in FOLDER; FOLDER is the data folder (the journal) in every case.

Prints `ready` once loaded, waits for a line on stdin (the starting gun), then opens
the store through a saver, as the app does, plays the whole bank in test mode (every
other answer wrong) with a `RoundRecorder`, waits for every answer to be saved, and
prints one JSON line saying what the saver reported.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quizapp.bank import load_deck
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store.address import database_address
from quizapp.store.recorder import RoundRecorder
from quizapp.store.writes import SyncDeck
from tests.store_helpers.play import answer_current, saver_for


def main(folder: str, bank: str, name: str, database: str | None = None) -> None:
    deck = load_deck(Path(bank))
    print("ready", flush=True)
    sys.stdin.readline()
    saver = saver_for(Path(folder), where=database_address(database, Path(folder)))
    saver.submit(SyncDeck.of(deck, saver.now()))
    session = QuizSession(deck, RoundOptions(mode=Mode.TEST, shuffle=False), seed=1)
    recorder = RoundRecorder(saver, name, session)
    session.observer = recorder
    answered = 0
    while not session.finished:
        answer_current(session, ok=answered % 2 == 0)
        answered += 1
    saved = saver.wait_until_saved(timeout=90)
    status = saver.status
    left = saver.close()
    print(
        json.dumps(
            {
                "saved": saved,
                "phase": status.phase.value,
                "notice": status.notice,
                "left_unsaved": left,
                "answered": answered,
                "attempt": recorder.attempt_uid,
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main(*sys.argv[1:5])
