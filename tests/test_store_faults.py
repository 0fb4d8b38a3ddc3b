"""Damaged files, unwritable folders, failing disks, a server that goes away: the quiz goes on, nothing is lost.

Damaged files and folders that cannot be written are SQLite's (its file is in the data
folder). A PostgreSQL server stopped mid-round, down when the quiz starts, or down when
the quiz is killed runs on a real server of the test's own (`throwaway_postgres`).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store.address import DatabaseAddress
from quizapp.store.journal import journal_folder
from quizapp.store.location import DATABASE_NAME
from quizapp.store.migrations import LATEST_VERSION
from quizapp.store.recorder import RoundRecorder
from quizapp.store.results import ResultsStore
from quizapp.store.saver import Phase, Saver
from quizapp.store.writes import SyncDeck
from quizapp.ui.app import folder_saver
from tests.conftest import FakeClock
from tests.engines import TestDatabase, postgres_database
from tests.postgres_server import PostgresServer
from tests.store_helpers.on_disk import (
    answer_uids_in_journals,
    answer_uids_stored,
    answers_in_journals,
    answers_stored,
)
from tests.store_helpers.play import (
    ENGINE_BANK,
    REPO_ROOT,
    StoreClock,
    answer_current,
    engine_deck,
    fixed_scheduler,
)
from tests.store_helpers.unsaved_round import play_unsaved
from tests.waiting import wait_for

DECK = engine_deck()
ORDER = [q.id for q in DECK.questions]
MOVED = f"{DATABASE_NAME}.damaged-20250610T090000000000Z"
"""Where a damaged file goes when the store's clock says 2025-06-10 09:00 UTC."""
FULL_ROUND_PERCENT = pytest.approx(100 * 8 / 9)
"""The engine bank (9 points) played by `play_unsaved`: one 1-point question missed."""


def healthy_database_bytes(folder: Path) -> bytes:
    """A real results file with some data in it (many students: several pages)."""
    store = ResultsStore.open(folder, now=StoreClock())
    store.sync_deck(DECK)
    for n in range(300):
        store.student(f"Student number {n:03d} of a large class")
    store.close()
    return (folder / DATABASE_NAME).read_bytes()


def assert_fresh_store_works(store: ResultsStore, folder: Path) -> None:
    assert store.saving and store.path == folder / DATABASE_NAME
    store.sync_deck(DECK)
    session = QuizSession(
        DECK, RoundOptions(mode=Mode.TEST, shuffle=False), seed=1, clock=FakeClock()
    )
    recorder = RoundRecorder(store, store.student("Alice"), session)
    session.observer = recorder
    answer_current(session, ok=True)
    answer_current(session, ok=False)
    saved = store.unfinished_attempt(store.student("alice"), DECK.id)
    assert saved is not None and saved.answered == 2
    store.close()
    connection = sqlite3.connect(folder / DATABASE_NAME)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert connection.execute("PRAGMA user_version").fetchone() == (LATEST_VERSION,)
    assert connection.execute("SELECT COUNT(*) FROM answers").fetchone() == (2,)
    connection.close()


def random_garbage() -> bytes:
    return random.Random(20250610).randbytes(50_000)


def truncated_database(tmp_path: Path) -> bytes:
    whole = healthy_database_bytes(tmp_path / "healthy")
    return whole[: len(whole) // 2]


@pytest.mark.parametrize("damage", ["random-bytes", "truncated-database", "text-file"])
def test_a_damaged_file_is_moved_aside_and_a_new_one_started(tmp_path: Path, damage: str) -> None:
    """A file that is not a healthy database is renamed with a timestamp (bytes kept), and the quiz saves to a new one."""
    content = {
        "random-bytes": random_garbage,
        "truncated-database": lambda: truncated_database(tmp_path),
        "text-file": lambda: b"Notes for Monday, not a database\n" * 20,
    }[damage]()
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / DATABASE_NAME).write_bytes(content)

    store = ResultsStore.open(folder, now=StoreClock(), scheduler=fixed_scheduler())
    assert store.notice.count("\n") == 0
    assert MOVED in store.notice and "damaged" in store.notice
    assert (folder / MOVED).read_bytes() == content
    assert {p.name for p in folder.iterdir()} >= {DATABASE_NAME, MOVED}
    assert not any(p.name.startswith(MOVED) and p.name != MOVED for p in folder.iterdir())
    assert_fresh_store_works(store, folder)
    assert (folder / MOVED).read_bytes() == content


def crashed_database_with_wal(tmp_path: Path) -> tuple[bytes, bytes]:
    """A results file and its -wal as a crash leaves them: the latest answers only in the WAL."""
    folder = tmp_path / "crashed"
    healthy_database_bytes(folder)
    store = ResultsStore.open(folder, now=StoreClock())
    for n in range(20):
        store.student(f"Latecomer {n}")
    main = (folder / DATABASE_NAME).read_bytes()
    wal = Path(f"{folder / DATABASE_NAME}-wal").read_bytes()
    store.close()
    assert len(wal) > 0
    return main, wal


def test_a_damaged_files_wal_is_moved_aside_with_it(tmp_path: Path) -> None:
    """A damaged database's -wal (where the latest answers are) goes aside with it, byte for byte."""
    main, wal = crashed_database_with_wal(tmp_path)
    folder = tmp_path / "data"
    folder.mkdir()
    damaged = main[: len(main) // 2]
    (folder / DATABASE_NAME).write_bytes(damaged)
    Path(f"{folder / DATABASE_NAME}-wal").write_bytes(wal)
    store = ResultsStore.open(folder, now=StoreClock())
    store.close()
    assert MOVED in store.notice
    assert (folder / f"{MOVED}-wal").is_file(), sorted(p.name for p in folder.iterdir())
    assert (folder / f"{MOVED}-wal").read_bytes() == wal
    assert (folder / MOVED).read_bytes() == damaged


def test_an_empty_file_is_a_new_database_not_a_damaged_one(tmp_path: Path) -> None:
    """A zero-byte quizapp.db (a crash before the first write) is simply used; nothing is moved."""
    (tmp_path / DATABASE_NAME).touch()
    store = ResultsStore.open(tmp_path, now=StoreClock())
    assert store.notice == ""
    assert_fresh_store_works(store, tmp_path)
    assert not [p for p in tmp_path.iterdir() if "damaged" in p.name]


def test_a_folder_named_as_the_database_file_is_left_alone(tmp_path: Path) -> None:
    """`--database sqlite:///srv/quiz` naming a folder: the store saves nothing and says so,
    and never takes the folder for a damaged file to move aside."""
    folder = tmp_path / "school"
    folder.mkdir()
    (folder / "keep.txt").write_text("the teacher's file\n", encoding="utf-8")
    store = ResultsStore.open(DatabaseAddress.sqlite_file(folder), now=StoreClock())
    assert not store.saving
    assert "is a folder, not a database file" in store.notice
    assert sorted(p.name for p in tmp_path.iterdir()) == ["school"]
    assert (folder / "keep.txt").read_text(encoding="utf-8") == "the teacher's file\n"
    store.close()


def page_damaged_database(tmp_path: Path) -> bytes:
    """A real results file with one page zeroed such that `PRAGMA quick_check` lists problems
    (rather than raising): found by trying each page in turn on a scratch copy."""
    whole = healthy_database_bytes(tmp_path / "healthy")
    page_size = int.from_bytes(whole[16:18], "big")
    scratch = tmp_path / "scratch.db"
    for page in range(1, len(whole) // page_size):
        damaged = whole[: page * page_size] + bytes(page_size) + whole[(page + 1) * page_size :]
        scratch.write_bytes(damaged)
        connection = sqlite3.connect(scratch)
        try:
            rows = [r[0] for r in connection.execute("PRAGMA quick_check")]
        except sqlite3.DatabaseError:
            continue
        finally:
            connection.close()
        if rows != ["ok"]:
            return damaged
    pytest.fail("no single zeroed page gives a quick_check report")


def test_a_file_with_a_damaged_page_gives_a_one_line_notice(tmp_path: Path) -> None:
    """A database with a corrupt page is moved aside with the same one-line notice as any damage."""
    content = page_damaged_database(tmp_path)
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / DATABASE_NAME).write_bytes(content)
    store = ResultsStore.open(folder, now=StoreClock())
    assert (folder / MOVED).read_bytes() == content  # moved aside, as for other damage
    assert MOVED in store.notice
    store.close()
    assert store.notice.count("\n") == 0, store.notice


# -- folders that cannot be written -----------------------------------------------------------


def assert_not_saving_but_playable(outcome: dict[str, object]) -> None:
    assert outcome["phase"] == "not saving"
    notice = str(outcome["notice"])
    assert "not being saved" in notice and "\n" not in notice
    assert outcome["resumable_after_3"] == 3
    assert outcome["finished"] is True
    assert outcome["percent"] == FULL_ROUND_PERCENT
    assert outcome["unfinished_at_end"] is False
    assert outcome["answers_kept_in_memory"] == 9


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        yield folder
    finally:
        folder.chmod(0o700)


def test_a_read_only_folder_runs_the_quiz_without_saving(read_only_folder: Path) -> None:
    """In a folder the student cannot write, the quiz works in memory and says results are not being saved."""
    if os.access(read_only_folder, os.W_OK):
        pytest.skip("this user can write to a chmod 0o500 folder (root); see the test below")
    outcome = play_unsaved(read_only_folder)
    assert_not_saving_but_playable(outcome)
    assert list(read_only_folder.iterdir()) == []


@pytest.fixture
def shared_scratch() -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="quizapp-store-test-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to play as another user"
)
@pytest.mark.parametrize("holds_last_weeks_file", [False, True], ids=["empty", "with-database"])
def test_a_read_only_folder_for_an_unprivileged_student(
    shared_scratch: Path, holds_last_weeks_file: bool
) -> None:
    """Run as `nobody`: a folder it cannot write (empty or holding a database) still gives a playable, unsaved quiz."""
    try:
        import pwd

        nobody = pwd.getpwnam("nobody")
    except (ImportError, KeyError):
        pytest.skip("no 'nobody' user to play as")
    folder = shared_scratch / "data"
    folder.mkdir()
    if holds_last_weeks_file:
        healthy_database_bytes(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    folder.chmod(0o555)
    for path in folder.iterdir():
        path.chmod(0o644)
    result = subprocess.run(
        [
            sys.executable,
            "-B",
            "-m",
            "tests.store_helpers.unsaved_round",
            str(folder),
            str(nobody.pw_uid),
            str(nobody.pw_gid),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["could_write"] is False
    assert_not_saving_but_playable(outcome)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_data_folder_that_cannot_be_created_runs_the_quiz_without_saving(tmp_path: Path) -> None:
    """If the data folder cannot be made (a file is in the way), the quiz works in memory and says so."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should go\n", encoding="utf-8")
    outcome = play_unsaved(blocker / "quizapp")
    assert_not_saving_but_playable(outcome)
    assert "cannot create the data folder" in str(outcome["notice"])
    assert blocker.read_text(encoding="utf-8") == "a file where the data folder should go\n"


# -- a disk that fails during a round: see tests/test_store_saving.py ------------------------


# -- a PostgreSQL server that goes away -------------------------------------------------------
#
# A server of the test's own (`throwaway_postgres`), really stopped and started again; the
# saver is built as the app builds it (`folder_saver` with the address), and the journal is
# the data folder's, read from its files.


@pytest.fixture
def on_server(throwaway_postgres: PostgresServer, tmp_path: Path) -> TestDatabase:
    """A fresh database on the test's own server, and the data folder that journals for it."""
    throwaway_postgres.create_database("class")
    folder = tmp_path / "class"
    folder.mkdir()
    return postgres_database(folder, throwaway_postgres.url("class"))


def app_saver(database: TestDatabase) -> Saver:
    """A started saver, as the quiz makes one for `--database URL --data-dir FOLDER`."""
    return folder_saver(
        database.folder, StoreClock(), fixed_scheduler(), address=database.where
    ).start()


def recorded_round(saver: Saver) -> QuizSession:
    """A practice round over the engine deck in bank order, recorded through `saver`."""
    saver.submit(SyncDeck.of(DECK, saver.now()))
    session = QuizSession(
        DECK, RoundOptions(mode=Mode.PRACTICE, shuffle=False), seed=3, clock=FakeClock()
    )
    session.observer = RoundRecorder(saver, "Alice", session)
    return session


def assert_each_answer_once(database: TestDatabase, uids: list[str]) -> None:
    """The database holds exactly these answers, each in one row."""
    stored = answer_uids_stored(database)
    assert len(uids) == len(set(uids))
    assert sorted(stored) == sorted(uids), "an answer is missing or in twice"


def test_answers_given_while_the_server_is_stopped_are_written_once_it_returns(
    throwaway_postgres: PostgresServer, on_server: TestDatabase, capfd: pytest.CaptureFixture[str]
) -> None:
    """Server stopped mid-round: the answers wait (journaled, counted, with a reason) and go in, once each, when it is back."""
    folder = on_server.folder
    saver = app_saver(on_server)
    try:
        session = recorded_round(saver)
        for _ in range(3):
            answer_current(session, ok=True)
        assert saver.wait_until_saved(timeout=30)
        assert answers_stored(on_server) == ORDER[:3]
        before = answer_uids_stored(on_server)
        capfd.readouterr()

        throwaway_postgres.stop_server()
        for n in range(4):
            answer_current(session, ok=n != 1)  # returns at once: nothing waits for the server
        assert wait_for(lambda: saver.status.phase is Phase.WAITING, timeout=60)
        status = saver.status
        assert status.waiting == 4 and status.unjournaled == 0, status
        assert "cannot reach the database server" in status.reason
        assert "\n" not in status.reason  # one line, for the saving line under the question
        assert status.journal == journal_folder(folder)
        assert answers_in_journals(folder) == ORDER[3:7]  # on disk before each feedback
        during = answer_uids_in_journals(folder)

        throwaway_postgres.start_server()
        assert saver.wait_until_saved(timeout=60)
        assert saver.status.phase is Phase.SAVING and saver.status.reason == ""
        assert saver.status.waiting == 0 and saver.status.notice == ""
        assert answers_stored(on_server) == ORDER[:7]
        assert_each_answer_once(on_server, before + during)
        assert answers_in_journals(folder) == []  # emptied once the database had them all

        answer_current(session, ok=True)  # and the pool serves the next answer as before
        assert saver.wait_until_saved(timeout=30)
        assert answers_stored(on_server) == ORDER[:8]
    finally:
        assert saver.close() == 0
    # Nothing from psycopg or its pool went to the terminal (it would be over the quiz).
    assert capfd.readouterr() == ("", "")


def test_a_quiz_started_while_the_server_is_down_saves_everything_once_it_is_up(
    throwaway_postgres: PostgresServer, on_server: TestDatabase, capfd: pytest.CaptureFixture[str]
) -> None:
    """Server down at start: the saver keeps trying to open it, the answers wait in the journal, then all go in once."""
    folder = on_server.folder
    throwaway_postgres.stop_server()
    saver = app_saver(on_server)
    try:
        assert wait_for(lambda: saver.status.reason != "", timeout=60)
        assert saver.status.phase is Phase.OPENING  # not given up: still trying
        assert "cannot reach" in saver.status.reason  # the server's words follow
        session = recorded_round(saver)
        for n in range(3):
            answer_current(session, ok=n != 0)
        assert saver.status.waiting == 3 and saver.status.unjournaled == 0
        assert answers_in_journals(folder) == ORDER[:3]
        waiting = answer_uids_in_journals(folder)

        throwaway_postgres.start_server()
        assert saver.wait_until_open(timeout=60)
        assert saver.wait_until_saved(timeout=60)
        assert saver.status.phase is Phase.SAVING and saver.status.notice == ""
        assert answers_stored(on_server) == ORDER[:3]
        assert_each_answer_once(on_server, waiting)
        assert answers_in_journals(folder) == []
    finally:
        assert saver.close() == 0
    assert capfd.readouterr() == ("", "")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on this platform")
def test_a_quiz_killed_while_the_server_is_down_leaves_its_answers_for_the_next_start(
    throwaway_postgres: PostgresServer, on_server: TestDatabase
) -> None:
    """kill -9 while the server is away: the answers are in the journal, not a word was printed; the next start writes them in once."""
    folder = on_server.folder
    player = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.store_helpers.play_until_killed",
            str(folder),
            str(ENGINE_BANK),
            "3",
        ],
        cwd=REPO_ROOT,
        env=os.environ | on_server.environment,  # told the server as a quiz is
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def tell(command: str) -> str:
        assert player.stdin is not None and player.stdout is not None
        player.stdin.write(command + "\n")
        player.stdin.flush()
        return player.stdout.readline()

    try:
        assert player.stdout is not None
        committed = [player.stdout.readline() for _ in range(3)]
        assert wait_for(lambda: answers_stored(on_server) == ORDER[:3], timeout=60)
        throwaway_postgres.stop_server()
        committed += [tell("answer") for _ in range(3)]
        # The player's pool has met the server gone (its broken connection, failed
        # reconnections): all of which psycopg would log, and must not print.
        assert wait_for(lambda: tell("status") == "status waiting\n", timeout=60)
        player.send_signal(signal.SIGKILL)
        out, err = player.communicate(timeout=60)
    finally:
        if player.poll() is None:
            player.kill()
            player.communicate()
    assert player.returncode == -signal.SIGKILL
    assert committed == [f"committed {qid}\n" for qid in ORDER[:6]], err
    assert (out, err) == ("", "")  # not a word from psycopg on the quiz's screen
    # The journal holds the answers given while the server was away (and perhaps
    # the first three too, if it was not emptied yet: they must not go in twice).
    journaled = answers_in_journals(folder)
    assert journaled in (ORDER[3:6], ORDER[:6]), journaled
    every_answer = answer_uids_in_journals(folder)

    throwaway_postgres.start_server()
    every_answer += [uid for uid in answer_uids_stored(on_server) if uid not in every_answer]
    assert answers_stored(on_server) == ORDER[:3]
    next_start = app_saver(on_server)
    try:
        assert next_start.wait_until_saved(timeout=60)
    finally:
        next_start.close()
    assert answers_stored(on_server) == ORDER[:6]
    assert_each_answer_once(on_server, every_answer)
    assert answers_in_journals(folder) == []
    store = ResultsStore.open(on_server.where, now=StoreClock())
    saved = store.unfinished_attempt(store.student("alice"), DECK.id)
    assert saved is not None and saved.answered == 6  # the round can be resumed where it stopped
    store.close()
