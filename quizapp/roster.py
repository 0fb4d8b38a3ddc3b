"""A class roster: the names that may play, from a plain text file the teacher keeps.

One name per line, UTF-8; blank lines and lines starting with `#` are
skipped. Names are cleaned and matched as everywhere else
(`quizapp.text.names`), so `ana` finds `Ana`; a name not on the list gets a
did-you-mean, so a typo no longer splits a student in two.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from quizapp.text.names import BadName, clean_name, name_key

MAX_ROSTER_BYTES = 1_000_000
"""A roster is a class list; a megabyte is tens of thousands of names."""


class RosterError(Exception):
    """The roster file cannot be used; the message names the file (and line) and the fix."""


@dataclass(frozen=True)
class Roster:
    """The names on a class list, as the teacher wrote them (cleaned)."""

    path: Path
    names: tuple[str, ...]

    def find(self, typed: str) -> str | None:
        """The roster's spelling of `typed`, or None when it is not on the list."""
        key = name_key(typed)
        return next((name for name in self.names if name_key(name) == key), None)

    def suggest(self, typed: str) -> str | None:
        """The name on the list closest to `typed` (a typo), if one is close enough."""
        folded = {name.casefold(): name for name in self.names}
        close = difflib.get_close_matches(typed.casefold(), list(folded), n=1, cutoff=0.6)
        return folded[close[0]] if close else None

    def refusal(self, typed: str) -> str:
        """Why `typed` may not play, and what to type instead."""
        guess = self.suggest(typed)
        hint = f" Did you mean “{guess}”?" if guess else " Ask your teacher to add you."
        return f"“{typed}” is not on the class list.{hint}"


def load_roster(path: Path) -> Roster:
    """Read a roster file; raises `RosterError` for every problem, with its line."""
    try:
        if path.stat().st_size > MAX_ROSTER_BYTES:
            raise RosterError(f"{path}: too large for a class list (over 1 MB)")
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise RosterError(f"{path}: cannot read the roster: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise RosterError(f"{path}: not UTF-8 text; save the roster as UTF-8") from None
    names: list[str] = []
    seen: dict[str, int] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            name = clean_name(line)
        except BadName as error:
            problems.append(f"{path}:{number}: {error}")
            continue
        key = name_key(name)
        if key in seen:
            problems.append(f"{path}:{number}: “{name}” is already on line {seen[key]}")
            continue
        seen[key] = number
        names.append(name)
    if problems:
        raise RosterError("\n".join(problems))
    if not names:
        raise RosterError(f"{path}: no names in the roster (one name per line)")
    return Roster(path, tuple(names))
