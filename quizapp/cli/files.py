"""Reading a teacher's file and writing one in its place, for the commands that make files.

`new`, `import` and `export` read a file from outside (an article, another
tool's questions) and write one (a bank, another tool's file). Reading
refuses what cannot be the file meant (too big, not text) in one line;
writing is atomic: a temporary file beside the target, synced, then put in
place in one step, so a crash or a full disk never leaves half a file, and
an editor or `quizapp preview` watching the folder sees one complete save.
No Textual here: these commands draw nothing.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from quizapp.text.decoding import NotText, utf8_text


class Refused(Exception):
    """Something about the files stops the command; the message says what and what to do."""


def read_input_bytes(path: Path, label: str, max_bytes: int, what: str) -> bytes:
    """The file's bytes, or `Refused` (missing, unreadable, over `max_bytes`)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Refused(
                f"{label}: the file is {size / 1_000_000:.1f} MB, more than "
                f"{max_bytes // 1_000_000} MB for {what}; is it the right file?"
            )
        return path.read_bytes()
    except OSError as error:
        raise Refused(f"{label}: cannot read the file: {error.strerror or error}") from None


def decode_text(data: bytes, label: str, what: str) -> str:
    """`data` as UTF-8 text (a BOM is fine), or `Refused` naming the line of the first bad byte."""
    try:
        return utf8_text(data)
    except NotText as bad:
        if bad.line is None:
            raise Refused(
                f"{label}: {bad.detail}; save {what} as plain text (.txt) and try again"
            ) from None
        raise Refused(
            f"{label}:{bad.line}: {bad.detail}; save {what} as UTF-8 in your editor"
        ) from None


def read_input_text(path: Path, label: str, max_bytes: int, what: str) -> str:
    """The file as UTF-8 text, or `Refused` saying what is wrong."""
    return decode_text(read_input_bytes(path, label, max_bytes, what), label, what)


def write_atomically(
    output: Path,
    label: str,
    data: bytes,
    *,
    overwrite: bool,
    check: Callable[[Path], None] | None = None,
) -> None:
    """Put `data` at `output` in one step (see the module's notes).

    `check` is called on the written temporary file before it is moved into
    place (a bank is loaded, so nothing that does not validate is ever left).
    Without `overwrite`, a hard link puts it in place only if nothing is
    there yet, so a file that appeared meanwhile is never replaced either.
    """
    temporary = output.absolute().parent / f".{output.name}.{secrets.token_hex(4)}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if check is not None:
            check(temporary)
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


def refuse_existing(output: Path, label: str, *, force: bool) -> None:
    """`Refused` when `output` exists and `--force` was not given, or its folder is missing."""
    if output.exists() and not force:
        raise Refused(
            f"{label}: already exists; choose another name with -o, or add --force to overwrite it"
        )
    folder = output.absolute().parent
    if not folder.is_dir():
        raise Refused(f"{label}: the folder {folder} does not exist; create it first")
