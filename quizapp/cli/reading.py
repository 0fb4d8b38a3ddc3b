"""`quizapp report` and `quizapp class`: reading a class's results, never changing them.

Both open the database read-only: nothing is renamed, created or migrated,
even when the file is damaged or from another version; they say so, with
the path and what to do, and exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from quizapp.cli.arguments import UsageError, data_folder, store_address
from quizapp.roster import load_roster
from quizapp.store.database import (
    StoreUnreadable,
    damaged_message,
    database_errors,
    first_line,
)
from quizapp.store.journal import journal_folder, waiting_answers
from quizapp.store.reports import ReportFilter, has_results
from quizapp.store.results import ResultsStore, utc_now
from quizapp.text.safe import echo
from quizapp.text.wording import plural

EXIT_OK = 0
EXIT_INVALID = 1


def report_scope(args: argparse.Namespace, store: ResultsStore) -> ReportFilter:
    """The results the report covers, from `--deck`, `--student`, `--since` and `--until`."""
    if args.since and args.until and args.since > args.until:
        raise UsageError(f"--since {args.since} is after --until {args.until}")
    student = store.find_student(args.student) if args.student else None
    if args.student and student is None:
        raise UsageError(f"no student named '{args.student}' in the results")
    return ReportFilter(
        deck_id=args.deck,
        student=student,
        since=_local_midnight(args.since) if args.since else None,
        until=_local_midnight(args.until + dt.timedelta(days=1)) if args.until else None,
    )


def _local_midnight(day: dt.date) -> dt.datetime:
    """The start of `day` where the teacher is: "since 10 June" means from midnight here."""
    return dt.datetime.combine(day, dt.time()).astimezone()


def _period(args: argparse.Namespace) -> str:
    if args.since and args.until:
        return f"from {args.since} to {args.until}"
    if args.since:
        return f"from {args.since} on"
    return f"up to {args.until}" if args.until else ""


def run_report(args: argparse.Namespace) -> int:
    """What the class got wrong, from the data folder or `--database` (read-only)."""
    folder = data_folder(args)
    address = store_address(args)
    where = address.described() if address.path is None else str(folder)
    roster = load_roster(Path(args.roster)).names if args.roster else ()
    try:
        store = ResultsStore.read_only(address)
        if store is None:
            echo(
                f"No results yet in {where}: they appear once students play with "
                f"{address.as_option()}."
            )
            return EXIT_OK
        try:
            if not has_results(store):
                echo(f"No results yet in {where}: no answers have been given.")
                return EXIT_OK
            text = _report_text(args, store, roster)
        finally:
            store.close()
    except StoreUnreadable as error:
        echo(f"quizapp: error: {error}", err=True)
        return EXIT_INVALID
    except database_errors() as error:
        if address.path is None:
            echo(f"quizapp: error: cannot read {where}: {first_line(error)}", err=True)
        else:
            echo(f"quizapp: error: {damaged_message(address.path, str(error))}", err=True)
        return EXIT_INVALID
    if text is None:
        what = f"deck '{args.deck}'" if args.deck else "these choices"
        echo(f"No results for {what} in {where}{' ' + _period(args) if _period(args) else ''}.")
        return EXIT_OK
    _mention_waiting_answers(folder)
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


def _report_text(
    args: argparse.Namespace, store: ResultsStore, roster: Sequence[str]
) -> str | None:
    """The report asked for, or None when the filters leave nothing."""
    from quizapp.report import (
        Summary,
        render_answers,
        render_gradebook,
        render_summary,
        sections_of,
    )
    from quizapp.store.reports import (
        answer_rows,
        decks,
        gradebook,
        question_summaries,
        student_summaries,
    )

    scope = report_scope(args, store)
    shown = [d for d in decks(store) if not args.deck or d.deck_id == args.deck]
    if args.answers:
        rows = answer_rows(store, scope)
        return render_answers(rows, args.format) if rows else None
    students = student_summaries(store, scope)
    if not students:
        return None
    played = {s.deck_id for s in students}
    shown = [d for d in shown if d.deck_id in played]
    pages = args.format == "html"
    if args.gradebook or pages:  # only these show it: not worked out for nothing
        books = tuple(gradebook(store, deck, scope, roster) for deck in shown)
    else:
        books = ()
    if args.gradebook:
        return render_gradebook(books, args.format)
    questions = question_summaries(store, scope)
    summary = Summary(
        sections_of(shown, students, questions, roster),
        period=_period(args),
        answers=tuple(answer_rows(store, scope)) if pages else (),
        gradebooks=books,
    )
    return render_summary(summary, args.format)


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
    from quizapp.store.class_progress import read_class

    address = store_address(args)
    roster = load_roster(Path(args.roster)).names if args.roster else ()
    since = utc_now() - dt.timedelta(hours=args.hours)
    try:
        # A database that cannot be read is said here, plainly; None: nothing in it yet.
        found = read_class(address, since, args.deck)
    except StoreUnreadable as error:
        echo(f"quizapp: error: {error}", err=True)
        return EXIT_INVALID
    if found is None and (address.path is None or not address.path.is_file()):
        where = address.described() if address.path is None else str(address.path.parent)
        echo(f"No results yet in {where}: start `quizapp serve {address.as_option()}` first.")
        return EXIT_OK
    from quizapp.ui.class_app import make_class_app  # Textual only for the live view

    app = make_class_app(
        address, deck_id=args.deck, leaderboard=args.leaderboard, hours=args.hours, roster=roster
    )
    app.run()
    return app.return_code or EXIT_OK
