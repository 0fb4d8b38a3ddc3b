"""Loading the banks a command was given: every problem said, or the decks."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from quizapp.bank.loader import BankCheck, BankNotFound, check_decks, find_bank_files, load_decks
from quizapp.bank.model import Deck
from quizapp.bank.problems import BankError
from quizapp.cli.arguments import UsageError
from quizapp.text.safe import echo
from quizapp.text.wording import plural


class BanksRefused(Exception):
    """The banks have problems, already listed; the command exits 1."""


def bank_files(args: argparse.Namespace) -> list[Path]:
    """The files of `args.paths` (the bundled banks without any); a bad path is a usage error."""
    try:
        return find_bank_files(args.paths)
    except BankNotFound as error:
        raise UsageError(str(error)) from None


def load_banks(args: argparse.Namespace, stream: TextIO) -> list[Deck]:
    """The decks of `args.paths`, or every problem printed to `stream` and `BanksRefused`."""
    files = bank_files(args)
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


def check_banks(args: argparse.Namespace) -> tuple[list[Path], BankCheck]:
    """The files of `args.paths` and what checking them found, problems and all (for validate)."""
    files = bank_files(args)
    return files, check_decks(files, max_bytes=args.max_bank_mb * 1_000_000)
