"""The `quizapp` command line.

Commands that draw nothing (`validate`) must stay fast and never import
Textual, so the UI is imported only inside `play`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from quizapp import __version__
from quizapp.bank import BankError, BankNotFound, Deck, find_bank_files, load_decks
from quizapp.engine.session import Mode, RoundOptions
from quizapp.wording import plural

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

COMMANDS = ("validate",)
"""Subcommands; any other first argument is a bank path to play."""

PLAY_EPILOG = """\
commands:
  quizapp validate [PATH ...]   check banks without starting the quiz

keys while playing:
  1-9 / a-g  answer a choice question at once   arrows + Enter  pick
  Enter      submit, then go on                  h  hint    s  skip
  o          "I was right" after a typed answer  ?  help    q  quit

Without a PATH the bundled banks are played. A PATH may be a bank file
(.yaml/.yml) or a folder, searched recursively.
"""


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type for whole numbers of at least `minimum`."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more")
        return value

    return parse


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="bank file or folder of banks (default: the bundled banks)",
    )


def play_parser() -> argparse.ArgumentParser:
    """The parser for `quizapp [PATH ...]`, the default command."""
    parser = argparse.ArgumentParser(
        prog="quizapp",
        description="Play a quiz from YAML question banks in the terminal.",
        epilog=PLAY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    _add_paths(parser)
    parser.add_argument(
        "--mode",
        choices=[m.value for m in Mode],
        default=Mode.PRACTICE.value,
        help="practice: feedback after each answer, missed questions come back (default); "
        "test: no feedback until the results",
    )
    parser.add_argument(
        "--seed", type=whole_number(0), help="fix the order of questions and choices (reproducible)"
    )
    parser.add_argument(
        "--no-shuffle",
        action="store_true",
        help="ask questions and show choices in the bank's order",
    )
    parser.add_argument("--limit", type=whole_number(1), metavar="N", help="ask only N questions")
    parser.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="NAME",
        help="ask only questions of this topic (repeat for several)",
    )
    return parser


def validate_parser() -> argparse.ArgumentParser:
    """The parser for `quizapp validate [PATH ...]`."""
    parser = argparse.ArgumentParser(
        prog="quizapp validate",
        description="Check question banks without starting the quiz. "
        "Exit status: 0 valid, 1 problems found, 2 usage error.",
    )
    _add_paths(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `quizapp` script; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "validate":
        return run_validate(validate_parser().parse_args(args[1:]))
    return run_play(play_parser().parse_args(args))


def _load(paths: Sequence[str], report: TextIO) -> list[Deck] | int:
    """Load banks, or print why not (to `report`) and return the exit status."""
    try:
        files = find_bank_files(paths)
    except BankNotFound as error:
        print(f"quizapp: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return load_decks(files)
    except BankError as error:
        for problem in error.problems:
            print(problem, file=report)
        print(
            f"quizapp: {plural(len(error.problems), 'problem')} found; fix the bank and try again",
            file=report,
        )
        return EXIT_INVALID


def run_validate(args: argparse.Namespace) -> int:
    """`quizapp validate`: load and check, print OK or every problem."""
    loaded = _load(args.paths, report=sys.stdout)
    if isinstance(loaded, int):
        return loaded
    questions = sum(len(deck.questions) for deck in loaded)
    print(f"OK: {plural(questions, 'question')} in {plural(len(loaded), 'deck')}")
    return EXIT_OK


def run_play(args: argparse.Namespace) -> int:
    """`quizapp [PATH ...]`: load the banks and start the TUI."""
    loaded = _load(args.paths, report=sys.stderr)
    if isinstance(loaded, int):
        return loaded
    decks = loaded
    if args.topic:
        wanted = {t.casefold() for t in args.topic}
        decks = [d for d in decks if wanted & {t.casefold() for t in d.topics}]
        if not decks:
            known = sorted({t for d in loaded for t in d.topics})
            print(
                f"quizapp: error: no questions have the topic {', '.join(args.topic)}; "
                f"topics are: {', '.join(known) or 'none'}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    options = RoundOptions(
        mode=Mode(args.mode),
        seed=args.seed,
        shuffle=False if args.no_shuffle else None,
        limit=args.limit,
        topics=tuple(args.topic),
    )
    from quizapp.ui.app import make_app  # Textual is imported only to play

    app = make_app(decks, options)
    app.run()
    return app.return_code or EXIT_OK
