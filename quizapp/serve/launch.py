"""`quizapp serve` itself: warn about who can reach it, start the server, end cleanly."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.serve.address import is_loopback, public_url
from quizapp.serve.command import child_command, parent_command
from quizapp.serve.limits import Limits
from quizapp.text.safe import echo

if TYPE_CHECKING:
    from quizapp.serve.children import Launcher


def serve(args: argparse.Namespace, data_dir: Path, results: str = "") -> int:
    """Run the web server until Ctrl+C; returns the exit status if it could not listen,
    else ends the process once every quiz has exited."""
    from quizapp.serve.server import QuizServer

    shown = public_url(args.host, args.port)
    if not is_loopback(args.host):
        echo(
            f"quizapp: warning: listening on {args.host}: anyone who can reach port {args.port} "
            "of this machine can take the quiz and add results to the class's store.",
            err=True,
        )

    def announce() -> None:
        echo(
            f"Serving the quiz at {shown} (results in {results or data_dir}, at most "
            f"{args.max_sessions} quizzes at once); Ctrl+C stops it."
        )
        if getattr(args, "live", False):
            echo("Every tab joins a live room: students type the code `quizapp host` shows.")
        sys.stdout.flush()

    server = QuizServer(
        child_command(args, data_dir),
        host=args.host,
        port=args.port,
        limits=Limits(max_sessions=args.max_sessions),
        launcher=_launcher(args, data_dir),
    )
    status = server.run(announce)
    if status == 0:
        # Every quiz has exited and the server holds nothing open but its output: skip
        # the interpreter's teardown of some 400 modules, which takes up to a second
        # on a busy machine, so that Ctrl+C gives the teacher back the terminal at once.
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    return status


def _launcher(args: argparse.Namespace, data_dir: Path) -> Launcher:
    """Forked quizzes from a pre-warmed parent where that works, else a process per tab.

    Imported here, not at the top: the command line reads `DEFAULT_MAX_SESSIONS`
    from this package on every start, and must not pay for asyncio and sockets."""
    from quizapp.serve import forked
    from quizapp.serve.children import OneProcessPerTab

    if why := forked.unavailable():
        return OneProcessPerTab(child_command(args, data_dir), why)
    per_tab = OneProcessPerTab(child_command(args, data_dir))
    from quizapp.serve.session import served_environment

    return forked.PrewarmedParent(
        partial(parent_command, args, data_dir), served_environment(), fallback=per_tab
    )
