"""`quizapp [PATH ...]`, `quizapp review` and `quizapp serve`: the commands that play."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.cli.arguments import UsageError, data_folder, store_address
from quizapp.cli.banks import BanksRefused, load_banks
from quizapp.cli.read_ahead import read_banks_ahead
from quizapp.engine.options import Mode, RoundOptions, on_topics
from quizapp.engine.scoring import Scoring
from quizapp.roster import load_roster
from quizapp.store.address import DATABASE_VARIABLE, DatabaseAddress
from quizapp.text.names import BadName, clean_name
from quizapp.text.safe import echo
from quizapp.text.wording import plural

if TYPE_CHECKING:
    from quizapp.bank.model import Deck

EXIT_OK = 0
EXIT_INVALID = 1
SERVE_OPEN_SECONDS = 10.0
"""How long `serve` waits for a busy database before serving anyway (the quizzes wait too)."""

PRELOADED: dict[tuple[tuple[str, ...], int], list[Deck]] = {}
"""Decks read ahead by `quizapp serve`'s pre-warmed parent (`quizapp.serve.zygote`), by
`bank_key`: each quiz it forks plays them instead of reading its banks again. The parent
checks the files before every fork and empties this when they changed and have problems,
so that the quiz reads them itself and tells its tab what is wrong, as a fresh one would."""


def round_options(args: argparse.Namespace) -> RoundOptions:
    """What the command line asked of every round."""
    return RoundOptions(
        mode=Mode(args.mode),
        seed=args.seed,
        shuffle=False if args.no_shuffle else None,
        limit=args.limit,
        topics=tuple(args.topic),
        time_limit=args.time_limit,
        scoring=Scoring(args.scoring),
        streak_bonus=args.streak_bonus,
        allow_overrule=False if args.no_overrule else None,
    )


def bank_key(args: argparse.Namespace) -> tuple[tuple[str, ...], int]:
    """What loaded decks depend on besides the files' contents: the paths and the size limit."""
    return tuple(args.paths), args.max_bank_mb


def _decks(args: argparse.Namespace):  # noqa: ANN202 - list[Deck]
    """The decks to play, narrowed to `--topic`; raises BanksRefused or UsageError."""
    decks = PRELOADED.get(bank_key(args))
    if decks is None:
        decks = load_banks(args, sys.stderr)
    if not args.topic:
        return decks
    chosen = [d for d in decks if on_topics(d.questions, args.topic)]
    if not chosen:
        known = sorted({t for d in decks for t in d.topics})
        raise UsageError(
            f"no questions have the topic {', '.join(args.topic)}; "
            f"topics are: {', '.join(known) or 'none'}"
        )
    return chosen


def run_play(args: argparse.Namespace, review: bool = False) -> int:
    """Load the banks and start the quiz; the results database opens in the background."""
    folder = data_folder(args)
    address = store_address(args)
    ahead = None if bank_key(args) in PRELOADED else read_banks_ahead(args)
    if ahead is not None:
        from quizapp.ui.app import make_app  # Textual, while the child reads the banks

        ahead.wait()
    try:
        decks = _decks(args)
    except BanksRefused:
        return EXIT_INVALID
    roster = load_roster(Path(args.roster)) if args.roster else None
    if roster and args.student and roster.find(args.student) is None:
        raise UsageError(f"--student: {roster.refusal(args.student)}")
    if args.served and (problem := _unusable_for_a_class(folder, address)):
        # A served quiz that saved nothing would lose a whole class's answers without a word;
        # exiting before the first frame shows the browser tab this line.
        echo(f"quizapp: error: {problem}", err=True)
        return EXIT_INVALID
    from quizapp.ui.app import make_app  # Textual is imported only to play

    app = make_app(
        decks,
        round_options(args),
        data_dir=folder,
        database=address,
        student_name=args.student,
        suggested_name="" if args.ask_name else login_name(),
        review_first=review,
        roster=roster,
    )
    app.run()
    if app.unsaved_at_exit:
        echo(
            f"quizapp: {plural(app.unsaved_at_exit, 'answer')} could not be saved yet; "
            f"kept in {folder / 'unsaved-answers'}, they are saved the next time quizapp "
            "starts with this data folder.",
            err=True,
        )
    return app.return_code or EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    """Check the banks and the database (creating and migrating it once), then serve.

    Every tab's quiz is told the database through the environment, not its
    command line: a server's address may hold a password, which `ps` would show.
    """
    folder = data_folder(args)
    address = store_address(args)
    try:
        if not args.live:  # a live room's bank is the host's: the tabs only join it
            _decks(args)
    except BanksRefused:
        return EXIT_INVALID
    if args.roster and not args.live:
        load_roster(Path(args.roster))  # a roster with problems is said now, not in every tab
    from quizapp.serve import serve
    from quizapp.store.database import StoreBusy
    from quizapp.store.results import ResultsStore

    if address.path is not None:
        os.environ[DATABASE_VARIABLE] = f"sqlite://{address.path.resolve()}"
    else:
        os.environ[DATABASE_VARIABLE] = address.conninfo
    where = address.described()
    # The default file is named by its data folder, as it always was; any other by itself.
    shown = str(folder) if address == DatabaseAddress.sqlite_in(folder) else where
    deadline = time.monotonic() + SERVE_OPEN_SECONDS
    while True:
        try:
            store = ResultsStore.open(address)  # create and migrate once, before the class joins
            break
        except StoreBusy as busy:
            if time.monotonic() > deadline:
                echo(
                    f"quizapp: warning: the results database {where} is busy or cannot be "
                    f"reached ({busy}); serving anyway: each quiz keeps its answers until it "
                    "can save them.",
                    err=True,
                )
                return serve(args, folder, shown)
            time.sleep(0.2)
    store.close()
    if not store.saving:
        # A folder that cannot be written is fixed by another folder; a database made by
        # a newer quizapp, by updating quizapp (the notice says so).
        advice = " Choose a writable --data-dir." if "newer quizapp" not in store.notice else ""
        echo(f"quizapp: error: {store.notice}{advice}", err=True)
        return EXIT_INVALID
    if store.notice:
        echo(f"quizapp: {store.notice}", err=True)
    return serve(args, folder, shown)


def _unusable_for_a_class(folder: Path, address: DatabaseAddress) -> str:
    """Why a served quiz could not save, or '' (checked quickly, before drawing).

    The data folder holds the answers that wait for the database, on a
    server too; a SQLite file elsewhere needs its own folder writable.
    """
    if address.path is not None and address.path.parent != folder:
        problem = _unusable_for_a_class(address.path.parent, DatabaseAddress.sqlite_in(folder))
        if problem:
            return problem
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = f"cannot create the data folder {folder} ({error.strerror or error})"
    else:
        if os.access(folder, os.W_OK):
            return ""
        reason = f"cannot write to the data folder {folder}"
    return f"Results are not being saved: {reason}."


def login_name() -> str:
    """The name the start screen suggests: the account's login name, if it makes a name."""
    try:
        return clean_name(getpass.getuser())
    except (OSError, KeyError, BadName):
        return ""
