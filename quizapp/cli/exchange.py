"""`quizapp import FILE` and `quizapp export BANK --format F`: banks in from, and out to, others.

Import: the file is read with a size limit, its format told from its suffix
and text (or `--format`), read into bank data by the format's module, written
as a readable bank that is loaded like any other before it is put in place,
and every thing the format could not carry is listed with FILE:LINE. Export:
the bank is loaded as `validate` would, written by the format's module, and
every question (or part) the format cannot hold is listed with its id; with
anything left out, nothing is written and the exit status is 1 unless
`--allow-partial`. No Textual here: these commands draw nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from quizapp.bank.loader import BANK_SUFFIXES, load_deck
from quizapp.bank.problems import BankError
from quizapp.bank.validate import default_deck_id
from quizapp.cli.arguments import UsageError
from quizapp.cli.files import Refused, read_input_bytes, refuse_existing, write_atomically
from quizapp.exchange.bank_writer import bank_text
from quizapp.exchange.formats import (
    BY_NAME,
    detect_import_format,
    export_suffix,
    reader,
    writer,
)
from quizapp.exchange.notes import ImportProblem, ImportSource
from quizapp.text.safe import echo
from quizapp.text.wording import plural

EXIT_OK = 0
EXIT_INVALID = 1
MAX_IMPORT_BYTES = 20_000_000
"""A question bank of any tool is far smaller; a file this big is not the one meant."""


def run_import(args: argparse.Namespace) -> int:
    """Write the bank made from FILE; 0, or 1 with what stopped it."""
    source = Path(args.file)
    if source.is_dir():
        raise UsageError(f"{args.file}: is a folder; give one file to import")
    output = Path(args.output) if args.output else source.with_suffix(".yaml")
    label = args.output or str(output)
    if output.suffix.lower() not in BANK_SUFFIXES:
        raise UsageError(f"-o {args.output}: a bank's name ends in .yaml or .yml")
    try:
        if not source.is_file():
            raise Refused(f"{args.file}: no such file")
        data = read_input_bytes(source, args.file, MAX_IMPORT_BYTES, "a question file")
        name = args.format or detect_import_format(source, data)
        if name is None:
            raise UsageError(
                f"{args.file}: cannot tell its format from its name or text; "
                f"give --format ({', '.join(f for f in BY_NAME if BY_NAME[f].reads)})"
            )
        refuse_existing(output, label, force=args.force)
        stem = default_deck_id(source)
        imported = reader(name)(ImportSource(args.file, data, stem))
        imported.deck.setdefault("deck", stem)
        imported.deck.setdefault(
            "title", source.stem.replace("_", " ").replace("-", " ").strip() or stem
        )
        header = [
            f"Imported by `quizapp import` from {source.name} ({BY_NAME[name].description}) "
            f"on {dt.date.today().isoformat()}.",
            "Comments above a question say where the import had to choose.",
        ]
        text = bank_text(imported, header)

        def validates(written: Path) -> None:
            load_deck(written, label=label)

        write_atomically(output, label, text.encode("utf-8"), overwrite=args.force, check=validates)
    except ImportProblem as malformed:
        where = f"{args.file}:{malformed.line}" if malformed.line else args.file
        echo(f"{where}: {malformed.message}", err=True)
        echo(f"quizapp: nothing imported; fix {args.file} and try again", err=True)
        return EXIT_INVALID
    except Refused as refusal:
        echo(f"quizapp: {refusal}", err=True)
        return EXIT_INVALID
    except BankError as error:
        for problem in error.problems:
            echo(str(problem), err=True)
        echo(
            f"quizapp: the bank made from {args.file} does not validate; nothing written", err=True
        )
        return EXIT_INVALID
    for note in imported.notes:
        echo(f"{note}", err=False)
    questions = len(imported.deck.get("questions", []))
    summary = f"Wrote {label}: {plural(questions, 'question')} from {args.file}"
    if imported.notes:
        summary += (
            f" ({plural(len(imported.notes), 'note')} above: what was not carried or changed)"
        )
    echo(summary + ".")
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    """Write the bank in another tool's format; 0, or 1 when something had to be left out."""
    bank = Path(args.bank)
    output = Path(args.output) if args.output else bank.with_suffix(export_suffix(args.format))
    label = args.output or str(output)
    try:
        deck = load_deck(bank, label=args.bank)
    except BankError as error:
        for problem in error.problems:
            echo(str(problem), err=True)
        echo(f"quizapp: {args.bank} does not validate; fix it, then export", err=True)
        return EXIT_INVALID
    exported = writer(args.format)(deck)
    for note in exported.left_out:
        echo(str(note))
    if exported.left_out and not args.allow_partial:
        echo(
            f"quizapp: {plural(len(exported.left_out), 'thing')} cannot be written as "
            f"{args.format} (listed above); nothing written. Add --allow-partial to write "
            "the rest anyway.",
            err=True,
        )
        return EXIT_INVALID
    try:
        refuse_existing(output, label, force=args.force)
        write_atomically(output, label, exported.data, overwrite=args.force)
    except Refused as refusal:
        echo(f"quizapp: {refusal}", err=True)
        return EXIT_INVALID
    left = f", {plural(len(exported.left_out), 'thing')} left out" if exported.left_out else ""
    echo(f"Wrote {label} ({args.format}) from {plural(len(deck.questions), 'question')}{left}.")
    return EXIT_OK
