"""Reading the banks in a second process while this one imports Textual.

A start whose banks are in the deck cache (`quizapp.bank.cache`) reads
them in a millisecond. The first start after a bank changed reads it with
PyYAML and validates it: about 40 ms on the bundled bank, before the first
frame, while importing Textual (250 ms) keeps one core busy and leaves the
other idle. So `quizapp` forks a child that only reads the banks, which
keeps their decks in the cache, while the parent imports Textual; then
the parent loads them as always and finds them in the cache.

The child only warms the cache: it prints nothing and the parent relies
on nothing it does. If it fails, finds problems, or cannot write the
cache, the parent reads the banks itself, saying every problem as it
always did. Where there is no `fork` (Windows), nothing is read ahead.
"""

from __future__ import annotations

import argparse
import contextlib
import os

from quizapp.bank import cache
from quizapp.bank.loader import load_decks
from quizapp.cli.banks import bank_files


class ReadAhead:
    """The child reading the banks; `wait` once Textual is imported."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def wait(self) -> None:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def read_banks_ahead(args: argparse.Namespace) -> ReadAhead | None:
    """Start reading the banks of `args` in a child, unless they are all in the cache.

    A path that names no bank raises `UsageError` here, before Textual is imported.
    """
    if not hasattr(os, "fork"):
        return None
    files = bank_files(args)
    max_bytes = args.max_bank_mb * 1_000_000
    if all(cache.holds(path) for path in files):
        return None
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid:
        return ReadAhead(pid)
    code = 1
    try:  # the child: read, keep, and leave without a word or a Python clean-up
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        load_decks(files, max_bytes=max_bytes)
        code = 0
    finally:
        os._exit(code)
