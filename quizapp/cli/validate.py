"""`quizapp validate` and `quizapp schema`: checking banks without playing them."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from quizapp.bank.problems import Problem, Severity
from quizapp.cli.banks import check_banks
from quizapp.text.safe import echo
from quizapp.text.wording import plural

EXIT_OK = 0
EXIT_INVALID = 1


def run_validate(args: argparse.Namespace) -> int:
    """Check and lint every bank; print every problem and warning in one run, then a summary.

    The linter looks at every question that passed even when others did not,
    so one run says all there is to fix; any problem still means exit 1.
    """
    from quizapp.bank.lint import lint_decks
    from quizapp.bank.loader import without_cycle_collection

    files, check = check_banks(args)
    with without_cycle_collection():  # lint builds indexes of every choice: no cycles either
        warnings = lint_decks(check.decks)
    for problem in in_reading_order(files, [*check.problems, *warnings]):
        echo(str(problem))
    if check.problems:
        found = plural(len(check.problems), "problem")
        if warnings:
            found += f" and {plural(len(warnings), 'warning')}"
        echo(f"quizapp: {found} found; fix the bank and try again")
        return EXIT_INVALID
    if warnings and args.strict:
        echo(f"quizapp: {plural(len(warnings), 'warning')}, counted as problems with --strict")
        return EXIT_INVALID
    questions = sum(len(deck.questions) for deck in check.decks)
    summary = f"OK: {plural(questions, 'question')} in {plural(len(check.decks), 'deck')}"
    if warnings:
        summary += f" ({plural(len(warnings), 'warning')}; --strict counts them as problems)"
    echo(summary)
    return EXIT_OK


def in_reading_order(files: list[Path], problems: Iterable[Problem]) -> list[Problem]:
    """File by file as named, each file's by line: a problem before a warning on the same line.

    A teacher reads a bank from the top: errors and warnings interleaved by
    line are fixed in one pass down the file.
    """
    position = {str(path): index for index, path in enumerate(files)}
    return sorted(
        problems,
        key=lambda p: (
            position.get(p.file, len(position)),
            p.line or 0,
            p.severity is Severity.WARNING,
        ),
    )


def run_schema() -> int:
    """Print the bank format's JSON Schema."""
    from quizapp.bank.schema import schema_text

    echo(schema_text().rstrip("\n"))
    return EXIT_OK
