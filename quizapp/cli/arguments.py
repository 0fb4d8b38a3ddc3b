"""Every command's arguments: parsers, and types that check each value before anything runs.

A bad value is one line (`quizapp: error: argument --seed: ...`) and exit
status 2, never a traceback: numbers have ranges, text must be real text
(an argument whose bytes are not UTF-8 is named as such), student names are
cleaned as the start screen cleans them, and whatever argparse prints passes
through the terminal-safe boundary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from quizapp import __version__
from quizapp.bank.model import DEFAULT_MAX_BYTES
from quizapp.engine.options import Mode
from quizapp.engine.scoring import Scoring
from quizapp.store.address import (
    DATABASE_VARIABLE,
    BadAddress,
    DatabaseAddress,
    database_address,
)
from quizapp.store.location import DATA_DIR_VARIABLE, DATABASE_NAME, data_dir
from quizapp.text.names import BadName, clean_name
from quizapp.text.safe import for_terminal

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

EXIT_USAGE = 2

MAX_SEED = 2**31 - 1
"""Seeds the results screen shows are six digits; any 32-bit number replays as well."""
MAX_LIMIT = 100_000
MAX_SECONDS = 3_600
"""An hour for one question is more than any drill needs."""
MAX_BANK_MB = 1_000
MAX_SESSIONS = 10_000
"""Far beyond what one machine serves (each quiz is a process of its own, some 17 MB PSS)."""
MAX_HOURS = 24 * 366
"""The class view looks back at most a year."""

PLAY_EPILOG = """\
commands:
  quizapp review [PATH ...]     spaced review: questions due today first, then new ones
  quizapp serve [PATH ...]      serve the quiz to a room of browsers (--host, --port)
  quizapp class                 the teacher's live view of the class (--leaderboard)
  quizapp host [PATH ...]       a live room: the teacher paces, the class answers at once
  quizapp join [CODE]           a student's screen in a live room the teacher runs
  quizapp report                the teacher's report over a data folder (--format csv|json)
  quizapp validate [PATH ...]   check banks (and --strict: lint them) without playing
  quizapp schema                print the JSON Schema of the bank format for editors
  quizapp new [ARTICLE] -o BANK start a bank (from a plain-text article, if given)
  quizapp preview BANK          one question at a time, reloaded on every save
  quizapp import FILE           a bank from GIFT, Aiken, Moodle XML or CSV (-o BANK)
  quizapp export BANK --format  GIFT, Moodle XML, Anki, Kahoot or CSV (-o FILE)
  quizapp db upgrade            bring a data folder's database up to this version
  quizapp db copy --from --to   copy a class's history into another database (URLs)

keys while playing:
  1-9 / a-g  answer a choice question at once   arrows + Enter  pick
  Enter      submit, then go on                  h  hint    s  skip
  o          "I was right" after a typed answer  ?  help    q  quit

Without a PATH the bundled banks are played. A PATH may be a bank file
(.yaml/.yml) or a folder, searched recursively.
"""


class UsageError(Exception):
    """A mistake in what was asked, found after parsing: one line, exit status 2."""


class QuizArgumentParser(argparse.ArgumentParser):
    """argparse, speaking in one safe line per mistake."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """Usage, help and errors all end here: shown through the terminal-safe boundary."""
        if message:
            (file or sys.stderr).write(for_terminal(message, lines=True))

    def error(self, message: str) -> NoReturn:
        """One line, with where to read more; exit status 2."""
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def is_text(value: str) -> bool:
    """False for an argument whose bytes were not valid UTF-8 (Python keeps them as surrogates)."""
    return not any(0xD800 <= ord(char) <= 0xDFFF for char in value)


def text(value: str) -> str:
    """An argparse type for text: it must be real text, not stray bytes."""
    if not is_text(value):
        raise argparse.ArgumentTypeError(
            f"'{for_terminal(value)}' is not valid UTF-8 text (check the terminal's encoding)"
        )
    return value


def whole_number(minimum: int, maximum: int) -> Callable[[str], int]:
    """An argparse type for whole numbers from `minimum` to `maximum`."""

    def parse(value: str) -> int:
        try:
            number = int(value.strip().replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"'{for_terminal(value)}' is not a whole number"
            ) from None
        if not minimum <= number <= maximum:
            raise argparse.ArgumentTypeError(f"must be a whole number from {minimum} to {maximum}")
        return number

    return parse


def student_name(value: str) -> str:
    """A student name as the start screen would take it (NFC, trimmed, readable)."""
    try:
        return clean_name(value)
    except BadName as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def folder(value: str) -> str:
    """A folder given on the command line: SQLite needs its name as text."""
    if not value.strip():
        raise argparse.ArgumentTypeError("the folder name is empty")
    text(value)
    return value


def data_folder(args: argparse.Namespace) -> Path:
    """The data folder: `--data-dir`, else `$QUIZAPP_DATA_DIR` (checked alike), else the user's."""
    if args.data_dir:
        return data_dir(args.data_dir)
    value = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    if value:
        try:
            folder(value)
        except argparse.ArgumentTypeError as error:
            raise UsageError(f"{DATA_DIR_VARIABLE}: {error}") from None
    return data_dir()


def day(value: str) -> dt.date:
    """An argparse type for a date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{for_terminal(value)}' is not a date written YYYY-MM-DD, like 2025-06-10"
        ) from None


def roster_file(value: str) -> str:
    """A roster file named on the command line (read and checked when the command runs)."""
    return folder(value)


def _add_roster(parser: argparse.ArgumentParser, does: str) -> None:
    parser.add_argument("--roster", type=roster_file, metavar="FILE", help=does)


def _add_bank_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="bank file or folder of banks (default: the bundled banks)",
    )
    parser.add_argument(
        "--max-bank-mb",
        type=whole_number(1, MAX_BANK_MB),
        default=DEFAULT_MAX_BYTES // 1_000_000,
        metavar="MB",
        help=f"refuse bank files larger than this (default: {DEFAULT_MAX_BYTES // 1_000_000})",
    )


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=folder,
        metavar="DIR",
        help=f"folder of the results database (default: ${DATA_DIR_VARIABLE}, "
        "else your user data folder); point a class at one shared folder",
    )
    parser.add_argument(
        "--database",
        type=database_url,
        metavar="URL",
        help=f"keep results elsewhere than the data folder (default: ${DATABASE_VARIABLE}): "
        "sqlite:///path/quizapp.db, postgresql://user@host:5432/dbname or service=NAME",
    )


def database_url(value: str) -> str:
    """A `--database` value, checked when parsed so a mistake is one line before anything opens."""
    text(value)
    try:
        DatabaseAddress.parse(value)
    except BadAddress as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def store_address(args: argparse.Namespace) -> DatabaseAddress:
    """Where results go: `--database`, else `$QUIZAPP_DATABASE`, else the data folder's file."""
    try:
        address = database_address(getattr(args, "database", None), data_folder(args))
    except BadAddress as error:
        raise UsageError(str(error)) from None
    if address.path is not None and address.path.is_dir():
        # Opening it would take the folder for a damaged database file.
        raise UsageError(
            f"the database address names a folder, {address.path}; name the file in it, like "
            f"sqlite://{(address.path / DATABASE_NAME).resolve()}"
        )
    return address


def play_parser(prog: str = "quizapp") -> QuizArgumentParser:
    """The parser for `quizapp [PATH ...]` and `quizapp review [PATH ...]`."""
    review = prog.endswith("review")
    parser = QuizArgumentParser(
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
        type=student_name,
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
        "--seed",
        type=whole_number(0, MAX_SEED),
        help="fix the order of questions and choices (reproducible)",
    )
    parser.add_argument(
        "--no-shuffle",
        action="store_true",
        help="ask questions and show choices in the bank's order",
    )
    parser.add_argument(
        "--limit", type=whole_number(1, MAX_LIMIT), metavar="N", help="ask only N questions"
    )
    parser.add_argument(
        "--topic",
        type=text,
        action="append",
        default=[],
        metavar="NAME",
        help="ask only questions of this topic (repeat for several)",
    )
    _add_round_rules(parser)
    _add_roster(
        parser,
        "the class list (one name per line, UTF-8): only names on it may play, with a "
        "did-you-mean for typos",
    )
    parser.add_argument("--ask-name", action="store_true", help=argparse.SUPPRESS)
    # For the quiz `quizapp serve` starts per browser tab: refuse to run without saving.
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    return parser


def _add_round_rules(parser: argparse.ArgumentParser) -> None:
    """Timing and scoring: shared by playing and serving."""
    parser.add_argument(
        "--time-limit",
        type=whole_number(1, MAX_SECONDS),
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
    parser.add_argument(
        "--no-overrule",
        action="store_true",
        help="students cannot count a typed answer marked wrong as right (`o`); without this "
        "flag the deck's `allow_overrule` setting decides (allowed by default)",
    )


def serve_parser() -> QuizArgumentParser:
    """The parser for `quizapp serve`: the play options, plus where to listen."""
    from quizapp.serve.limits import DEFAULT_MAX_SESSIONS  # imported by the one command using it

    parser = play_parser("quizapp serve")
    parser.description = (
        "Serve the quiz to browsers (one quiz per tab); every result goes to one data folder."
    )
    parser.add_argument(
        "--host",
        type=text,
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    parser.add_argument(
        "--port", type=whole_number(1, 65_535), default=8000, help="port (default: 8000)"
    )
    parser.add_argument(
        "--max-sessions",
        type=whole_number(1, MAX_SESSIONS),
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"quizzes running at once, one per browser tab; the next tab is told the room "
        f"is full (default: {DEFAULT_MAX_SESSIONS}, two classes of 30)",
    )
    parser.add_argument(
        "--live",
        action="store_true",
        help="each tab joins a live room run with `quizapp host` (`quizapp join`: the "
        "first screen asks for the room's code) instead of playing a quiz of its own",
    )
    return parser


def class_parser() -> QuizArgumentParser:
    """The parser for `quizapp class`: the teacher's live view."""
    parser = QuizArgumentParser(
        prog="quizapp class",
        description="A live view of the class: who has joined, how far each student is, "
        "and how each question is going, refreshed every second.",
    )
    parser.add_argument(
        "--deck",
        type=text,
        metavar="ID",
        help="the deck to watch (default: the one played most recently)",
    )
    parser.add_argument(
        "--leaderboard", action="store_true", help="rank students by score (off by default)"
    )
    _add_roster(parser, "the class list (one name per line): who has not joined yet is listed")
    parser.add_argument(
        "--hours",
        type=whole_number(1, MAX_HOURS),
        default=12,
        metavar="N",
        help="show rounds started in the last N hours (default: 12)",
    )
    _add_data_dir(parser)
    return parser


def host_parser() -> QuizArgumentParser:
    """The parser for `quizapp host [PATH ...]`: the teacher's screen of a live room."""
    parser = QuizArgumentParser(
        prog="quizapp host",
        description="Open a live room and project this screen: students join with the "
        "room's code (quizapp join CODE), everyone answers the same question at once, and "
        "you reveal how the class answered before going on.",
        epilog="keys: Enter/n start or go on · r reveal · p pause/go on · s skip · e end · "
        "q quit (the room stays open: take it up again with --resume CODE)",
    )
    _add_bank_arguments(parser)
    parser.add_argument(
        "--deck",
        type=text,
        metavar="ID",
        help="the deck to host when the banks hold several (default: the first)",
    )
    parser.add_argument(
        "--seed",
        type=whole_number(0, MAX_SEED),
        help="fix the order of questions and choices (reproducible)",
    )
    parser.add_argument(
        "--no-shuffle",
        action="store_true",
        help="ask questions and show choices in the bank's order",
    )
    parser.add_argument(
        "--time-limit",
        type=whole_number(1, MAX_SECONDS),
        metavar="SECONDS",
        help="seconds per question, with a countdown; the answer is revealed when time is up "
        "(a question's own time_limit wins)",
    )
    parser.add_argument(
        "--limit", type=whole_number(1, MAX_LIMIT), metavar="N", help="ask only N questions"
    )
    parser.add_argument(
        "--topic",
        type=text,
        action="append",
        default=[],
        metavar="NAME",
        help="ask only questions of this topic (repeat for several)",
    )
    _add_roster(parser, "the class list (one name per line, UTF-8): only names on it may join")
    parser.add_argument(
        "--leaderboard",
        action="store_true",
        help="rank students by points at the end (off by default)",
    )
    parser.add_argument(
        "--resume",
        type=text,
        metavar="CODE",
        help="take up the open room CODE where it was (after this screen was closed)",
    )
    _add_data_dir(parser)
    return parser


def report_parser() -> QuizArgumentParser:
    """The parser for `quizapp report`."""
    from quizapp.report import FORMATS  # imported by the one command using it

    parser = QuizArgumentParser(
        prog="quizapp report",
        description="The teacher's report over a data folder, per deck: each student's rounds "
        "and scores; per question, how many got it right at the first try and the commonest "
        "wrong answer. --gradebook: a row per student, a column per question. --answers: "
        "every answer as given, overrules included.",
    )
    parser.add_argument("--deck", type=text, metavar="ID", help="only this deck (its `deck:` id)")
    parser.add_argument("--student", type=student_name, metavar="NAME", help="only this student")
    parser.add_argument(
        "--since", type=day, metavar="YYYY-MM-DD", help="only results from this day on"
    )
    parser.add_argument(
        "--until", type=day, metavar="YYYY-MM-DD", help="only results up to this day (included)"
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument(
        "--gradebook",
        action="store_true",
        help="a row per student and a column per question: the first-try credit, and the total",
    )
    what.add_argument(
        "--answers",
        action="store_true",
        help="every answer: student, question, round, time, response as typed, credit, flags",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default), csv, json or html (one page to open, project or print)",
    )
    parser.add_argument(
        "--output", type=folder, metavar="FILE", help="write to FILE instead of the terminal"
    )
    _add_roster(
        parser, "the class list (one name per line): students on it with no round are listed"
    )
    _add_data_dir(parser)
    return parser


def validate_parser() -> QuizArgumentParser:
    """The parser for `quizapp validate [PATH ...]`."""
    parser = QuizArgumentParser(
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
    parser.add_argument(
        "--source",
        type=folder,
        metavar="ARTICLE",
        help="the article (plain text) to find each question's evidence in, for every deck "
        "(default: the file a deck names in source: {file: ...})",
    )
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="list the article's sections and paragraphs with the questions whose evidence "
        "lies in each, and those no question cites (needs an article)",
    )
    return parser


def schema_parser() -> QuizArgumentParser:
    """The parser for `quizapp schema`."""
    return QuizArgumentParser(
        prog="quizapp schema",
        description="Print the JSON Schema of the bank format, for editors that check YAML "
        "(save it next to your banks: quizapp schema > quizapp-bank.schema.json).",
    )


def db_parser() -> QuizArgumentParser:
    """The parser for `quizapp db upgrade` and `quizapp db copy`."""
    parser = QuizArgumentParser(
        prog="quizapp db",
        description="Look after a results database: bring it up to date, or copy a class's "
        "history from one database into another.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    upgrade = actions.add_parser(
        "upgrade",
        help="bring the database up to this version of quizapp (a student's next quiz does it too)",
        description="Bring the data folder's results database up to this version of quizapp.",
    )
    _add_data_dir(upgrade)
    copy = actions.add_parser(
        "copy",
        help="copy every student, round, answer and review from one database into another",
        description="Copy a class's whole history (students, decks, rounds, answers with their "
        "overrules, review schedules) from one results database into another, e.g. from a "
        "laptop's SQLite file to the school's PostgreSQL server. The source is only read. "
        "The target is created if need be and changed in one go (all or nothing); what it "
        "holds already is kept, and merged: students by name, rounds and answers by their "
        "ids, so copying again copies nothing twice.",
        epilog="example: quizapp db copy --from sqlite:///home/me/.local/share/quizapp/"
        "quizapp.db --to postgresql://teacher@school.example:5432/quizapp",
    )
    copy.add_argument(
        "--from",
        dest="source",
        type=database_url,
        required=True,
        metavar="URL",
        help="the database to copy from (only read): sqlite:///path/quizapp.db, "
        "postgresql://user@host:5432/dbname or service=NAME",
    )
    copy.add_argument(
        "--to",
        dest="target",
        type=database_url,
        required=True,
        metavar="URL",
        help="the database to copy into (created, or brought up to date, if need be)",
    )
    return parser


def preview_parser() -> QuizArgumentParser:
    """The parser for `quizapp preview BANK [--question ID]`."""
    parser = QuizArgumentParser(
        prog="quizapp preview",
        description="Show a bank one question at a time while you edit it: answer it to see "
        "the feedback; every save is checked and shown at once (problems listed, the last "
        "good version kept). Nothing is saved.",
    )
    parser.add_argument("bank", type=folder, metavar="BANK", help="the bank file (.yaml/.yml)")
    parser.add_argument(
        "--question",
        type=text,
        metavar="ID",
        help="open on the question with this id (default: the first)",
    )
    return parser


def new_parser() -> QuizArgumentParser:
    """The parser for `quizapp new [ARTICLE] -o BANK`."""
    parser = QuizArgumentParser(
        prog="quizapp new",
        description="Write a starting bank that validates: title, source and date read from "
        "a plain-text article (its headings become sections and topics), a briefing to "
        "write, one question that plays and a commented example of every question type.",
    )
    parser.add_argument(
        "article",
        nargs="?",
        type=folder,
        metavar="ARTICLE",
        help="the article as plain text (UTF-8); without it, every value is a placeholder",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=folder,
        required=True,
        metavar="BANK",
        help="the bank file to write (.yaml or .yml)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite BANK if it exists (never the article)"
    )
    return parser


def import_parser() -> QuizArgumentParser:
    """The parser for `quizapp import FILE [-o BANK] [--format F] [--force]`."""
    from quizapp.exchange.formats import IMPORT_FORMATS

    parser = QuizArgumentParser(
        prog="quizapp import",
        description="Make a bank from another tool's questions (Moodle GIFT or XML, Aiken, "
        "CSV/TSV incl. Quizlet's export); what cannot be carried is listed with its line.",
    )
    parser.add_argument("file", type=folder, metavar="FILE", help="the file to import")
    parser.add_argument(
        "-o", "--output", type=folder, metavar="BANK", help="the bank to write (default: FILE.yaml)"
    )
    parser.add_argument(
        "--format", choices=IMPORT_FORMATS, help="the file's format (default: told from it)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite BANK if it exists")
    return parser


def export_parser() -> QuizArgumentParser:
    """The parser for `quizapp export BANK --format F [-o FILE] [--allow-partial] [--force]`."""
    from quizapp.exchange.formats import EXPORT_FORMATS

    parser = QuizArgumentParser(
        prog="quizapp export",
        description="Write a bank for another tool (Moodle GIFT or XML, Anki, Kahoot, CSV); "
        "every question the format cannot hold is listed with its id.",
    )
    parser.add_argument("bank", type=folder, metavar="BANK", help="the bank to export")
    parser.add_argument("--format", choices=EXPORT_FORMATS, required=True, help="the format")
    parser.add_argument(
        "-o",
        "--output",
        type=folder,
        metavar="FILE",
        help="the file to write (default: beside BANK)",
    )
    parser.add_argument(
        "--allow-partial",
        action="store_true",
        help="write what fits even when some questions cannot be written (they are listed)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    return parser
