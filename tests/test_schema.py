"""The JSON Schema for editors and the validator must agree."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from quizapp.bank import BankError, bundled_banks_dir, load_deck
from quizapp.bank.schema import bank_schema, schema_text
from quizapp.bank.validate import (
    COMMON_QUESTION_KEYS,
    DECK_KEYS,
    KIND_KEYS,
    SETTINGS_KEYS,
    SOURCE_KEYS,
)
from quizapp.cli import main

BANKS = Path(__file__).parent / "banks"

SCHEMA_CATCHES = [
    "bad-id-characters.yaml",
    "choice-list-answer.yaml",
    "cloze-no-blank.yaml",
    "empty-prompt.yaml",
    "match-too-few-pairs.yaml",
    "missing-answer.yaml",
    "missing-prompt.yaml",
    "missing-questions.yaml",
    "negative-tolerance.yaml",
    "number-answer-not-a-number.yaml",
    "order-too-few-items.yaml",
    "too-few-choices.yaml",
    "top-level-not-a-mapping.yaml",
    "truefalse-answer-not-boolean.yaml",
    "typos-not-0-or-1.yaml",
    "unknown-key.yaml",
    "unknown-type.yaml",
]
"""Bad banks whose fault is one of shape, which a JSON Schema can express. The
rest (an answer missing from the choices, duplicate ids, YAML-level faults)
need the validator, which sees the whole bank."""


def as_editor_sees(path: Path) -> Any:
    """The bank as the YAML language server hands it to the schema: dates as text."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    return plain(yaml.safe_load(path.read_text(encoding="utf-8-sig")))


def schema_errors(path: Path) -> list[str]:
    validator = jsonschema.Draft202012Validator(bank_schema())
    return [error.message for error in validator.iter_errors(as_editor_sees(path))]


def test_the_schema_is_a_valid_json_schema() -> None:
    """Editors reject a broken schema silently; check it against the meta-schema."""
    jsonschema.Draft202012Validator.check_schema(bank_schema())


@pytest.mark.parametrize(
    "path",
    sorted(bundled_banks_dir().glob("*.yaml")) + sorted((BANKS / "good").glob("*.yaml")),
    ids=lambda p: p.name,
)
def test_valid_banks_pass_the_schema_and_the_validator(path: Path) -> None:
    """Every bundled bank and valid fixture is accepted by both."""
    load_deck(path)
    assert schema_errors(path) == []


@pytest.mark.parametrize("name", SCHEMA_CATCHES)
def test_invalid_banks_fail_the_schema_and_the_validator(name: str) -> None:
    """A bank with a fault of shape is refused by both, so an editor warns before validate does."""
    path = BANKS / "bad" / name
    with pytest.raises(BankError):
        load_deck(path)
    assert schema_errors(path), f"the schema accepts {name}"


def test_the_schema_knows_exactly_the_validators_keys() -> None:
    """Adding a key to one but not the other fails here, so the two cannot drift apart."""
    schema = bank_schema()
    assert set(schema["properties"]) == set(DECK_KEYS)
    assert set(schema["properties"]["source"]["properties"]) == set(SOURCE_KEYS)
    assert set(schema["properties"]["settings"]["properties"]) == set(SETTINGS_KEYS)
    question = schema["$defs"]["question"]
    all_keys = set(COMMON_QUESTION_KEYS).union(*KIND_KEYS.values())
    assert set(question["properties"]) == all_keys
    assert set(question["properties"]["type"]["enum"]) == {kind.value for kind in KIND_KEYS}
    for rule in question["allOf"]:
        kind = next(k for k in KIND_KEYS if k.value == rule["if"]["properties"]["type"]["const"])
        assert set(rule["then"]["propertyNames"]["enum"]) == set(COMMON_QUESTION_KEYS) | set(
            KIND_KEYS[kind]
        )


def test_schema_command_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`quizapp schema` prints JSON that a teacher can save next to the banks."""
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert json.loads(printed) == bank_schema()
    assert printed == schema_text()


def test_schema_command_does_not_import_textual() -> None:
    """Commands without a UI stay fast: `schema` never loads Textual."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "quizapp", "schema"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "textual" not in result.stderr
    assert json.loads(result.stdout)["title"] == "quizapp question bank"
