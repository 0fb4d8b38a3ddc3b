"""`quizapp host [PATH ...]`: open (or take up) a live room, then the teacher's screen.

Everything that can go wrong before the class sees anything is said here
in one line with exit status 1, before Textual is imported: banks with
problems, a deck that is not there, a database that cannot be opened, a
`--resume` code with no open room. Quitting the screen mid-room leaves the
room open, and the last line says how to take it up again.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.cli.arguments import UsageError, store_address
from quizapp.cli.banks import BanksRefused
from quizapp.cli.play import _decks
from quizapp.engine.session import Mode, RoundOptions, new_seed
from quizapp.roster import load_roster
from quizapp.text.safe import echo

if TYPE_CHECKING:
    from quizapp.bank.model import Deck
    from quizapp.live.host import LiveHost
    from quizapp.store.results import ResultsStore

EXIT_OK = 0
EXIT_INVALID = 1


class HostRefused(Exception):
    """The room cannot be opened or taken up; the message is the one line to show."""


def host_options(args: argparse.Namespace, seed: int) -> RoundOptions:
    """What the command line asked of the room's round (always a test: the reveal teaches)."""
    return RoundOptions(
        mode=Mode.TEST,
        seed=seed,
        shuffle=False if args.no_shuffle else None,
        limit=args.limit,
        topics=tuple(args.topic),
        time_limit=args.time_limit,
    )


def choose_deck(decks: list[Deck], deck_id: str | None) -> Deck:
    """The deck named by `--deck`, else the first (a line says which, when there are several)."""
    if deck_id is not None:
        found = next((d for d in decks if d.id == deck_id), None)
        if found is None:
            raise UsageError(
                f"--deck: no deck '{deck_id}' in the banks given; decks are: "
                + ", ".join(d.id for d in decks)
            )
        return found
    if len(decks) > 1:
        others = ", ".join(d.id for d in decks[1:])
        echo(
            f"quizapp: hosting '{decks[0].title}' (deck {decks[0].id}); "
            f"for another deck, add --deck ID ({others})",
            err=True,
        )
    return decks[0]


def open_host(store: ResultsStore, decks: list[Deck], args: argparse.Namespace) -> LiveHost:
    """A new room over the chosen deck, or the room `--resume` names; raises HostRefused."""
    from quizapp.live.host import LiveHost, NoLiveQuestions
    from quizapp.store import rooms

    if args.resume:
        code = rooms.normal_code(args.resume)
        try:
            return LiveHost.resume(store, decks, code)
        except rooms.RoomGone:
            raise HostRefused(
                f"no open room {code or args.resume} in {store_where(store)}; "
                "start a new one without --resume"
            ) from None
        except LookupError as error:
            raise HostRefused(str(error)) from None
    deck = choose_deck(decks, args.deck)
    roster = load_roster(Path(args.roster)).names if args.roster else ()
    seed = args.seed if args.seed is not None else new_seed()
    try:
        return LiveHost.open(
            store,
            deck,
            host_options(args, seed),
            seed,
            roster=roster,
            leaderboard=args.leaderboard,
        )
    except NoLiveQuestions as error:
        raise HostRefused(str(error)) from None


def store_where(store: ResultsStore) -> str:
    address = store.address
    return address.described() if address is not None else "memory"


def run_host(args: argparse.Namespace) -> int:
    """Check everything, open the room, run the teacher's screen; say how to resume on quit."""
    address = store_address(args)
    try:
        decks = _decks(args)
    except BanksRefused:
        return EXIT_INVALID
    if args.roster:
        load_roster(Path(args.roster))  # a roster with problems is said before the room opens
    from quizapp.store.database import StoreBusy, StoreUnreadable
    from quizapp.store.results import ResultsStore

    try:
        store = ResultsStore.open(address)
    except (StoreBusy, StoreUnreadable) as error:
        echo(
            f"quizapp: error: the results database {address.described()} cannot be opened "
            f"({error}); a live room needs it",
            err=True,
        )
        return EXIT_INVALID
    try:
        if not store.saving:
            echo(
                f"quizapp: error: {store.notice} A live room needs a writable --data-dir.", err=True
            )
            return EXIT_INVALID
        try:
            host = open_host(store, decks, args)
        except HostRefused as refused:
            echo(f"quizapp: error: {refused}", err=True)
            return EXIT_INVALID
        from quizapp.ui.host_app import make_host_app  # Textual only once the room is open

        app = make_host_app(host)
        app.run()
        if not app.ended:
            banks = "".join(f" {shlex.quote(path)}" for path in args.paths)
            echo(
                f"Room {host.code} is still open; take it up again with: "
                f"quizapp host{banks} --resume {host.code} {address.as_option()}"
            )
        return app.return_code or EXIT_OK
    finally:
        store.close()
