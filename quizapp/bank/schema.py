"""The JSON Schema of the bank format, shipped for editors.

Editors that use the YAML language server check and complete banks with it
(`# yaml-language-server: $schema=./quizapp-bank.schema.json`). It can say
less than the validator (not that an answer is one of the choices), and the
tests keep the two from contradicting each other.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

SCHEMA_FILE = "bank.schema.json"


def schema_text() -> str:
    """The schema as shipped, ready to save to a file."""
    return files("quizapp.bank").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def bank_schema() -> dict[str, Any]:
    """The schema as a Python mapping."""
    return json.loads(schema_text())
