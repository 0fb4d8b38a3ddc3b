"""`quizapp preview BANK [--question ID]`: a bank's questions shown as you edit it.

The bank is read and checked before Textual is imported: a bank that does
not load is listed as `quizapp validate` lists it (the preview needs one
good version to show), and an unknown `--question` names the ids there are.
From then on the app follows the file (`quizapp.ui.screens.preview`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from quizapp.bank.watch import BankWatch
from quizapp.cli.arguments import UsageError
from quizapp.text.safe import echo
from quizapp.text.wording import plural

EXIT_OK = 0
EXIT_INVALID = 1
IDS_LISTED = 10
"""An unknown --question lists at most this many of the bank's ids."""


def run_preview(args: argparse.Namespace) -> int:
    """Check the bank and the question asked for, then open the preview."""
    path = Path(args.bank)
    if path.is_dir():
        raise UsageError(
            f"{args.bank}: is a folder; preview one bank file, e.g. {args.bank}/bank.yaml"
        )
    if not path.is_file():
        raise UsageError(f"{args.bank}: no such file (quizapp new -o {args.bank} starts one)")
    bank = BankWatch(path, args.bank)
    check = bank.check()
    if check.deck is None:
        for problem in check.problems:
            echo(str(problem), stream=sys.stderr)
        echo(
            f"quizapp: {plural(len(check.problems), 'problem')} found; the preview needs a bank "
            "that loads once: fix it, then run quizapp preview again (from then on it follows "
            "every save)",
            err=True,
        )
        return EXIT_INVALID
    ids = [question.id for question in check.deck.questions]
    if args.question is not None and args.question not in ids:
        shown = ", ".join(ids[:IDS_LISTED]) + (", ..." if len(ids) > IDS_LISTED else "")
        raise UsageError(f"--question: no question '{args.question}' in {args.bank}; ids: {shown}")
    from quizapp.ui.preview_app import make_preview_app  # Textual is imported only now

    app = make_preview_app(bank, check, args.question)
    app.run()
    return app.return_code or EXIT_OK
