"""The `quizapp` command line: one module per command, and this entry point.

Commands that draw nothing (`validate`, `report`, `schema`, `db`, `new`,
`import`, `export`) never import Textual; only playing, serving, previewing,
the class view and hosting a live room do, and only once their arguments and banks have been
checked. Whatever happens, a person
gets a line or two and an exit status, never a traceback.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

from quizapp.cli.arguments import (
    EXIT_USAGE,
    UsageError,
    class_parser,
    db_parser,
    host_parser,
    new_parser,
    play_parser,
    preview_parser,
    report_parser,
    schema_parser,
    serve_parser,
    validate_parser,
)
from quizapp.roster import RosterError
from quizapp.text.safe import echo

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_INTERNAL = 70
"""EX_SOFTWARE: quizapp itself failed (a crash file says how)."""
EXIT_INTERRUPTED = 130

__all__ = ["main", "serve_parser"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `quizapp` script; returns the exit status, never a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(args)
    except SystemExit as stop:  # argparse: --help, --version, or a usage error already said
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    except UsageError as error:
        echo(f"quizapp: error: {error}", err=True)
        return EXIT_USAGE
    except RosterError as error:
        echo(str(error), err=True)
        return EXIT_INVALID
    except KeyboardInterrupt:
        echo("quizapp: interrupted", err=True)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # Whoever read our output stopped (`quizapp validate | head`): stop quietly,
        # and point stdout at nothing so the final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback, no locals
        from quizapp.crash import crash_message

        echo(crash_message(error), err=True)
        return EXIT_INTERNAL


WITHOUT_A_SCREEN = frozenset(
    {"validate", "schema", "report", "db", "serve", "new", "import", "export"}
)
"""Commands that switch the cycle collector back on (`quizapp.launch`) at once; the
others open a screen, which does so after its first frame."""


def _dispatch(args: list[str]) -> int:
    command = args[0] if args else ""
    rest = args[1:]
    if command in WITHOUT_A_SCREEN:
        gc.enable()
    if command == "validate":
        from quizapp.cli.validate import run_validate

        return run_validate(validate_parser().parse_args(rest))
    if command == "schema":
        from quizapp.cli.validate import run_schema

        schema_parser().parse_args(rest)
        return run_schema()
    if command == "report":
        from quizapp.cli.reading import run_report

        return run_report(report_parser().parse_args(rest))
    if command == "class":
        from quizapp.cli.reading import run_class

        return run_class(class_parser().parse_args(rest))
    if command == "host":
        from quizapp.cli.host import run_host

        return run_host(host_parser().parse_args(rest))
    if command == "db":
        from quizapp.cli.database import run_db

        return run_db(db_parser().parse_args(rest))
    if command == "new":
        from quizapp.cli.new import run_new

        return run_new(new_parser().parse_args(rest))
    if command == "import":
        from quizapp.cli.arguments import import_parser
        from quizapp.cli.exchange import run_import

        return run_import(import_parser().parse_args(rest))
    if command == "export":
        from quizapp.cli.arguments import export_parser
        from quizapp.cli.exchange import run_export

        return run_export(export_parser().parse_args(rest))
    if command == "join":
        from quizapp.cli.join import join_parser, run_join

        return run_join(join_parser().parse_args(rest))
    if command == "preview":
        from quizapp.cli.preview import run_preview

        return run_preview(preview_parser().parse_args(rest))
    from quizapp.cli.play import run_play, run_serve

    if command == "serve":
        return run_serve(serve_parser().parse_args(rest))
    if command == "review":
        return run_play(play_parser("quizapp review").parse_args(rest), review=True)
    return run_play(play_parser().parse_args(args))
