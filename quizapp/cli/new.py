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
import secrets
from pathlib import Path

from quizapp.bank.loader import BANK_SUFFIXES, load_deck
from quizapp.bank.model import DEFAULT_MAX_BYTES
from quizapp.bank.problems import BankError
from quizapp.bank.starter import Article, StarterInput, read_article, starter_bank
from quizapp.bank.validate import default_deck_id
from quizapp.cli.arguments import UsageError
from quizapp.text.safe import echo

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_INTERNAL = 70
MAX_ARTICLE_BYTES = DEFAULT_MAX_BYTES
"""An article is a few pages; a file this big is not the one meant."""


class Refused(Exception):
    """Something about the files stops `new`; the message says what and what to do."""


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
        if output.exists() and not args.force:
            raise Refused(
                f"{args.output}: already exists; choose another name with -o, "
                "or add --force to overwrite it"
            )
        folder = output.absolute().parent
        if not folder.is_dir():
            raise Refused(f"{args.output}: the folder {folder} does not exist; create it first")
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
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise Refused(
                f"{label}: the file is {size // 1_000_000} MB, too big for an article; "
                "is it the right file?"
            )
        data = path.read_bytes()
    except OSError as error:
        raise Refused(f"{label}: cannot read the file: {error.strerror or error}") from None
    if b"\0" in data:
        raise Refused(
            f"{label}: not plain text (a PDF or a word processor's file?); "
            "save the article as plain text (.txt) and try again"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise Refused(
            f"{label}:{line}: not UTF-8 text (byte {error.start}: 0x{data[error.start]:02x}); "
            "save the article as UTF-8 in your editor"
        ) from None


def _write(output: Path, label: str, text: str, *, overwrite: bool) -> None:
    """Check the bank validates, then put it at `output` in one step (see the module's notes).

    Without `overwrite`, a hard link puts it in place only if nothing is there
    yet, so a file that appeared meanwhile is never replaced either.
    """
    temporary = output.absolute().parent / f".{output.name}.{secrets.token_hex(4)}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as file:
            file.write(text.encode("utf-8"))
            file.flush()
            os.fsync(file.fileno())
        load_deck(temporary, label=label)  # raises BankError: a bug, never the user's doing
        if overwrite:
            os.replace(temporary, output)
        else:
            _link_if_absent(temporary, output, label)
    except OSError as error:
        raise Refused(f"cannot write {label}: {error.strerror or error}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _link_if_absent(temporary: Path, output: Path, label: str) -> None:
    """Put `temporary` at `output` unless something is there (no hard links: check, then rename)."""
    try:
        os.link(temporary, output)
    except FileExistsError:
        raise Refused(f"{label}: already exists; add --force to overwrite it") from None
    except OSError:  # a file system without hard links (FAT, some network shares)
        if output.exists():
            raise Refused(f"{label}: already exists; add --force to overwrite it") from None
        os.replace(temporary, output)


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
