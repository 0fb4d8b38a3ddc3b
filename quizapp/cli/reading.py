"""`quizapp report` and `quizapp class`: reading a class's results, never changing them.

Both open the database read-only: nothing is renamed, created or migrated,
even when the file is damaged or from another version; they say so, with
the path and what to do, and exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
from pathlib import Path

from quizapp.cli.arguments import UsageError, data_folder
from quizapp.store.database import StoreUnreadable, damaged_message
from quizapp.store.journal import journal_folder, waiting_answers
from quizapp.store.location import DATABASE_NAME
from quizapp.store.results import ResultsStore, utc_now
from quizapp.text.safe import echo
from quizapp.text.wording import plural

EXIT_OK = 0
EXIT_INVALID = 1


def run_report(args: argparse.Namespace) -> int:
    """What the class got wrong, from the data folder."""
    from quizapp.report import render
    from quizapp.store.reports import has_results, question_summaries, student_summaries

    folder = data_folder(args)
    try:
        store = ResultsStore.read_only(folder)
        if store is None:
            echo(
                f"No results yet in {folder}: they appear once students play with "
                f"--data-dir {folder}."
            )
            return EXIT_OK
        try:
            if not has_results(store):
                echo(f"No results yet in {folder}: no answers have been given.")
                return EXIT_OK
            student = store.find_student(args.student) if args.student else None
            if args.student and student is None:
                raise UsageError(f"no student named '{args.student}' in {folder}")
            students = student_summaries(store, args.deck, student)
            questions = question_summaries(store, args.deck, student)
        finally:
            store.close()
    except StoreUnreadable as error:
        echo(f"quizapp: error: {error}", err=True)
        return EXIT_INVALID
    except sqlite3.DatabaseError as error:
        echo(f"quizapp: error: {damaged_message(folder / DATABASE_NAME, str(error))}", err=True)
        return EXIT_INVALID
    if not students:
        echo(f"No results for deck '{args.deck}' in {folder}.")
        return EXIT_OK
    _mention_waiting_answers(folder)
    text = render(students, questions, args.format)
    if not args.output:
        echo(text.rstrip("\n"))
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        echo(f"quizapp: error: cannot write {args.output}: {error.strerror or error}", err=True)
        return EXIT_INVALID
    echo(f"Report written to {args.output}")
    return EXIT_OK


def _mention_waiting_answers(folder: Path) -> None:
    """Answers a quiz could not save yet are not in the report: say so, and when they will be."""
    waiting = waiting_answers(journal_folder(folder))
    if waiting:
        echo(
            f"quizapp: note: {plural(waiting, 'answer')} {'is' if waiting == 1 else 'are'} "
            f"waiting in {journal_folder(folder)} (a quiz could not save them) and not in this "
            "report; the next quiz started with this data folder saves them.",
            err=True,
        )


def run_class(args: argparse.Namespace) -> int:
    """The teacher's live view of the data folder (read afresh every second, never written)."""
    from quizapp.store.reports import read_class

    folder = data_folder(args)
    since = utc_now() - dt.timedelta(hours=args.hours)
    try:
        read_class(folder, since, args.deck)  # a file that cannot be read is said here, plainly
    except StoreUnreadable as error:
        echo(f"quizapp: error: {error}", err=True)
        return EXIT_INVALID
    if not (folder / DATABASE_NAME).is_file():
        echo(f"No results yet in {folder}: start `quizapp serve --data-dir {folder}` first.")
        return EXIT_OK
    from quizapp.ui.class_app import make_class_app  # Textual only for the live view

    app = make_class_app(folder, deck_id=args.deck, leaderboard=args.leaderboard, hours=args.hours)
    app.run()
    return app.return_code or EXIT_OK
