"""One student of a class writing to a shared data folder (run by test_store_concurrency).

    python -m tests.store_helpers.concurrent_writer FOLDER BANK NAME

Prints `ready` once loaded, waits for a line on stdin (the starting gun), then opens
the store, plays the whole bank in test mode (every other answer wrong) with a
`RoundRecorder`, and prints one JSON line saying what the store and recorder reported.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from quizapp.bank import load_deck
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store.results import ResultsStore, RoundRecorder
from tests.store_helpers.play import answer_current, fixed_scheduler


def main(folder: str, bank: str, name: str) -> None:
    deck = load_deck(Path(bank))
    print("ready", flush=True)
    sys.stdin.readline()
    store = ResultsStore.open(Path(folder), scheduler=fixed_scheduler())
    store.sync_deck(deck)
    student = store.student(name)
    session = QuizSession(deck, RoundOptions(mode=Mode.TEST, shuffle=False), seed=1)
    recorder = RoundRecorder(store, student, session)
    session.observer = recorder
    answered = 0
    while not session.finished:
        answer_current(session, ok=answered % 2 == 0)
        answered += 1
    print(
        json.dumps(
            {
                "saving": store.saving,
                "store_notice": store.notice,
                "recorder_notice": recorder.notice,
                "answered": answered,
                "attempt": recorder.attempt_id,
            }
        ),
        flush=True,
    )
    store.close()


if __name__ == "__main__":
    main(*sys.argv[1:4])
