"""One bank file kept under watch while its author edits it (`quizapp preview`).

Plain Python, no UI: `BankWatch.check()` reads and validates the file as it
is now (errors, or the deck and the linter's warnings), and
`BankWatch.changes()` waits until the file may have changed.

Editors save in two ways, and both must be seen. Some write the file in
place; many (Vim, Emacs, VS Code, JetBrains, `sed -i`) write a temporary
file beside it and rename it over the bank, which replaces the file's inode:
a watch on the file itself would go deaf after the first save. So the
folder is watched (not recursively) and changes are filtered down to the
bank's name. A save caught half-way (an editor that truncates, then writes)
is read as it is: its problems are shown, and the next event reads it again.

Changes made before the watch was in place (between the first read and the
watcher starting) have no event: every wait also ends after
`RECHECK_SECONDS`, and then the file's signature (inode, size, times) says
whether it changed since it was read.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

from quizapp.bank.loader import load_deck
from quizapp.bank.model import DEFAULT_MAX_BYTES, Deck, Question
from quizapp.bank.problems import BankError, Problem

RECHECK_SECONDS = 1.0
"""How often the file's signature is compared even when no event came."""
QUIET_MS = 50
"""A save is taken as done once the folder has been quiet this long (watchfiles' `step`)."""
MOST_MS = 1_000
"""A stream of writes is read at least this often (watchfiles' `debounce`)."""
RETRY_SECONDS = 1.0
"""After the watcher failed (the folder went away), how long before watching again."""

Signature = tuple[int, int, int, int]
"""What a file looked like: inode, size, modification and change time (ns)."""


@dataclass(frozen=True)
class BankCheck:
    """The bank as it was read once: a deck and its warnings, or the errors that stop it."""

    deck: Deck | None
    """None when the bank has errors."""
    problems: tuple[Problem, ...]
    """The errors (when `deck` is None), else the linter's warnings."""

    @property
    def valid(self) -> bool:
        """The bank loads and can be played."""
        return self.deck is not None


def signature(path: Path) -> Signature | None:
    """The file's signature, or None when it cannot be seen (gone, mid-rename)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


class BankWatch:
    """A bank file: read it, and wait for its next save."""

    def __init__(self, path: Path, label: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        self.path = path
        """The file, as the user named it (what the deck's `path` is)."""
        self.label = label or str(path)
        """How problems name the file: as the user typed it, so an editor can jump there."""
        self.max_bytes = max_bytes
        self.seen: Signature | None = None
        """The signature of the file when it was last read."""
        folder = path.absolute().parent
        resolved = path.resolve()
        self.folders = tuple(dict.fromkeys([folder, resolved.parent]))
        """Where the file's name lives, and, for a link, where its target does."""
        self._names = {(folder, path.name), (resolved.parent, resolved.name)}

    def check(self) -> BankCheck:
        """Read and validate the bank as it is on disk now, then lint it if it loads.

        Never raises for a bad file: unreadable, half-written or invalid, it
        is a list of problems, each naming the file and line.
        """
        from quizapp.bank.lint import lint_decks

        self.seen = signature(self.path)
        try:
            deck = load_deck(self.path, label=self.label, max_bytes=self.max_bytes)
        except BankError as error:
            return BankCheck(None, tuple(error.problems))
        return BankCheck(deck, tuple(lint_decks([deck])))

    def concerns_bank(self, _change: object, changed: str) -> bool:
        """A watchfiles filter: True for an event on the bank's own name (either folder)."""
        path = Path(changed)
        return (path.parent, path.name) in self._names

    def changed_since_read(self) -> bool:
        """The file on disk is not the one last read (or it appeared, or went)."""
        return signature(self.path) != self.seen

    async def changes(self, stop: asyncio.Event) -> AsyncIterator[None]:
        """Yield each time the bank may have changed, until `stop` is set.

        Native file events (inotify, FSEvents, ...) when the system gives
        them; polling when it does not (out of inotify watches, a network
        folder). Set `WATCHFILES_FORCE_POLLING=1` to poll regardless.
        """
        from watchfiles import awatch

        polling: bool | None = None
        while not stop.is_set():
            started = False
            try:
                async for events in awatch(
                    *self.folders,
                    watch_filter=self.concerns_bank,
                    stop_event=stop,
                    recursive=False,
                    debounce=MOST_MS,
                    step=QUIET_MS,
                    rust_timeout=int(RECHECK_SECONDS * 1000),
                    yield_on_timeout=True,
                    force_polling=polling,
                ):
                    started = True
                    if events or self.changed_since_read():
                        yield
            except (OSError, RuntimeError):
                # The system refused native watching, or the folder went away.
                if not started and polling is None:
                    polling = True
                    continue
                if stop.is_set():
                    return
                yield  # the file is read again: whatever happened to it is said
                await _wait(stop, RETRY_SECONDS)


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    """Wait `seconds`, or less if `stop` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


def same_question(first: Question, second: Question) -> bool:
    """The same question, wherever it stands in the file (its line does not count)."""
    return replace(first, line=0) == replace(second, line=0)
