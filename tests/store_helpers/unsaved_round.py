"""Play a round on a store that cannot save (run in-process, or as another user by test_store_faults).

    python -m tests.store_helpers.unsaved_round FOLDER [UID GID]

Opens the store in FOLDER through a saver, plays the engine bank in practice mode
with a `RoundRecorder`, and prints one JSON line: what the saver said, and whether
the round and the (in-memory) store still worked. With UID and GID (started as
root), it first becomes that user, after its imports (the interpreter may live
where that user cannot read).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from quizapp.bank import Deck
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store.recorder import RoundRecorder
from quizapp.store.writes import SyncDeck
from tests.conftest import FakeClock
from tests.store_helpers.play import StoreClock, answer_current, engine_deck, saver_for
from tests.store_helpers.preload import preload_everything


def play_unsaved(folder: Path, deck: Deck | None = None) -> dict[str, object]:
    """Play a round through a saver, as the app does, and report what the student would see."""
    deck = deck or engine_deck()
    saver = saver_for(folder, StoreClock())
    saver.submit(SyncDeck.of(deck, saver.now()))
    session = QuizSession(
        deck, RoundOptions(mode=Mode.PRACTICE, shuffle=False), seed=2, clock=FakeClock()
    )
    session.observer = RoundRecorder(saver, " Alice ", session)
    for n in range(3):
        answer_current(session, ok=n != 1)
    saver.wait_until_saved(timeout=30)
    reader = saver.reader
    assert reader is not None
    saved = reader.unfinished_attempt(reader.student("ALICE"), deck.id)
    while not session.finished:
        answer_current(session, ok=True)
    saver.wait_until_saved(timeout=30)
    status = saver.status
    outcome = {
        "phase": status.phase.value,
        "notice": status.notice,
        "waiting": status.waiting,
        "resumable_after_3": None if saved is None else saved.answered,
        "finished": session.finished,
        "percent": session.results().percent,
        "unfinished_at_end": reader.unfinished_attempt(reader.student("alice"), deck.id)
        is not None,
        "answers_kept_in_memory": len(reader.query("SELECT id FROM answers")),
    }
    saver.close()
    return outcome


def become(uid: int, gid: int) -> None:
    os.setgroups([])
    os.setgid(gid)
    os.setuid(uid)


if __name__ == "__main__":
    preload_everything()  # the interpreter may be unreadable once privileges drop
    folder = Path(sys.argv[1])
    loaded = engine_deck()  # read before becoming another user
    if len(sys.argv) == 4:
        become(int(sys.argv[2]), int(sys.argv[3]))
    outcome = play_unsaved(folder, loaded)
    outcome["could_write"] = os.access(folder, os.W_OK)
    print(json.dumps(outcome), flush=True)
