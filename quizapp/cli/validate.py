"""`quizapp validate` and `quizapp schema`: checking banks without playing them."""

from __future__ import annotations

import argparse
import sys

from quizapp.cli.banks import BanksRefused, load_banks
from quizapp.text.safe import echo
from quizapp.text.wording import plural

EXIT_OK = 0
EXIT_INVALID = 1


def run_validate(args: argparse.Namespace) -> int:
    """Load, check and lint; print OK or every problem."""
    from quizapp.bank.lint import lint_decks
    from quizapp.bank.loader import without_cycle_collection

    try:
        decks = load_banks(args, sys.stdout)
    except BanksRefused:
        return EXIT_INVALID
    with without_cycle_collection():  # lint builds indexes of every choice: no cycles either
        warnings = lint_decks(decks)
    for warning in warnings:
        echo(str(warning))
    if warnings and args.strict:
        echo(f"quizapp: {plural(len(warnings), 'warning')}, counted as problems with --strict")
        return EXIT_INVALID
    questions = sum(len(deck.questions) for deck in decks)
    summary = f"OK: {plural(questions, 'question')} in {plural(len(decks), 'deck')}"
    if warnings:
        summary += f" ({plural(len(warnings), 'warning')}; --strict counts them as problems)"
    echo(summary)
    return EXIT_OK


def run_schema() -> int:
    """Print the bank format's JSON Schema."""
    from quizapp.bank.schema import schema_text

    echo(schema_text().rstrip("\n"))
    return EXIT_OK
