"""The saver: every write reaches the results database off the UI thread, in order, in the end.

A class shares one database file, and school machines lock files and run
out of disk. So the screen never waits on the database:

* `submit(write)` puts the write in a queue that one thread applies in
  order, retrying with backoff while the database is locked, full or
  unreachable; a write that fails for good is kept in the journal, and the
  writes after it still go in;
* an answer is on disk before its feedback shows, without waiting for the
  database: `submit` appends it to this process's journal
  (`quizapp.store.journal`, one small write to the operating system) and
  returns; once the database has every journaled write, the journal is
  emptied;
* opening the database (creating, migrating, checking it) happens on that
  thread too, so a locked file delays nothing but the saving;
* the journals of quizzes that ended with answers unsaved are written in
  when the database first opens.

`status` says how things stand, and `on_change` is told whenever that
changes (the UI shows "3 answers waiting to be saved").
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.store.clock import Now, utc_now
from quizapp.store.journal import Journal, orphans

if TYPE_CHECKING:  # the quiz builds its saver before the first frame; the store loads on its thread
    from quizapp.store.results import ResultsStore
    from quizapp.store.writes import Write

FIRST_RETRY_SECONDS = 0.05
LAST_RETRY_SECONDS = 1.0
"""Retries back off from the first to the last delay, then keep at it."""
SLOW_OPEN_SECONDS = 1.0
"""Opening that takes longer than this is reported on screen ("waiting for the database")."""


class Phase(StrEnum):
    """Where the saver is."""

    OPENING = "opening"
    SAVING = "saving"
    WAITING = "waiting"
    """Writes are waiting for the database (locked, full, unreachable)."""
    NOT_SAVING = "not saving"
    """Results are kept only in memory for this session (a folder that cannot be written)."""


@dataclass(frozen=True)
class SaveStatus:
    """How saving stands, for the screens."""

    phase: Phase
    waiting: int = 0
    """Answers given but not yet in the database (journaled, or only in memory)."""
    unjournaled: int = 0
    """Of those, answers that not even the journal could take (a full disk)."""
    reason: str = ""
    """Why writes wait, or why the database is not open yet, in a few words."""
    notice: str = ""
    """What the store said on opening (a damaged file moved aside, results not saved)."""
    slow: bool = False
    """Opening has taken long enough to say so."""
    journal: Path | None = None
    """Where waiting answers are kept."""

    @property
    def ready(self) -> bool:
        """The database is open: what it holds can be read."""
        return self.phase is not Phase.OPENING


@dataclass
class _Pending:
    write: Write
    done: threading.Event = field(default_factory=threading.Event)
    journaled: bool = False


class Saver:
    """Applies writes to a `ResultsStore` on its own thread; see the module's docstring."""

    def __init__(
        self,
        open_store: Callable[[], ResultsStore],
        journal_folder: Path | None,
        *,
        now: Now = utc_now,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        """`open_store` runs on the saver's thread and may raise `StoreBusy` (it is retried)."""
        self._open_store = open_store
        self.journal_folder = journal_folder
        self.journal = Journal(journal_folder) if journal_folder is not None else None
        self.now = now
        self.on_change = on_change
        self.store: ResultsStore | None = None
        """The writing store, once open (used by this saver's thread only)."""
        self.reader: ResultsStore | None = None
        """A second connection for the screens to read from, once the database is open."""
        self._queue: deque[_Pending] = deque()
        self._lock = threading.Condition()
        self._phase = Phase.OPENING
        self._reason = ""
        self._notice = ""
        self._failed: list[str] = []
        self._refused: list[Write] = []
        """Journaled writes the database refused for good: they stay in the journal."""
        self._closing = False
        self._journal_lock = threading.Lock()
        """Writing a line and emptying the journal never overlap."""
        self._shown: tuple[object, ...] = ()
        """What the screens were last told (`on_change` only when that changes)."""
        self._opened = threading.Event()
        self._thread = threading.Thread(target=self._run, name="quizapp-saver", daemon=True)
        self._started_at = 0.0

    # -- the UI's side ----------------------------------------------------------------

    def start(self) -> Saver:
        """Open the database and begin saving, on the saver's own thread."""
        self._started_at = time.monotonic()
        self._thread.start()
        return self

    @property
    def started(self) -> bool:
        return self._thread.is_alive() or self._opened.is_set()

    def submit(self, write: Write) -> None:
        """Queue `write`; an answer is on disk (in the journal) when this returns.

        Nothing here waits for the database: the journal takes the answer in
        one write to the operating system, and the saver's thread commits it.
        In a session that cannot save (results kept in memory), the journal
        keeps it for a quizapp that can (a newer one, or this folder made
        writable).
        """
        pending = _Pending(write)
        # Journaled before it is queued, and both under the journal's lock: the saver's
        # thread then never commits a write whose line is still being written, which
        # would leave that line in the journal after the write is in (`_finish` empties
        # the journal only when no journaled write waits, and this one would not count).
        with self._journal_lock:
            with self._lock:
                if self._closing:
                    raise RuntimeError("the saver is closed")
            if write.journaled:
                self._write_journal_line(pending)
            with self._lock:
                self._queue.append(pending)
                self._lock.notify_all()
        self._changed()

    @property
    def status(self) -> SaveStatus:
        with self._lock:
            answers = [p for p in self._queue if p.write.carries_an_answer]
            return SaveStatus(
                phase=self._phase,
                waiting=len(answers),
                unjournaled=sum(1 for p in answers if not p.journaled),
                reason=self._reason,
                notice=self._notice,
                slow=self._phase is Phase.OPENING
                and time.monotonic() - self._started_at > SLOW_OPEN_SECONDS,
                journal=self.journal_folder,
            )

    def wait_until_saved(self, timeout: float) -> bool:
        """True once every write so far is in the database (tests, and quitting)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._queue or self._phase is Phase.OPENING:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(min(left, 0.05))
        return True

    def wait_until_open(self, timeout: float) -> bool:
        """True once the database is open (or known to be unusable)."""
        return self._opened.wait(timeout)

    def close(self, timeout: float = 2.0) -> int:
        """Stop, after up to `timeout` seconds for the queue to drain; returns answers left unsaved.

        What is left stays in the journal, and the next quiz to start in this
        folder writes it in.
        """
        self.wait_until_saved(timeout)
        with self._lock:
            self._closing = True
            left = [p for p in self._queue if p.write.journaled]
            self._lock.notify_all()
        for pending in left:
            self._keep_in_journal(pending)  # already there, unless the disk was full then
        self._thread.join(timeout=1.0)
        if self.journal is not None:
            kept = bool(left) or bool(self._failed) or self._phase is Phase.NOT_SAVING
            self.journal.close(keep=kept)
        for store in (self.store, self.reader):
            if store is not None:
                with contextlib.suppress(Exception):
                    store.close()
        return sum(1 for p in left if p.write.carries_an_answer)

    # -- the saver's thread --------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._save_until_closed()
        except Exception as error:  # noqa: BLE001 - a bug here must not print over the quiz
            from quizapp.crash import crash_message

            with self._lock:
                self._phase = Phase.WAITING
                self._reason = "quizapp could not go on saving"
                self._notice = crash_message(error)
            self._opened.set()
            self._changed()

    def _save_until_closed(self) -> None:
        store = self._open()
        if store is not None:
            # Journals of quizzes that ended with answers unsaved go in first, so that
            # what the screens read (a round to resume) already includes them.
            if store.saving and self.journal_folder is not None:
                self._replay_orphans(store)
            reader = store.second_connection()
            with self._lock:
                self.store, self.reader = store, reader
                self._phase = Phase.SAVING if store.saving else Phase.NOT_SAVING
                self._notice = store.notice
                self._reason = ""
        self._opened.set()
        self._changed()
        if store is None:
            return  # closed before the database ever opened
        delay = FIRST_RETRY_SECONDS
        while True:
            with self._lock:
                while not self._queue and not self._closing:
                    self._lock.wait()
                if self._closing:
                    return  # `close` journals whatever is still waiting
                pending = self._queue[0]
            if self._apply(pending.write):
                delay = FIRST_RETRY_SECONDS
                self._finish(pending)
            else:
                with self._lock:
                    self._lock.wait(delay)
                delay = min(delay * 2, LAST_RETRY_SECONDS)

    def _open(self) -> ResultsStore | None:
        """The writing store, once the database opens (None if the saver closes first)."""
        # The database module (and sqlite3) is imported here, on the saver's thread: the quiz
        # builds its saver before the first frame, which needs neither.
        from quizapp.store.database import StoreBusy

        delay = FIRST_RETRY_SECONDS
        while not self._closing:
            try:
                return self._open_store()
            except StoreBusy as busy:
                with self._lock:
                    self._reason = describe(busy)
                self._changed()
                with self._lock:
                    self._lock.wait(delay)
                delay = min(delay * 2, LAST_RETRY_SECONDS)
        return None

    def _replay_orphans(self, store: ResultsStore) -> None:
        """Write in what quizzes that ended with answers unsaved left in their journals."""
        assert self.journal_folder is not None
        own = self.journal.path if self.journal else None
        for orphan in orphans(self.journal_folder, own):
            refused: list[Write] = []
            for write in orphan.writes:
                outcome = self._replay(store, write)
                if outcome is None:
                    orphan.release()  # the database is busy again: the next start tries again
                    return
                if not outcome:
                    refused.append(write)
            if refused:
                orphan.keep_as_refused()
            else:
                orphan.done()

    @staticmethod
    def _replay(store: ResultsStore, write: Write) -> bool | None:
        """Apply a journaled write: True if in, False if refused for good, None if busy."""
        from quizapp.store.database import retryable

        try:
            store.apply(write)
        except Exception as error:  # noqa: BLE001 - sorted below; none may escape
            return None if retryable(error) else False
        return True

    def _apply(self, write: Write) -> bool:
        """Apply one write; False when it should be tried again later."""
        from quizapp.store.database import retryable

        assert self.store is not None
        try:
            self.store.apply(write)
        except Exception as error:  # noqa: BLE001 - every failure is sorted below, none may escape
            if retryable(error):
                self._set_waiting(error)
                return False
            self._give_up(write, error)
            return True  # a write that can never go in must not hold up the others
        with self._lock:
            if self._phase is Phase.WAITING:
                self._phase = Phase.SAVING
                self._reason = ""
        return True

    def _set_waiting(self, error: BaseException) -> None:
        with self._lock:
            changed = self._phase is not Phase.WAITING
            self._phase = Phase.WAITING
            self._reason = describe(error)
        if changed:
            self._changed()

    def _give_up(self, write: Write, error: BaseException) -> None:
        """A write the database refuses for good: kept in the journal for the record."""
        with self._lock:
            self._failed.append(write.kind)
            self._notice = (
                f"An answer could not be saved ({describe(error)}); it is kept in "
                f"{self.journal_folder or 'memory'}."
            )
        if write.journaled:
            with self._journal_lock:
                self._refused.append(write)

    def _finish(self, pending: _Pending) -> None:
        """`pending` is in: empty the journal if nothing else waits in it, then let it go.

        In that order, so that when `wait_until_saved` sees an empty queue the journal
        is emptied too (and its file no longer holds space a test may then fill up).
        """
        pending.done.set()
        if pending.journaled and self.journal is not None:
            with self._journal_lock:  # an answer being journaled now must not be emptied away
                with self._lock:
                    nothing_journaled_waits = not any(
                        p.journaled for p in self._queue if p is not pending
                    )
                if nothing_journaled_waits and self._phase is Phase.SAVING:
                    self._empty_journal_but_refused()
        with self._lock:
            self._queue.popleft()
            self._lock.notify_all()
        self._changed()

    def _empty_journal_but_refused(self) -> None:
        """Start the journal again with only what the database will never take."""
        assert self.journal is not None
        self.journal.empty()
        for write in self._refused:
            with contextlib.suppress(OSError):
                self.journal.keep(write)

    def _keep_in_journal(self, pending: _Pending) -> None:
        with self._journal_lock:
            self._write_journal_line(pending)

    def _write_journal_line(self, pending: _Pending) -> None:
        """Journal `pending` unless it is already; the caller holds the journal's lock."""
        if pending.journaled or self.journal is None:
            return
        try:
            self.journal.keep(pending.write)
        except OSError:
            return  # counted as unjournaled: only memory holds it until the database takes it
        pending.journaled = True

    def _changed(self) -> None:
        """Tell the screens, when what they show of saving has changed.

        While saving works, answers pass through the queue in milliseconds:
        that is not news, so neither the count nor the screens change then.
        """
        status = self.status
        shown = (
            status.phase,
            status.reason,
            status.notice,
            status.slow,
            status.waiting if status.phase is not Phase.SAVING else 0,
            status.unjournaled,
        )
        if shown == self._shown or self.on_change is None:
            return
        self._shown = shown
        with contextlib.suppress(Exception):  # a closing UI must not stop the saving
            self.on_change()


def describe(error: BaseException) -> str:
    """A database error in a few words, on one line, for a student's screen.

    A server's errors run over several lines (libpq adds hints); the first one says it.
    """
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    if "locked" in text or "busy" in text:
        return "the database is in use by another program"
    if "full" in text:
        return "the disk is full"
    return text
