"""Import everything quizapp may load later, before a test process gives up root.

quizapp loads most modules on first use (so that `validate` starts fast).
A helper that becomes another user (to prove something about file
permissions) may then no longer be able to read the interpreter's or the
project's files, so it imports them all first, as root.
"""

from __future__ import annotations

import importlib
import pkgutil

import quizapp

STANDARD_MODULES = (
    "argparse",
    "csv",
    "difflib",
    "encodings.utf_8_sig",
    "gettext",
    "heapq",
    "json",
    "locale",
    "shutil",
    "sqlite3",
    "textwrap",
    "unicodedata",
    "uuid",
    "rapidfuzz.distance.OSA",
)


def preload_everything() -> None:
    """Import every quizapp module but the Textual UI's (and the standard ones it uses)."""
    for name in STANDARD_MODULES:
        importlib.import_module(name)
    for module in pkgutil.walk_packages(quizapp.__path__, "quizapp."):
        if module.name.startswith(("quizapp.ui", "quizapp.serve", "quizapp.__main__")):
            continue
        importlib.import_module(module.name)
