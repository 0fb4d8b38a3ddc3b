"""Student names: what a name may be, and when two names are the same student.

Students type their own names, on their own keyboards: `José` may arrive
composed (NFC) or as `e` plus a combining accent (NFD), with a stray space,
a zero-width space pasted from a chat, or a control character. All of these
must find the same student, and a name must be something a teacher can read
in the report. So a name is cleaned once, here, before anything keeps it.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_LENGTH = 60
"""Longer than any real name, short enough for every table to show it."""

_KEPT_FORMAT_CHARACTERS = frozenset({"\u200c", "\u200d"})
"""Zero-width (non-)joiners shape some scripts and emoji; other invisible characters go."""


class BadName(ValueError):
    """A name that cannot be used; the message says why, for the student."""


def clean_name(typed: str) -> str:
    """The name as it is kept: NFC, trimmed, inner spaces single, invisible characters gone.

    Raises `BadName` when nothing readable is left (no letter or digit), when
    the name is longer than `MAX_NAME_LENGTH`, or when it holds bytes that
    were not text (an argument that was not valid UTF-8).
    """
    if any(0xD800 <= ord(char) <= 0xDFFF for char in typed):
        raise BadName("the name is not valid text (check the keyboard or terminal encoding)")
    name = " ".join(visible_text(unicodedata.normalize("NFC", typed)).split())
    if not any(unicodedata.category(char)[0] in "LN" for char in name):
        raise BadName("a name needs at least one letter or digit")
    if len(name) > MAX_NAME_LENGTH:
        raise BadName(f"a name can be at most {MAX_NAME_LENGTH} characters")
    return name


def visible_text(typed: str) -> str:
    """`typed` without control and invisible characters; any whitespace becomes a space.

    Kept: zero-width (non-)joiners, which shape some scripts and emoji.
    Dropped: control characters (a pasted ESC), zero-width spaces, bidi
    controls, byte-order marks and lone surrogates.
    """
    if typed.isprintable():
        return typed
    kept = []
    for char in typed:
        category = unicodedata.category(char)
        if char.isspace():
            kept.append(" ")
        elif category in ("Cc", "Cs") or (category == "Cf" and char not in _KEPT_FORMAT_CHARACTERS):
            continue
        else:
            kept.append(char)
    return "".join(kept)


def name_key(name: str) -> str:
    """The form names are matched in: `Alice `, `alice` and `ALICE` are one student.

    Apply it to a cleaned name; `clean_name` already composed it (NFC), so
    `José` typed either way gives one key.
    """
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()
