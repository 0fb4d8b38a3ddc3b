"""The `quizapp` command line.

Commands that draw nothing (`validate`) must stay fast and never import
Textual, so the UI is imported only inside `play`.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quizapp import __version__
from quizapp.bank.model import DEFAULT_MAX_BYTES
from quizapp.engine.scoring import Scoring
from quizapp.engine.session import Mode
from quizapp.report import FORMATS
from quizapp.serve.limits import DEFAULT_MAX_SESSIONS
from quizapp.store.location import DATA_DIR_VARIABLE
from quizapp.text.wording import plural

if TYPE_CHECKING:
    from quizapp.bank.model import Deck

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

PLAY_EPILOG = """\
commands:
  quizapp review [PATH ...]     spaced review: questions due today first, then new ones
  quizapp serve [PATH ...]      serve the quiz to a room of browsers (--host, --port)
  quizapp class                 the teacher's live view of the class (--leaderboard)
  quizapp report                the teacher's report over a data folder (--format csv|json)
  quizapp validate [PATH ...]   check banks (and --strict: lint them) without playing
  quizapp schema                print the JSON Schema of the bank format for editors

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


PORTS = range(1, 65536)


def port_number(text: str) -> int:
    """An argparse type for a TCP port (1 to 65535)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number") from None
    if value not in PORTS:
        raise argparse.ArgumentTypeError(f"must be from {PORTS.start} to {PORTS.stop - 1}")
    return value


def _add_bank_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="bank file or folder of banks (default: the bundled banks)",
    )
    parser.add_argument(
        "--max-bank-mb",
        type=whole_number(1),
        default=DEFAULT_MAX_BYTES // 1_000_000,
        metavar="MB",
        help=f"refuse bank files larger than this (default: {DEFAULT_MAX_BYTES // 1_000_000})",
    )


def _student_name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise argparse.ArgumentTypeError("a student name cannot be empty")
    return name


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"folder of the results database (default: ${DATA_DIR_VARIABLE}, "
        "else your user data folder); point a class at one shared folder",
    )


def play_parser(prog: str = "quizapp") -> argparse.ArgumentParser:
    """The parser for `quizapp [PATH ...]` and `quizapp review [PATH ...]`."""
    review = prog.endswith("review")
    parser = argparse.ArgumentParser(
        prog=prog,
        description=(
            "Spaced review: the questions due today (missed ones first), then ones never seen."
            if review
            else "Play a quiz from YAML question banks in the terminal."
        ),
        epilog=PLAY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    _add_bank_arguments(parser)
    parser.add_argument(
        "--student",
        type=_student_name,
        metavar="NAME",
        help="who is playing (default: asked on the start screen, filled in with your login name)",
    )
    _add_data_dir(parser)
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
    _add_round_rules(parser)
    parser.add_argument("--ask-name", action="store_true", help=argparse.SUPPRESS)
    # For the quiz `quizapp serve` starts per browser tab: refuse to run without saving.
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    return parser


def _add_round_rules(parser: argparse.ArgumentParser) -> None:
    """Timing and scoring: shared by playing and serving."""
    parser.add_argument(
        "--time-limit",
        type=whole_number(1),
        metavar="S",
        help="seconds per question, with a countdown (a question's own time_limit wins)",
    )
    parser.add_argument(
        "--scoring",
        choices=[s.value for s in Scoring],
        default=Scoring.FLAT.value,
        help="flat: the question's points (default); speed: up to 1000 per question, "
        "fewer the longer the answer takes",
    )
    parser.add_argument(
        "--streak-bonus",
        action="store_true",
        help="add 10%% of a question's value per right answer in a row (up to 50%%); "
        "off by default",
    )


def serve_parser() -> argparse.ArgumentParser:
    """The parser for `quizapp serve`: the play options, plus where to listen."""
    parser = play_parser("quizapp serve")
    parser.description = (
        "Serve the quiz to browsers (one quiz per tab); every result goes to one data folder."
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument("--port", type=port_number, default=8000, help="port (default: 8000)")
    parser.add_argument(
        "--max-sessions",
        type=whole_number(1),
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"quizzes running at once, one per browser tab; the next tab is told the room "
        f"is full (default: {DEFAULT_MAX_SESSIONS}, two classes of 30)",
    )
    return parser


def class_parser() -> argparse.ArgumentParser:
    """The parser for `quizapp class`: the teacher's live view."""
    parser = argparse.ArgumentParser(
        prog="quizapp class",
        description="A live view of the class: who has joined, how far each student is, "
        "and how each question is going, refreshed every second.",
    )
    parser.add_argument(
        "--deck", metavar="ID", help="the deck to watch (default: the one played most recently)"
    )
    parser.add_argument(
        "--leaderboard", action="store_true", help="rank students by score (off by default)"
    )
    parser.add_argument(
        "--hours",
        type=whole_number(1),
        default=12,
        metavar="N",
        help="show rounds started in the last N hours (default: 12)",
    )
    _add_data_dir(parser)
    return parser


def report_parser() -> argparse.ArgumentParser:
    """The parser for `quizapp report`."""
    parser = argparse.ArgumentParser(
        prog="quizapp report",
        description="The teacher's report over a data folder: per student, rounds and scores; "
        "per question, how many got it right at first try and the commonest wrong answer.",
    )
    parser.add_argument("--deck", metavar="ID", help="only this deck (its `deck:` id)")
    parser.add_argument("--student", type=_student_name, metavar="NAME", help="only this student")
    parser.add_argument(
        "--format", choices=FORMATS, default="table", help="table (default), csv or json"
    )
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of the terminal")
    _add_data_dir(parser)
    return parser


def validate_parser() -> argparse.ArgumentParser:
    """The parser for `quizapp validate [PATH ...]`."""
    parser = argparse.ArgumentParser(
        prog="quizapp validate",
        description="Check question banks without starting the quiz: errors, and warnings "
        "about questions that teach badly. Exit status: 0 valid, 1 problems found, 2 usage error.",
    )
    _add_bank_arguments(parser)
    parser.add_argument(
        "--strict",
        action="store_true",
        help="count warnings as problems (exit 1), e.g. before sharing a bank",
    )
    return parser


def schema_parser() -> argparse.ArgumentParser:
    """The parser for `quizapp schema`."""
    return argparse.ArgumentParser(
        prog="quizapp schema",
        description="Print the JSON Schema of the bank format, for editors that check YAML "
        "(save it next to your banks: quizapp schema > quizapp-bank.schema.json).",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `quizapp` script; returns the exit status, never a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("quizapp: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Whoever read our output stopped (`quizapp validate | head`): stop quietly,
        # and point stdout at nothing so the final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID


def _dispatch(args: list[str]) -> int:
    if args and args[0] == "validate":
        return run_validate(validate_parser().parse_args(args[1:]))
    if args and args[0] == "schema":
        schema_parser().parse_args(args[1:])
        return run_schema()
    if args and args[0] == "report":
        return run_report(report_parser().parse_args(args[1:]))
    if args and args[0] == "serve":
        return run_serve(serve_parser().parse_args(args[1:]))
    if args and args[0] == "class":
        return run_class(class_parser().parse_args(args[1:]))
    if args and args[0] == "review":
        return run_play(play_parser("quizapp review").parse_args(args[1:]), review=True)
    return run_play(play_parser().parse_args(args))


def _load(args: argparse.Namespace, report: TextIO) -> list[Deck] | int:
    """Load banks, or print why not (to `report`) and return the exit status."""
    from quizapp.bank.loader import BankNotFound, find_bank_files, load_decks
    from quizapp.bank.problems import BankError

    try:
        files = find_bank_files(args.paths)
    except BankNotFound as error:
        print(f"quizapp: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return load_decks(files, max_bytes=args.max_bank_mb * 1_000_000)
    except BankError as error:
        for problem in error.problems:
            print(problem, file=report)
        print(
            f"quizapp: {plural(len(error.problems), 'problem')} found; fix the bank and try again",
            file=report,
        )
        return EXIT_INVALID


def run_validate(args: argparse.Namespace) -> int:
    """`quizapp validate`: load, check and lint; print OK or every problem."""
    from quizapp.bank.lint import lint_decks

    loaded = _load(args, report=sys.stdout)
    if isinstance(loaded, int):
        return loaded
    warnings = lint_decks(loaded)
    for warning in warnings:
        print(warning)
    if warnings and args.strict:
        print(f"quizapp: {plural(len(warnings), 'warning')}, counted as problems with --strict")
        return EXIT_INVALID
    questions = sum(len(deck.questions) for deck in loaded)
    summary = f"OK: {plural(questions, 'question')} in {plural(len(loaded), 'deck')}"
    if warnings:
        summary += f" ({plural(len(warnings), 'warning')}; --strict counts them as problems)"
    print(summary)
    return EXIT_OK


def run_schema() -> int:
    """`quizapp schema`: print the bank format's JSON Schema."""
    from quizapp.bank.schema import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def run_play(args: argparse.Namespace, review: bool = False) -> int:
    """`quizapp [PATH ...]` and `quizapp review`: load the banks and start the TUI."""
    loaded = _load(args, report=sys.stderr)
    if isinstance(loaded, int):
        return loaded
    decks = loaded
    if args.topic:
        from quizapp.engine.session import on_topics

        decks = [d for d in decks if on_topics(d.questions, args.topic)]
        if not decks:
            known = sorted({t for d in loaded for t in d.topics})
            print(
                f"quizapp: error: no questions have the topic {', '.join(args.topic)}; "
                f"topics are: {', '.join(known) or 'none'}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    from quizapp.engine.session import RoundOptions

    options = RoundOptions(
        mode=Mode(args.mode),
        seed=args.seed,
        shuffle=False if args.no_shuffle else None,
        limit=args.limit,
        topics=tuple(args.topic),
        time_limit=args.time_limit,
        scoring=Scoring(args.scoring),
        streak_bonus=args.streak_bonus,
    )
    from quizapp.store.location import data_dir
    from quizapp.store.results import ResultsStore

    store = ResultsStore.open(data_dir(args.data_dir))
    if args.served and not store.saving:
        # A served quiz that saved nothing would lose a whole class's answers without a word.
        store.close()
        print(f"quizapp: error: {store.notice}", file=sys.stderr)
        return EXIT_INVALID
    from quizapp.ui.app import make_app  # Textual is imported only to play

    try:
        app = make_app(
            decks,
            options,
            store=store,
            student_name=args.student,
            suggested_name="" if args.ask_name else _login_name(),
            review_first=review,
        )
        app.run()
    finally:
        store.close()
    return app.return_code or EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    """`quizapp serve`: check the banks and the data folder, then serve."""
    loaded = _load(args, report=sys.stderr)
    if isinstance(loaded, int):
        return loaded
    from quizapp.serve import serve
    from quizapp.store.location import data_dir
    from quizapp.store.results import ResultsStore

    folder = data_dir(args.data_dir)
    store = ResultsStore.open(folder)  # create and migrate once, before the class joins
    store.close()
    if not store.saving:
        print(f"quizapp: error: {store.notice} Choose a writable --data-dir.", file=sys.stderr)
        return EXIT_INVALID
    if store.notice:
        print(f"quizapp: {store.notice}", file=sys.stderr)
    return serve(args, folder)


def run_class(args: argparse.Namespace) -> int:
    """`quizapp class`: the teacher's live view of the data folder."""
    from quizapp.store.location import DATABASE_NAME, data_dir

    folder = data_dir(args.data_dir)
    if not (folder / DATABASE_NAME).is_file():
        print(f"No results yet in {folder}: start `quizapp serve --data-dir {folder}` first.")
        return EXIT_OK
    from quizapp.ui.class_app import make_class_app  # Textual only for the live view

    app = make_class_app(folder, deck_id=args.deck, leaderboard=args.leaderboard, hours=args.hours)
    app.run()
    return app.return_code or EXIT_OK


def _login_name() -> str:
    """The name the start screen suggests: the account's login name."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def run_report(args: argparse.Namespace) -> int:
    """`quizapp report`: what the class got wrong, from the data folder."""
    from quizapp.report import render
    from quizapp.store.location import data_dir
    from quizapp.store.reports import has_results, question_summaries, student_summaries
    from quizapp.store.results import ResultsStore

    folder = data_dir(args.data_dir)
    store = ResultsStore.open_for_reading(folder)
    if store is None:
        print(
            f"No results yet in {folder}: they appear once students play with --data-dir {folder}."
        )
        return EXIT_OK
    try:
        if not has_results(store):
            print(f"No results yet in {folder}: no answers have been given.")
            return EXIT_OK
        student = store.find_student(args.student) if args.student else None
        if args.student and student is None:
            print(f"quizapp: error: no student named '{args.student}' in {folder}", file=sys.stderr)
            return EXIT_USAGE
        students = student_summaries(store, args.deck, student)
        questions = question_summaries(store, args.deck, student)
        if not students:
            print(f"No results for deck '{args.deck}' in {folder}.")
            return EXIT_OK
        text = render(students, questions, args.format)
    finally:
        store.close()
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8", newline="")
        except OSError as error:
            print(
                f"quizapp: error: cannot write {args.output}: {error.strerror or error}",
                file=sys.stderr,
            )
            return EXIT_INVALID
        print(f"Report written to {args.output}")
    else:
        sys.stdout.write(text)
    return EXIT_OK
