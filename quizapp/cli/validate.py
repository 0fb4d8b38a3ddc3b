"""`quizapp validate` and `quizapp schema`: checking banks without playing them."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.bank.problems import Problem, Severity
from quizapp.cli.arguments import UsageError
from quizapp.cli.banks import BanksRefused, check_banks
from quizapp.text.safe import echo
from quizapp.text.wording import plural

if TYPE_CHECKING:
    from quizapp.bank.article import Article, EvidenceCheck
    from quizapp.bank.model import Deck

EXIT_OK = 0
EXIT_INVALID = 1


def run_validate(args: argparse.Namespace) -> int:
    """Check and lint every bank; print every problem and warning in one run, then a summary.

    The linter looks at every question that passed even when others did not,
    so one run says all there is to fix; any problem still means exit 1.
    """
    from quizapp.bank.lint import lint_decks
    from quizapp.bank.loader import without_cycle_collection

    given_article = _given_article(args.source)
    files, check = check_banks(args)
    try:
        articles = _deck_articles(check.decks, given_article, coverage=args.coverage)
    except BanksRefused:
        return EXIT_INVALID
    with without_cycle_collection():  # lint builds indexes of every choice: no cycles either
        warnings = lint_decks(check.decks)
    checks = _check_evidence(articles, check.decks, warnings)
    for problem in in_reading_order(files, [*check.problems, *warnings]):
        echo(str(problem))
    if check.problems:
        found = plural(len(check.problems), "problem")
        if warnings:
            found += f" and {plural(len(warnings), 'warning')}"
        echo(f"quizapp: {found} found; fix the bank and try again")
        return EXIT_INVALID
    _report_articles(check.decks, checks, coverage=args.coverage)
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


# -- the article: evidence and coverage (`--source`, `source: {file: ...}`, `--coverage`) --


def _given_article(source: str | None) -> Article | None:
    """The article of `--source`, read before any bank; unreadable, it is a usage error."""
    if not source:
        return None
    from quizapp.bank.article import ArticleUnreadable, read_article

    try:
        return read_article(Path(source))
    except ArticleUnreadable as error:
        raise UsageError(f"--source: {error}") from None


def _deck_articles(
    decks: list[Deck], given: Article | None, *, coverage: bool
) -> list[tuple[Deck, Article]]:
    """Each deck with the article to check it against: `--source`, else its own `source.file`.

    A deck whose article cannot be read is a problem of that bank (FILE:LINE of
    `file:`): listed with the others, then `BanksRefused`.
    """
    if given is None and not any(deck.source.file for deck in decks):
        if coverage:
            raise UsageError(
                "--coverage needs the article: give it with --source ARTICLE, "
                "or name it in the bank as source: {file: ARTICLE}"
            )
        return []
    from quizapp.bank.article import ArticleUnreadable, article_path, read_article

    pairs: list[tuple[Deck, Article]] = []
    problems: list[Problem] = []
    read: dict[Path, Article] = {}
    for deck in decks:
        path = article_path(deck)
        if given is not None or path is None:
            if given is not None:
                pairs.append((deck, given))
            continue
        try:
            article = read.get(path) or read_article(path)
        except ArticleUnreadable as error:
            line = deck.field_lines.get("source.file")
            problems.append(
                Problem(str(deck.path), line, f"{error} (source file: is relative to the bank)")
            )
            continue
        read[path] = article
        pairs.append((deck, article))
    if problems:
        for problem in problems:
            echo(str(problem))
        echo(f"quizapp: {plural(len(problems), 'problem')} found; fix the bank and try again")
        raise BanksRefused
    return pairs


def _check_evidence(
    articles: list[tuple[Deck, Article]], decks: list[Deck], warnings: list[Problem]
) -> list[tuple[Deck, Article, EvidenceCheck]]:
    """Find each deck's evidence in its article; the warnings join `warnings`, in file order."""
    if not articles:
        return []
    from quizapp.bank.article import check_evidence

    checks = [(deck, article, check_evidence(deck, article)) for deck, article in articles]
    found = [warning for _, _, check in checks for warning in check.warnings]
    if found:
        order = {str(deck.path): number for number, deck in enumerate(decks)}
        warnings.extend(found)
        warnings.sort(key=lambda problem: (order.get(problem.file, len(order)), problem.line or 0))
    return checks


def _report_articles(
    decks: list[Deck], checks: list[tuple[Deck, Article, EvidenceCheck]], *, coverage: bool
) -> None:
    """How much evidence was found in each article, and with `--coverage` what it covers."""
    if not checks:
        return
    from quizapp.bank.article import coverage_report

    for deck, article, check in checks:
        if check.with_evidence:
            echo(
                f"{deck.path}: {len(check.found)} of "
                f"{plural(check.with_evidence, 'evidence phrase')} found in {article.label}"
            )
        else:
            echo(
                f"{deck.path}: no question has an `evidence:` phrase to look for in {article.label}"
            )
    if not coverage:
        return
    covered = {id(deck) for deck, _, _ in checks}
    for deck, article, check in checks:
        echo("")
        for line in coverage_report(deck, article, check):
            echo(line)
    for deck in decks:
        if id(deck) not in covered:
            echo("")
            echo(
                f"Coverage of {deck.path}: no article; name it in the bank as "
                "source: {file: ARTICLE}, or give --source ARTICLE"
            )
