"""`quizapp join [CODE]`: a student's screen in a live room the teacher runs (`quizapp host`).

The room lives in the results store, so `join` takes the same `--data-dir`
and `--database` as every command that uses it: a shared folder (SQLite)
for terminals in one classroom, a PostgreSQL server for several machines.
`quizapp serve --live` runs this command in every browser tab, without a
code (the first screen asks for it) and without a suggested name.
"""

from __future__ import annotations

import argparse

from quizapp import __version__
from quizapp.cli.arguments import (
    QuizArgumentParser,
    _add_data_dir,
    data_folder,
    store_address,
    student_name,
    text,
)
from quizapp.text.safe import echo

EXIT_OK = 0
EXIT_INVALID = 1


def join_parser() -> QuizArgumentParser:
    """The parser for `quizapp join`."""
    parser = QuizArgumentParser(
        prog="quizapp join",
        description="Join a live room the teacher runs with `quizapp host`: answer each "
        "question as the teacher opens it, and see how the class did at the reveal.",
    )
    parser.add_argument("--version", action="version", version=f"quizapp {__version__}")
    parser.add_argument(
        "code",
        nargs="?",
        type=text,
        metavar="CODE",
        help="the room's code, as the teacher shows it (default: asked on the first screen)",
    )
    parser.add_argument(
        "--student",
        type=student_name,
        metavar="NAME",
        help="who is answering (default: asked, filled in with your login name)",
    )
    _add_data_dir(parser)
    parser.add_argument("--ask-name", action="store_true", help=argparse.SUPPRESS)
    # For the tabs of `quizapp serve --live`: refuse to run where nothing can be written.
    parser.add_argument("--served", action="store_true", help=argparse.SUPPRESS)
    return parser


def run_join(args: argparse.Namespace) -> int:
    """Open the join screen; the results store opens in the background."""
    from quizapp.cli.play import _unusable_for_a_class, login_name

    folder = data_folder(args)
    address = store_address(args)
    if args.served and (problem := _unusable_for_a_class(folder, address)):
        echo(f"quizapp: error: {problem}", err=True)
        return EXIT_INVALID
    from quizapp.ui.join_app import make_join_app  # Textual is imported only to draw

    app = make_join_app(
        address,
        code=args.code or "",
        student_name=args.student,
        suggested_name="" if args.ask_name else login_name(),
    )
    app.run()
    return app.return_code or EXIT_OK
