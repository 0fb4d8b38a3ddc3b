"""The saver under faults: another program holding the file, a full disk, a write refused for good.

A write refused for good runs on both engines (the `database` fixture). Another
program holding the file and a full disk are SQLite's faults; PostgreSQL's (the
server stopped mid-round, down at start, a kill while it is down) are in
tests/test_store_faults.py.

Every fault here is real: a second process holds SQLite's lock, a small
tmpfs fills up, and the checks read the database file and the journal as
they are on disk. Nothing is mocked, and nothing sleeps: the tests wait for
conditions, with a deadline that only guards against a hang.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store.journal import journal_folder
from quizapp.store.location import DATABASE_NAME
from quizapp.store.recorder import RoundRecorder
from quizapp.store.results import ResultsStore
from quizapp.store.saver import Phase, Saver
from quizapp.store.writes import RecordAnswer, SyncDeck
from tests.conftest import FakeClock
from tests.engines import TestDatabase
from tests.store_helpers.lock import held_lock
from tests.store_helpers.on_disk import answers_in_database, answers_in_journals, answers_stored
from tests.store_helpers.play import StoreClock, answer_current, engine_deck, saver_for
from tests.waiting import wait_for

DECK = engine_deck()
ORDER = [q.id for q in DECK.questions]


def started_round(saver: Saver, name: str = "Alice") -> QuizSession:
    """A practice round over the engine deck in bank order, recorded through `saver`."""
    saver.submit(SyncDeck.of(DECK, saver.now()))
    session = QuizSession(
        DECK, RoundOptions(mode=Mode.PRACTICE, shuffle=False), seed=3, clock=FakeClock()
    )
    session.observer = RoundRecorder(saver, name, session)
    return session


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A class's data folder with its database already made (in WAL mode)."""
    data = tmp_path / "class"
    ResultsStore.open(data, now=StoreClock()).close()
    return data


def test_answers_given_while_another_program_holds_the_file_are_all_saved_after(
    folder: Path,
) -> None:
    """During the lock each answer goes to the journal at once; after it, all are in the file, in order."""
    saver = saver_for(folder, StoreClock())
    try:
        session = started_round(saver)
        assert saver.wait_until_saved(timeout=30)
        with held_lock(folder / DATABASE_NAME) as lock:
            for n in range(5):
                answer_current(session, ok=n != 2)
            assert wait_for(lambda: saver.status.phase is Phase.WAITING)
            status = saver.status
            assert status.phase is Phase.WAITING and status.waiting == 5
            assert status.unjournaled == 0
            assert "in use by another program" in status.reason
            assert answers_in_journals(folder) == ORDER[:5]  # on disk before each feedback
            assert answers_in_database(folder) == []
            lock.release()
            assert saver.wait_until_saved(timeout=30)
        assert answers_in_database(folder) == ORDER[:5]
        assert saver.status.phase is Phase.SAVING and saver.status.waiting == 0
        assert answers_in_journals(folder) == []  # emptied once the database had them all
    finally:
        assert saver.close() == 0
    assert list(journal_folder(folder).glob("*.jsonl")) == []


def test_a_quiz_that_ends_with_answers_waiting_leaves_them_for_the_next_start(
    folder: Path,
) -> None:
    """Quit under the lock: the answers stay in the journal; the next quiz in the folder writes them in, once."""
    with held_lock(folder / DATABASE_NAME):
        saver = saver_for(folder, StoreClock())
        session = started_round(saver)
        for _ in range(3):
            answer_current(session, ok=True)
        assert saver.close(timeout=0.2) == 3
        [journal] = journal_folder(folder).glob("*.jsonl")
        assert answers_in_journals(folder) == ORDER[:3]
    assert answers_in_database(folder) == []

    next_start = saver_for(folder, StoreClock())
    assert next_start.wait_until_saved(timeout=30)
    next_start.close()
    assert answers_in_database(folder) == ORDER[:3]
    assert not journal.exists()
    store = ResultsStore.open(folder, now=StoreClock())
    saved = store.unfinished_attempt(store.student("alice"), DECK.id)
    assert saved is not None and saved.answered == 3  # the round can be resumed where it stopped
    store.close()

    again = saver_for(folder, StoreClock())  # a third start finds nothing to replay twice
    assert again.wait_until_saved(timeout=30)
    again.close()
    assert answers_in_database(folder) == ORDER[:3]


def test_a_running_quizs_journal_is_left_to_it(folder: Path) -> None:
    """Two quizzes in one folder: the second does not take over the first's journal while it runs."""
    first = saver_for(folder, StoreClock())
    with held_lock(folder / DATABASE_NAME) as lock:
        session = started_round(first, "Ana")
        answer_current(session, ok=True)
        answer_current(session, ok=True)
        second = saver_for(folder, StoreClock())
        lock.release()
        assert second.wait_until_saved(timeout=30)
        assert first.wait_until_saved(timeout=30)
    second.close()
    first.close()
    assert answers_in_database(folder) == ORDER[:2]


def test_startup_while_another_program_holds_even_reads_waits_then_saves(folder: Path) -> None:
    """A file locked for reading too: the saver keeps trying to open it, keeps answers, then saves them."""
    with held_lock(folder / DATABASE_NAME, "everything") as lock:
        saver = saver_for(folder, StoreClock())
        assert wait_for(lambda: saver.status.reason != "")
        assert saver.status.phase is Phase.OPENING
        session = started_round(saver)
        answer_current(session, ok=True)
        assert saver.status.waiting == 1
        assert answers_in_journals(folder) == ORDER[:1]
        lock.release()
        assert saver.wait_until_open(timeout=30)
        assert saver.wait_until_saved(timeout=30)
    saver.close()
    assert answers_in_database(folder) == ORDER[:1]


def test_a_write_refused_for_good_is_kept_and_does_not_stop_the_rest(
    database: TestDatabase,
) -> None:
    """An answer for a round the database does not have is kept in the journal; the next answers still go in."""
    folder = database.folder
    saver = saver_for(folder, StoreClock(), where=database.where)
    session = started_round(saver)
    assert saver.wait_until_saved(timeout=30)
    stray = RecordAnswer.of("no-such-round", DECK.id, answer_current(session, ok=True), saver.now())
    saver.submit(stray)
    answer_current(session, ok=True)
    assert saver.wait_until_saved(timeout=30)
    assert "could not be saved" in saver.status.notice
    assert saver.status.phase is Phase.SAVING  # refused for good is not "try again later"
    saver.close()
    assert answers_stored(database) == ORDER[:2]
    kept = [
        json.loads(line)
        for p in journal_folder(folder).glob("*.jsonl")
        for line in p.read_text().splitlines()
    ]
    assert [k["attempt_uid"] for k in kept if k["kind"] == "answer"] == ["no-such-round"]


# -- a full disk ------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs of our own, so that filling it up fills nothing else."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command to make a small filesystem")
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({made.stderr.strip() or 'not allowed'})")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path) -> Path:
    """Fill `disk` to the last byte; returns the file doing it (delete it to free the space)."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as file:
        for size in (65536, 4096, 512, 1):
            try:
                while file.write(b"\0" * size):
                    pass
            except OSError:
                continue  # full at this size: try smaller pieces until not one byte fits
    return filler


def test_a_full_disk_keeps_answers_until_there_is_room_again(small_disk: Path) -> None:
    """With no byte free neither the database nor the journal takes an answer; freed, all are saved."""
    folder = small_disk / "class"
    ResultsStore.open(folder, now=StoreClock()).close()
    saver = saver_for(folder, StoreClock())
    try:
        session = started_round(saver)
        assert saver.wait_until_saved(timeout=30)
        filler = fill(small_disk)
        for _ in range(3):
            answer_current(session, ok=True)
        assert wait_for(lambda: saver.status.phase is Phase.WAITING)
        status = saver.status
        assert status.waiting == 3 and status.unjournaled == 3, status
        assert "disk is full" in status.reason
        filler.unlink()
        assert saver.wait_until_saved(timeout=30)  # freeing the space brings saving back
        assert saver.status.phase is Phase.SAVING
    finally:
        saver.close()
    assert answers_in_database(folder) == ORDER[:3]
    assert os.path.getsize(folder / DATABASE_NAME) > 0
