"""Bank data (from an importer) written as a bank a teacher can read and edit.

The keys come out in the order the README documents them, each question
as a block of its own with the importer's comments above it (where it had
to choose, it says so), strings quoted only where YAML needs it, and lines
kept short. The text is then loaded like any bank before it is written.
"""

from __future__ import annotations

from typing import Any

import yaml

from quizapp.exchange.notes import ImportedBank

DECK_ORDER = ("deck", "title", "description", "as_of", "source", "briefing", "settings")
QUESTION_ORDER = (
    "id",
    "type",
    "prompt",
    "choices",
    "answer",
    "pairs",
    "extra",
    "items",
    "tolerance",
    "unit",
    "typos",
    "why_wrong",
    "explanation",
    "hint",
    "topic",
    "section",
    "difficulty",
    "points",
    "time_limit",
    "evidence",
)


class _BankDumper(yaml.SafeDumper):
    """Block style throughout, lists indented under their key as the README writes them;
    multi-line text as `|` blocks, so it reads as written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_BankDumper.add_representer(str, _text)


def _ordered(data: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    known = {key: data[key] for key in order if key in data}
    return known | {key: value for key, value in data.items() if key not in known}


def _dump(data: object) -> str:
    return yaml.dump(
        data, Dumper=_BankDumper, sort_keys=False, allow_unicode=True, width=88, indent=2
    )


def bank_text(imported: ImportedBank, header: list[str]) -> str:
    """The bank as YAML text: `header` as comment lines, the deck, then every question."""
    lines = [f"# {line}" if line else "#" for line in header]
    deck = {k: v for k, v in imported.deck.items() if k != "questions"}
    lines.append(_dump(_ordered(deck, DECK_ORDER)).rstrip("\n"))
    lines.append("questions:")
    for index, question in enumerate(imported.deck.get("questions", [])):
        lines.append("")
        lines.extend(f"  # {comment}" for comment in imported.comments.get(index, []))
        block = _dump([_ordered(question, QUESTION_ORDER)]).rstrip("\n")
        lines.extend(f"  {line}" if line else "" for line in block.split("\n"))
    return "\n".join(lines) + "\n"
