"""Bytes from a teacher's file as text: UTF-8 (a BOM is fine), or where it is not.

Below everything that reads files from outside (articles, other tools'
question files), so each says the same thing about a file that is not text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NotText(Exception):
    """The bytes are not UTF-8 text: a binary file (`line` None), or a bad byte at `line`."""

    line: int | None
    detail: str


def utf8_text(data: bytes) -> str:
    """`data` decoded as UTF-8, a leading BOM dropped; raises `NotText`."""
    if b"\0" in data:
        raise NotText(None, "not plain text (a PDF or a word processor's file?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise NotText(
            line, f"not UTF-8 text (byte {error.start}: 0x{data[error.start]:02x})"
        ) from None
