"""Find bank files, read them from disk and turn them into decks.

This is the one door through which banks come in: the play command and
the tests load through `load_decks`, the validator through `check_decks`
(which also gives the sound questions of a file with problems, to lint).
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.bank import cache
from quizapp.bank.model import DEFAULT_MAX_BYTES, Deck
from quizapp.bank.problems import BankError, Problem

BANK_SUFFIXES = (".yaml", ".yml")


class BankNotFound(Exception):
    """A path the user named holds no bank: a usage error, not a bad bank."""


def bundled_banks_dir() -> Path:
    """The folder of banks that ship with quizapp.

    An installed wheel carries them inside the package (`quizapp/questions`);
    an editable install or a checkout reads the project's own `questions/`
    folder, so a teacher's edit there shows on the next launch.
    """
    package_dir = Path(__file__).resolve().parent.parent
    packaged = package_dir / "questions"
    if packaged.is_dir():
        return packaged
    return package_dir.parent / "questions"


def find_bank_files(paths: Sequence[str | Path]) -> list[Path]:
    """Expand files and folders (searched recursively) into bank files.

    With no paths, the bundled banks. Raises `BankNotFound` for a path that
    does not exist or a folder without banks.
    """
    if not paths:
        paths = [bundled_banks_dir()]
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in BANK_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                raise BankNotFound(f"{raw}: no .yaml or .yml banks in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise BankNotFound(f"{raw}: no such file or folder")
    return list(dict.fromkeys(files))


def _size(count: int) -> str:
    """`19.9 MB`, `12 KB`, `9 bytes`."""
    if count >= 1_000_000:
        return f"{count / 1e6:.1f} MB".replace(".0 MB", " MB")
    if count >= 1_000:
        return f"{count / 1e3:.0f} KB"
    return f"{count} bytes"


def read_bank_text(path: Path, label: str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a bank as UTF-8 text (a BOM is fine), or raise `BankError`."""
    return bank_text(read_bank_bytes(path, label, max_bytes), label)


def read_bank_bytes(path: Path, label: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A bank's bytes, or `BankError` when it is too big or cannot be read."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise BankError(
                [
                    Problem(
                        label,
                        None,
                        f"the file is {_size(size)}, over the limit of {_size(max_bytes)} "
                        "for a bank; split it into several banks, or raise the limit "
                        "with --max-bank-mb",
                    )
                ]
            )
        return path.read_bytes()
    except OSError as error:
        raise BankError(
            [Problem(label, None, f"cannot read the file: {error.strerror or error}")]
        ) from None


def bank_text(data: bytes, label: str) -> str:
    """A bank's bytes as UTF-8 text (a BOM is fine), or `BankError` saying where they are not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise BankError(
            [
                Problem(
                    label,
                    line,
                    f"not UTF-8 text (byte {error.start}: 0x{data[error.start]:02x}); "
                    "save the file as UTF-8 in your editor",
                )
            ]
        ) from None


@contextmanager
def without_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while banks are read (and, in `validate`, linted).

    Reading builds hundreds of thousands of small objects and no cycles; the
    collector would walk them again and again (it took half the load time of
    a 10,000-question bank). Paused per file only, it still walked every deck
    already read each time the heap had grown by a quarter: 1.9 s of 8 s for
    50,000 questions in 100 files. It is switched back on straight after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass
class BankCheck:
    """What checking bank files found: every problem, and the decks to lint.

    `quizapp validate` says everything in one run, so a file with problems
    still gives its deck here, holding the questions that passed; such a
    deck is for the linter only, never for playing.
    """

    decks: list[Deck] = field(default_factory=list)
    """Every deck that could be built, in file order, with only its sound questions."""
    problems: list[Problem] = field(default_factory=list)
    """Every problem of every file, in file order, each file's by line."""


def check_deck(
    path: Path, label: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Deck | None, list[Problem]]:
    """Load and validate one bank file: the deck of its sound questions, and every problem.

    The deck is None only when nothing could be read (no file, not YAML, not
    a mapping); otherwise it comes back even with problems, for the linter.
    """
    label = label or str(path)
    try:
        text = read_bank_text(path, label, max_bytes)
    except BankError as error:
        return None, error.problems
    return _deck_from_text(text, path, label)


def _deck_from_text(text: str, path: Path, label: str) -> tuple[Deck | None, list[Problem]]:
    # PyYAML and the validator are imported here, when a bank is read: a start whose
    # banks are all in the cache (`quizapp.bank.cache`) draws its first frame without them.
    from quizapp.bank.validate import build_deck
    from quizapp.bank.yaml_reader import YamlSyntaxError, read_yaml

    with without_cycle_collection():
        try:
            document = read_yaml(text)
        except YamlSyntaxError as error:
            return None, [Problem(label, error.line, error.message)]
        return build_deck(document, path, label, partial=True)


def load_deck(path: Path, label: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Deck:
    """Load and validate one bank file; raise `BankError` listing every problem."""
    deck, problems = check_deck(path, label, max_bytes)
    if deck is None or problems:
        raise BankError(problems)
    return deck


def check_decks(files: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> BankCheck:
    """Check every file: all their problems, and the decks of what passed (see `BankCheck`)."""
    files = list(files)
    check = BankCheck()
    first_file: dict[str, Path] = {}
    for path, (deck, problems) in zip(files, _check_each(files, max_bytes), strict=True):
        check.problems.extend(problems)
        if deck is None:
            continue
        check.decks.append(deck)
        check.problems.extend(_id_taken(deck, path, first_file))
    return check


PARALLEL_FROM_BYTES = 2_000_000
"""Banks of this much YAML or more, in two files or more, are read on every core."""


def _check_each(files: list[Path], max_bytes: int) -> list[tuple[Deck | None, list[Problem]]]:
    """`check_deck` of every file, in order: in worker processes when there is much to read.

    Reading a bank is pure CPU (libyaml, then validating each question) and
    one file's deck does not depend on another's, so a folder of banks is
    read by as many processes as there are cores (forked: nothing is
    imported again) and only the decks come back. Checking a folder of
    50,000 questions on two cores takes about 0.6 of the time it took in one
    process; a few small banks are read here, where a worker would cost more
    to start than it saves.
    """
    cores = os.cpu_count() or 1
    with without_cycle_collection():
        if cores > 1 and len(files) > 1 and _bytes_of(files) >= PARALLEL_FROM_BYTES:
            try:
                return _check_in_workers(files, max_bytes, min(cores, len(files)))
            except Exception:  # noqa: BLE001 - read here instead, where a real fault shows itself
                pass  # no processes to be had (no /dev/shm, a worker killed for memory, …)
        return [check_deck(path, max_bytes=max_bytes) for path in files]


def _bytes_of(files: list[Path]) -> int:
    total = 0
    for path in files:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


def _check_in_workers(
    files: list[Path], max_bytes: int, workers: int
) -> list[tuple[Deck | None, list[Problem]]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_check_file, files, [max_bytes] * len(files)))


def _check_file(path: Path, max_bytes: int) -> tuple[Deck | None, list[Problem]]:
    """One file, in a worker (a function of the module, so that it can be sent there)."""
    with without_cycle_collection():
        return check_deck(path, max_bytes=max_bytes)


def _id_taken(deck: Deck, path: Path, first_file: dict[str, Path]) -> list[Problem]:
    """The problem of a deck whose id an earlier file's deck has; notes the id if free."""
    if deck.id not in first_file:
        first_file[deck.id] = path
        return []
    return [
        Problem(
            str(path),
            None,
            f"deck id '{deck.id}' is also used by {first_file[deck.id]}; "
            "give one of them another `deck:` id",
        )
    ]


def load_decks(files: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES) -> list[Deck]:
    """Load every file; raise one `BankError` with the problems of all of them.

    A bank read before with the same bytes comes from `quizapp.bank.cache`;
    a bank read now that has no problems is kept there for the next start.
    """
    decks: list[Deck] = []
    problems: list[Problem] = []
    first_file: dict[str, Path] = {}
    with without_cycle_collection():
        for path in files:
            label = str(path)
            try:
                data = read_bank_bytes(path, label, max_bytes)
                deck = cache.recall(path, data)
                if deck is None:
                    deck, found = _deck_from_text(bank_text(data, label), path, label)
                    if deck is not None and not found:
                        cache.keep(path, data, deck)
                    problems.extend(found)
            except BankError as error:
                problems.extend(error.problems)
                continue
            if deck is None:
                continue
            decks.append(deck)
            problems.extend(_id_taken(deck, path, first_file))
    if problems:
        raise BankError(problems)
    return decks
