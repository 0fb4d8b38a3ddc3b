"""`quizapp db upgrade`: bring a data folder's results database up to this version."""

from __future__ import annotations

import argparse

from quizapp.cli.arguments import data_folder
from quizapp.store.database import StoreBusy
from quizapp.store.location import DATABASE_NAME
from quizapp.store.migrations import LATEST_VERSION
from quizapp.store.results import ResultsStore
from quizapp.text.safe import echo

EXIT_OK = 0
EXIT_INVALID = 1


def run_db(args: argparse.Namespace) -> int:
    """The one action so far: upgrade (the same opening a quiz does, reported)."""
    folder = data_folder(args)
    path = folder / DATABASE_NAME
    if not path.is_file():
        echo(f"No results database in {folder} yet: nothing to upgrade.")
        return EXIT_OK
    try:
        store = ResultsStore.open(folder)
    except StoreBusy as busy:
        echo(
            f"quizapp: error: {path} is busy ({busy}); try again when no quiz is writing.", err=True
        )
        return EXIT_INVALID
    store.close()
    if not store.saving:
        echo(f"quizapp: error: {store.notice}", err=True)
        return EXIT_INVALID
    if store.notice:
        echo(f"quizapp: {store.notice}")
    echo(f"{path} is up to date (schema {LATEST_VERSION}).")
    return EXIT_OK
