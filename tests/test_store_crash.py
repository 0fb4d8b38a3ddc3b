"""kill -9 in the middle of a round: every answer already given is kept, and the database is healthy.

On both engines (the `database` fixture); a kill while a PostgreSQL server is away is
in tests/test_store_faults.py.
"""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from quizapp.store.results import ResultsStore
from tests.engines import TestDatabase
from tests.store_helpers.on_disk import answer_uids_stored, answers_in_journals, answers_stored
from tests.store_helpers.play import ENGINE_BANK, REPO_ROOT, StoreClock, engine_deck, saver_for

K = 7


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
def test_answers_committed_before_a_sigkill_are_all_kept(database: TestDatabase) -> None:
    """A crash or `kill -9` mid-round loses none of the answers already given, and the database stays healthy."""
    folder = database.folder
    player = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.store_helpers.play_until_killed",
            str(folder),
            str(ENGINE_BANK),
            str(K),
            database.url,
        ],
        cwd=REPO_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert player.stdout is not None
        committed = []
        for _ in range(K):
            line = player.stdout.readline()
            if not line.startswith("committed "):
                player.kill()
                pytest.fail(f"expected 'committed ID', got {line!r}: {player.communicate()[1]}")
            committed.append(line.split()[1])
        player.send_signal(signal.SIGKILL)
        player.wait(timeout=60)
    finally:
        if player.poll() is None:
            player.kill()
            player.wait()
        player.stdout.close()  # type: ignore[union-attr]
        player.stderr.close()  # type: ignore[union-attr]
        player.stdin.close()  # type: ignore[union-attr]
    assert player.returncode == -signal.SIGKILL
    assert committed == [q.id for q in engine_deck().questions][:K]

    # On disk now: every answer, in the database or (when it was busy) in the journal;
    # one that went to the journal and was then committed too is still one answer.
    in_database = answers_stored(database)
    assert len(in_database) == len(set(in_database))
    assert sorted(set(in_database) | set(answers_in_journals(folder))) == sorted(committed)

    # The next quiz to start in the folder writes the journal in: exactly K answers.
    saver = saver_for(folder, StoreClock(), where=database.where)
    assert saver.wait_until_saved(timeout=60)
    saver.close()
    assert answers_stored(database) == committed
    assert answers_in_journals(folder) == []
    if database.is_sqlite:
        assert database.rows("PRAGMA integrity_check") == [("ok",)]
    uids = answer_uids_stored(database)
    assert len(uids) == len(set(uids)) == K
    assert database.rows("SELECT COUNT(*) FROM review_cards") == [(K,)]

    store = ResultsStore.open(database.where, now=StoreClock())
    assert store.saving and store.notice == ""
    alice = store.find_student("alice")
    assert alice is not None
    saved = store.unfinished_attempt(alice, engine_deck().id)
    assert saved is not None
    assert saved.answered == K
    assert [(a.question_id, a.correct) for a in saved.answers] == [
        (qid, n % 3 != 1) for n, qid in enumerate(committed)
    ]
    store.close()
