"""Aiken: Moodle's simplest format, one choice question per block.

    Which city hosts the summit?
    A. Gyeongju
    B) Busan
    ANSWER: A

A question is its prompt (one or more lines), then lettered choices (`A.`
or `A)`), then `ANSWER: X`; a blank line may separate questions. Aiken
has no feedback, names or categories, so an imported question has no
explanation (the linter will say so) and ids are numbered.
"""

from __future__ import annotations

import re
from typing import Any

from quizapp.exchange.notes import ImportedBank, ImportProblem, ImportSource, Note
from quizapp.exchange.plain import plain_text

_CHOICE = re.compile(r"^([A-Za-z])[.)]\s+(.*\S)\s*$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Za-z])\s*$", re.IGNORECASE)


def read_bank(source: ImportSource) -> ImportedBank:
    """Every question of an Aiken file, or `ImportProblem` at the first malformed one."""
    text = source.text()
    imported = ImportedBank({"questions": []})
    prompt: list[str] = []
    choices: list[tuple[str, str]] = []
    started = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line, removed = plain_text(raw.strip())
        if removed:
            imported.notes.append(
                Note(f"{source.label}:{number}", f"removed {', '.join(removed)} from the text")
            )
        if not line:
            if prompt and not choices:
                prompt.append("")
            continue
        if answer := _ANSWER.match(line):
            if not prompt or len(choices) < 2:
                raise ImportProblem(
                    number, "ANSWER: comes before a question with at least two lettered choices"
                )
            letter = answer.group(1).upper()
            by_letter = dict(choices)
            if letter not in by_letter:
                raise ImportProblem(
                    number,
                    f"ANSWER: {letter} names no choice; the choices are {', '.join(by_letter)}",
                )
            imported.deck["questions"].append(
                _question(len(imported.deck["questions"]) + 1, prompt, choices, by_letter[letter])
            )
            prompt, choices = [], []
            continue
        if (choice := _CHOICE.match(line)) and prompt:
            choices.append((choice.group(1).upper(), choice.group(2)))
            continue
        if choices:
            raise ImportProblem(
                number,
                "expected another lettered choice (A. or A)) or ANSWER: X after the choices "
                f"of the question at line {started}",
            )
        if not prompt:
            started = number
        prompt.append(line)
    if prompt:
        raise ImportProblem(started, "this question has no ANSWER: line; add one, e.g. ANSWER: A")
    if not imported.deck["questions"]:
        raise ImportProblem(None, "no questions found (a question, lettered choices, ANSWER: X)")
    return imported


def _question(
    number: int, prompt: list[str], choices: list[tuple[str, str]], answer: str
) -> dict[str, Any]:
    return {
        "id": f"q{number}",
        "type": "choice",
        "prompt": "\n".join(prompt).strip(),
        "choices": [text for _, text in choices],
        "answer": answer,
    }
