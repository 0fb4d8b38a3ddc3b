"""`quizapp db upgrade` and `quizapp db copy`: looking after a results database."""

from __future__ import annotations

import argparse

from quizapp.cli.arguments import UsageError, store_address
from quizapp.store.address import DatabaseAddress
from quizapp.store.copy import Copied, copy_results
from quizapp.store.database import StoreBusy, StoreUnreadable, database_errors, first_line
from quizapp.store.migrations import LATEST_VERSION
from quizapp.store.results import ResultsStore
from quizapp.text.safe import echo
from quizapp.text.wording import plural

EXIT_OK = 0
EXIT_INVALID = 1

WORDS = ("student", "round", "answer")
NOT_SAVING = "Results are not being saved: "
"""How the store's notice begins when it could not open a database to write to."""


def run_db(args: argparse.Namespace) -> int:
    if args.action == "copy":
        return run_copy(args)
    return run_upgrade(args)


def run_upgrade(args: argparse.Namespace) -> int:
    """`upgrade`: the same opening a quiz does, reported."""
    address = store_address(args)
    where = address.described()
    if address.path is not None and not address.path.is_file():
        echo(f"No results database in {address.path.parent} yet: nothing to upgrade.")
        return EXIT_OK
    try:
        store = ResultsStore.open(address)
    except StoreBusy as busy:
        echo(
            f"quizapp: error: {where} is busy or cannot be reached ({busy}); try again "
            "when no quiz is writing, or once the server is up.",
            err=True,
        )
        return EXIT_INVALID
    store.close()
    if not store.saving:
        echo(f"quizapp: error: {store.notice}", err=True)
        return EXIT_INVALID
    if store.notice:
        echo(f"quizapp: {store.notice}")
    echo(f"{where} is up to date (schema {LATEST_VERSION}).")
    return EXIT_OK


def run_copy(args: argparse.Namespace) -> int:
    """`copy --from URL --to URL`: the source's whole history merged into the target."""
    source_address = DatabaseAddress.parse(args.source)
    target_address = DatabaseAddress.parse(args.target)
    source_name, target_name = source_address.described(), target_address.described()
    if source_address.same_as(target_address):
        raise UsageError(f"--from and --to both name {source_name}: copy into another database")
    try:
        source = ResultsStore.read_only(source_address)
    except StoreUnreadable as error:
        return _fail(str(error))
    if source is None:
        return _fail(
            f"no results database at {source_name}: nothing to copy (is the address right?)"
        )
    try:
        target = _open_target(target_address)
        if isinstance(target, str):
            return _fail(target)
        try:
            copied = copy_results(source, target)
        except database_errors() as error:
            return _fail(
                f"copying into {target_name} failed ({first_line(error)}); it was left as it was"
            )
        finally:
            target.close()
    finally:
        source.close()
    echo(_summary(copied, source_name, target_name))
    return EXIT_OK


def _open_target(address: DatabaseAddress) -> ResultsStore | str:
    """The target store, created and brought up to date; or why it cannot be written."""
    where = address.described()
    try:
        store = ResultsStore.open(address)
    except StoreBusy as busy:
        if address.is_sqlite:
            return f"{where} is in use by another program ({busy}); nothing was copied: try again"
        return f"{busy}; nothing was copied: check the address and that the server is running"
    except database_errors() as error:
        return f"cannot write to {where}: {first_line(error)}"
    if not store.saving:
        store.close()
        return f"cannot copy into {where}: {store.notice.removeprefix(NOT_SAVING).rstrip('.')}"
    if store.notice:
        echo(f"quizapp: {store.notice}")
    return store


def _fail(message: str) -> int:
    echo(f"quizapp: error: {message}", err=True)
    return EXIT_INVALID


def _summary(copied: Copied, source: str, target: str) -> str:
    """`Copied 3 students, 12 rounds and 380 answers from A to B (2 rounds and 40 answers
    were there already).`"""
    new = (copied.students, copied.rounds, copied.answers)
    there = [
        plural(count, word)
        for count, word in zip(
            (copied.students_there, copied.rounds_there, copied.answers_there),
            WORDS,
            strict=True,
        )
        if count
    ]
    if not any(new):
        if not there:
            return f"{source} has no students or rounds yet: nothing was copied to {target}."
        return f"Nothing new to copy: the {_and(there)} of {source} were in {target} already."
    copied_text = _and([plural(n, w) for n, w in zip(new, WORDS, strict=True)])
    if not there:
        return f"Copied {copied_text} from {source} to {target}."
    verb = "was" if len(there) == 1 and there[0].startswith("1 ") else "were"
    return f"Copied {copied_text} from {source} to {target} ({_and(there)} {verb} there already)."


def _and(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
