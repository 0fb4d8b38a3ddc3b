"""A student answering, then killed mid-round (run by test_store_crash).

    python -m tests.store_helpers.play_until_killed FOLDER BANK K

Plays BANK in practice mode, bank order, with a `RoundRecorder` as the app wires it;
after each of K answers (every third one wrong) prints `committed QUESTION_ID`,
then blocks until it is killed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from quizapp.bank import load_deck
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store.results import ResultsStore, RoundRecorder
from tests.store_helpers.play import answer_current, fixed_scheduler


def main(folder: str, bank: str, k: str) -> None:
    deck = load_deck(Path(bank))
    store = ResultsStore.open(Path(folder), scheduler=fixed_scheduler())
    store.sync_deck(deck)
    session = QuizSession(deck, RoundOptions(mode=Mode.PRACTICE, shuffle=False), seed=5)
    recorder = RoundRecorder(store, store.student("Alice"), session)
    session.observer = recorder
    for n in range(int(k)):
        assert session.current is not None
        question_id = session.current.question.id
        answer_current(session, ok=n % 3 != 1)
        assert recorder.notice == "", recorder.notice
        print(f"committed {question_id}", flush=True)
    sys.stdin.read()  # wait for the kill


if __name__ == "__main__":
    main(*sys.argv[1:4])
