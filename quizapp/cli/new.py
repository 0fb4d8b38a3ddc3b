"""`quizapp new [ARTICLE] -o BANK [--force]`: write a starting bank, from an article if given.

What goes in the bank is `quizapp.bank.starter`'s; this module reads the
article, refuses what should not happen (overwriting a bank without
`--force`, the article ever), checks that the bank it made validates, and
writes it atomically: a temporary file beside the bank, synced, then put in
place in one step, so a crash or a full disk never leaves half a bank, and
an editor or `quizapp preview` watching the folder sees one complete save.
No Textual here: it draws nothing.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from quizapp.bank.loader import BANK_SUFFIXES, load_deck
from quizapp.bank.model import DEFAULT_MAX_BYTES
from quizapp.bank.problems import BankError
from quizapp.bank.starter import Article, StarterInput, read_article, starter_bank
from quizapp.bank.validate import default_deck_id
from quizapp.cli.arguments import UsageError
from quizapp.cli.files import Refused, read_input_text, refuse_existing, write_atomically
from quizapp.text.safe import echo

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_INTERNAL = 70
MAX_ARTICLE_BYTES = DEFAULT_MAX_BYTES
"""An article is a few pages; a file this big is not the one meant."""


def run_new(args: argparse.Namespace) -> int:
    """Write the starting bank named by `-o`; 0, or 1 with one line saying why not."""
    output = Path(args.output)
    if output.suffix.lower() not in BANK_SUFFIXES:
        raise UsageError(
            f"-o {args.output}: a bank's name ends in .yaml or .yml, "
            f"e.g. {output.stem or 'drill'}.yaml"
        )
    if output.is_dir():
        raise UsageError(
            f"-o {args.output}: is a folder; name the bank, e.g. {args.output}/drill.yaml"
        )
    try:
        article, relative = _article(args, output)
        refuse_existing(output, args.output, force=args.force)
        text = starter_bank(StarterInput(default_deck_id(output), article, relative))
        _write(output, args.output, text, overwrite=args.force)
    except Refused as refusal:
        echo(f"quizapp: {refusal}", err=True)
        return EXIT_INVALID
    except BankError as error:  # pragma: no cover - a bug in the starter bank, said plainly
        for problem in error.problems:
            echo(str(problem), err=True)
        echo(
            "quizapp: internal error: the starting bank does not validate; please report it",
            err=True,
        )
        return EXIT_INTERNAL
    _say_what_was_written(args.output, args.article, article)
    return EXIT_OK


def _article(args: argparse.Namespace, output: Path) -> tuple[Article | None, str]:
    """The article read (or None without one), and its path relative to the bank's folder."""
    if args.article is None:
        return None, ""
    source = Path(args.article)
    if source.is_dir():
        raise UsageError(f"{args.article}: is a folder; give the article as one plain-text file")
    if not source.is_file():
        raise UsageError(f"{args.article}: no such file")
    if output.exists() and output.resolve() == source.resolve():
        raise UsageError(f"-o {args.output}: that is the article; choose another name for the bank")
    article = read_article(read_article_text(source, args.article))
    if not article.title:
        raise Refused(
            f"{args.article}: the article is empty; save its text in the file, "
            "or leave ARTICLE out for a bank of placeholders"
        )
    relative = os.path.relpath(source.resolve(), output.absolute().parent.resolve())
    return article, Path(relative).as_posix()


def read_article_text(path: Path, label: str) -> str:
    """The article as text (UTF-8, a BOM is fine), or `Refused` saying what is wrong."""
    return read_input_text(path, label, MAX_ARTICLE_BYTES, "the article")


def _write(output: Path, label: str, text: str, *, overwrite: bool) -> None:
    """Check the bank validates, then put it at `output` in one step (see `quizapp.cli.files`)."""

    def validates(written: Path) -> None:
        load_deck(written, label=label)  # raises BankError: a bug, never the user's doing

    write_atomically(output, label, text.encode("utf-8"), overwrite=overwrite, check=validates)


def _say_what_was_written(label: str, article_label: str | None, article: Article | None) -> None:
    """What the bank was made from, and what to do next."""
    if article is None:
        echo(f"Wrote {label}: a starting bank of placeholders.")
    else:
        date = article.date.isoformat() if article.date else ""
        echo(f"Wrote {label} from {article_label}:")
        echo(f"  title:    {article.title}")
        echo(f"  outlet:   {article.outlet or 'not found (a comment to fill in)'}")
        echo(
            f"  date:     {f'{date} (also as_of)' if date else 'not found (a comment to fill in)'}"
        )
        count = len(article.headings)
        echo(
            f"  headings: {count} (listed in a comment, and used as section and topic)"
            if count
            else "  headings: none found"
        )
    echo(f'Next: replace each "Replace me"; quizapp preview {label} shows them as you edit.')
