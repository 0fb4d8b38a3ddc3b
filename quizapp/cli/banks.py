"""Loading the banks a command was given: every problem said, or the decks."""

from __future__ import annotations

import argparse
from typing import TextIO

from quizapp.bank.loader import BankNotFound, find_bank_files, load_decks
from quizapp.bank.model import Deck
from quizapp.bank.problems import BankError
from quizapp.cli.arguments import UsageError
from quizapp.text.safe import echo
from quizapp.text.wording import plural


class BanksRefused(Exception):
    """The banks have problems, already listed; the command exits 1."""


def load_banks(args: argparse.Namespace, stream: TextIO) -> list[Deck]:
    """The decks of `args.paths`, or every problem printed to `stream` and `BanksRefused`."""
    try:
        files = find_bank_files(args.paths)
    except BankNotFound as error:
        raise UsageError(str(error)) from None
    try:
        return load_decks(files, max_bytes=args.max_bank_mb * 1_000_000)
    except BankError as error:
        for problem in error.problems:
            echo(str(problem), stream=stream)
        echo(
            f"quizapp: {plural(len(error.problems), 'problem')} found; fix the bank and try again",
            stream=stream,
        )
        raise BanksRefused from None
