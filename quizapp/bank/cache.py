"""Decks read before, kept so that starting again with unchanged banks skips PyYAML.

Reading the bundled bank (importing PyYAML, parsing, validating every
question) took 40 ms of the 90 ms quizapp spends before its first frame
beyond what a bare Textual app spends; unpickling the same deck takes 1 ms.
So a deck that passed validation is kept in the user's cache folder
(`~/.cache/quizapp/banks` on Linux; `XDG_CACHE_HOME` moves it), one file
per bank, and it is used again only when all of these are as they were:

* the bank's bytes, compared whole (not a checksum, not a time stamp: an
  edit within the same tick of the file system's clock still shows);
* the path the bank was named by, and the file it resolves to (a deck
  remembers its path);
* quizapp's bank code: the size and time of every module of `quizapp.bank`
  and `quizapp.text`, quizapp's version and Python's (a deck read by other
  rules is read again).

Anything else, or any fault reading or writing the cache, and the bank is
read from its file as always; a bank with problems is never kept, so its
problems are said at every start.

A pickle can run code when it is loaded. These are loaded by an unpickler
that builds nothing but a deck's own classes, paths, dates and decimals
(`_DeckUnpickler`), so a file planted in the cache folder can at worst give
a wrong deck, never run anything; the folder is the user's own (mode 700).
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import sys
import zlib
from pathlib import Path

import quizapp
from quizapp.bank import model
from quizapp.bank.model import Deck

CACHE_FORMAT = 1
"""Changed whenever what a cache file holds changes shape (older files are then read past)."""

_BUILDS = {
    ("pathlib", "PosixPath"),
    ("pathlib", "WindowsPath"),
    ("pathlib", "PurePosixPath"),
    ("pathlib", "PureWindowsPath"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "timedelta"),
    ("decimal", "Decimal"),
}
"""What a cached deck may be built of besides `quizapp.bank.model`'s own classes."""


class _DeckUnpickler(pickle.Unpickler):
    """Python's unpickler, refusing every name but a deck's classes (see the module's note)."""

    def find_class(self, module: str, name: str) -> object:
        if module == model.__name__:
            found = getattr(model, name, None)
            if isinstance(found, type) and found.__module__ == model.__name__:
                return found
        elif (module, name) in _BUILDS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a cached deck may not hold {module}.{name}")


def cache_folder() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("quizapp", appauthor=False) / "banks"


def _code_fingerprint() -> tuple[object, ...]:
    """What the rules that turn a bank into a deck are, as far as a cached deck cares."""
    package = Path(quizapp.__file__).parent
    stamps: list[tuple[str, int, int]] = []
    for folder in (package / "bank", package / "text"):
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.name.endswith(".py"):
                stat = entry.stat()
                stamps.append((entry.name, stat.st_size, stat.st_mtime_ns))
    return (CACHE_FORMAT, quizapp.__version__, sys.version_info[:2], tuple(stamps))


def _key(path: Path) -> tuple[object, ...]:
    return (str(path), str(path.resolve()), _code_fingerprint())


def _cache_file(path: Path) -> Path:
    resolved = str(path.resolve())
    return cache_folder() / f"{path.stem[:40]}-{zlib.crc32(resolved.encode()):08x}.pickle"


def holds(path: Path) -> bool:
    """Whether a deck is kept for the bank at `path` as its file is now (without building it)."""
    try:
        return _kept(path, path.read_bytes(), build=False) is not None
    except OSError:
        return False


def recall(path: Path, data: bytes) -> Deck | None:
    """The deck kept for the bank at `path` whose bytes are `data`, or None."""
    deck = _kept(path, data, build=True)
    return deck if isinstance(deck, Deck) else None


def _kept(path: Path, data: bytes, *, build: bool) -> object:
    """What is kept for `path` if it was kept for these bytes (the deck, or True unbuilt)."""
    try:
        with _cache_file(path).open("rb") as file:
            unpickler = _DeckUnpickler(file)
            if unpickler.load() != _key(path) or unpickler.load() != data:
                return None
            return unpickler.load() if build else True
    except Exception:  # noqa: BLE001 - a cache that cannot be used is read from the bank instead
        return None


def keep(path: Path, data: bytes, deck: Deck) -> None:
    """Keep `deck`, read from `data` at `path`, for the next start (quietly, if it can)."""
    target = _cache_file(path)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    buffer = io.BytesIO()
    try:
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        for part in (_key(path), data, deck):  # one pickler: `recall` reads with one unpickler
            pickler.dump(part)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(buffer.getvalue())
        os.replace(partial, target)  # whole or not at all, for a quiz starting beside this one
    except Exception:  # noqa: BLE001 - no cache is only a slower start
        with contextlib.suppress(Exception):
            partial.unlink()
