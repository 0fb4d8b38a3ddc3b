"""The journal: answers kept in a small file while the results database cannot take them.

When the database is locked by another program, full, or gone, the saver
writes each waiting answer here before its feedback is shown, so nothing a
student gave is lost even if the process is then killed. Each running quiz
has its own file (a whole class shares one data folder), held under an
advisory lock while it runs; the next quiz to start in that folder writes
in the files nobody holds (`orphans`) and deletes them.

Lines are JSON writes (`quizapp.store.writes`); a line cut short by a crash
is skipped. Writes apply idempotently, so a line that was also committed
before the crash does no harm when it is replayed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:  # the quiz builds its journal before the first frame: writes load later
    from quizapp.store.writes import Write

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; replay only at start
    fcntl = None  # type: ignore[assignment]

JOURNAL_FOLDER = "unsaved-answers"
"""Beside the database: the folder a teacher sees when answers are waiting."""


MAKING_SUFFIX = ".making"
"""A journal file's name while it is made and locked (`orphans` looks only at `*.jsonl`)."""


def journal_folder(database_folder: Path) -> Path:
    return database_folder / JOURNAL_FOLDER


class Journal:
    """This process's journal file, created on first use and removed when nothing waits."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path: Path | None = None
        self._fd: int | None = None

    def keep(self, write: Write) -> None:
        """Append `write` as one line; raises OSError when even this cannot be written.

        One `write` call per line, straight to the operating system (which
        keeps it through a crash of this process; like the database, in WAL
        with synchronous=NORMAL, it does not wait for the disk itself). A
        line cut short by a full disk is taken back, so the next one starts
        on a line of its own.
        """
        if self._fd is None:
            self._open()
        assert self._fd is not None
        line = (write.to_json() + "\n").encode("utf-8")
        start = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            written = os.write(self._fd, line)
            if written != len(line):
                raise OSError(28, "No space left on device")
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, start)
            raise

    def _open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        from quizapp.store.writes import new_uid

        path = self.folder / f"{stamp}-{os.getpid()}-{new_uid()[:8]}.jsonl"
        # Made under another name and locked before it takes its own: a quiz starting in
        # this folder (or this quiz's own saver, replaying) would otherwise find it in the
        # moment between creating and locking, take it for an empty orphan and delete it,
        # and every line written after would go to a file nobody can find.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND
        if fcntl is None:  # no locks to take (and an open file cannot be renamed on Windows)
            self.path, self._fd = path, os.open(path, flags, 0o644)
            return
        making = path.with_name(path.name + MAKING_SUFFIX)
        fd = os.open(making, flags, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.replace(making, path)
        except OSError:
            os.close(fd)
            with contextlib.suppress(OSError):
                making.unlink()
            raise
        self.path, self._fd = path, fd

    def empty(self) -> None:
        """Everything kept here is in the database now: start the file again."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)

    def close(self, *, keep: bool) -> None:
        """Close the file; delete it unless `keep` (answers still wait in it)."""
        if self._fd is None:
            return
        if not keep and self.path is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()  # while still locked: no other quiz takes it half-deleted
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None


@dataclass
class Orphan:
    """A journal left by a quiz that is no longer running, locked by us while we replay it."""

    path: Path
    writes: list[Write]
    unreadable: int
    """Lines that are not writes this quizapp knows (kept in the file, not replayed)."""
    _file: IO[str]

    def done(self) -> None:
        """Every write in it is in the database: remove the file."""
        if self.unreadable:
            self.release()
            return
        with contextlib.suppress(OSError):
            self.path.unlink()
        self.release()

    def keep_as_refused(self) -> None:
        """Some writes were refused for good: keep the file (as `.refused`), replay it no more."""
        with contextlib.suppress(OSError):
            self.path.rename(self.path.with_suffix(".refused"))
        self.release()

    def release(self) -> None:
        with contextlib.suppress(OSError):
            self._file.close()


def orphans(folder: Path, own: Path | None = None) -> Iterator[Orphan]:
    """Journals in `folder` that no running quiz holds, oldest first."""
    from quizapp.store.writes import UnreadableWrite, write_from_json

    try:
        paths = sorted(folder.glob("*.jsonl"))
    except OSError:
        return
    for path in paths:
        if path == own:
            continue
        try:
            file = path.open("r+", encoding="utf-8")
        except OSError:
            continue
        if fcntl is not None:
            try:
                fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                file.close()
                continue  # its quiz is still running and will save these itself
        writes, unreadable = [], 0
        for line in file.read().splitlines():
            if not line.strip():
                continue
            try:
                writes.append(write_from_json(line))
            except UnreadableWrite:
                unreadable += 1  # a line cut short by a crash, or from a newer quizapp
        yield Orphan(path, writes, unreadable, file)


def waiting_answers(folder: Path) -> int:
    """How many answers wait in journals under `folder`, for a read-only report to mention."""
    count = 0
    try:
        paths = list(folder.glob("*.jsonl"))
    except OSError:
        return 0
    for path in paths:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            count += sum(
                1
                for line in path.read_text(encoding="utf-8").splitlines()
                if '"kind": "answer"' in line
            )
    return count
