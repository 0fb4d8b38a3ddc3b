"""Small helpers for writing counts and numbers the way people read them."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 question`, `2 questions`; `many` for irregular plurals."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def format_points(value: float) -> str:
    """Points without noise: `3`, `2.5`, `2.33`."""
    return f"{value:.2f}".rstrip("0").rstrip(".")
