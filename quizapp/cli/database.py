"""`quizapp db upgrade`: bring a results database up to this version of quizapp."""

from __future__ import annotations

import argparse

from quizapp.cli.arguments import store_address
from quizapp.store.database import StoreBusy
from quizapp.store.migrations import LATEST_VERSION
from quizapp.store.results import ResultsStore
from quizapp.text.safe import echo

EXIT_OK = 0
EXIT_INVALID = 1


def run_db(args: argparse.Namespace) -> int:
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
