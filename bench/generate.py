"""Generate large question banks (every question type) and a filled results store.

Used by `bench/run.py`; run directly to keep the files:
`python bench/generate.py 10000 10 /tmp/banks`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import sys
from pathlib import Path

KINDS = ("choice", "multi", "truefalse", "text", "number", "order")
WORDS = [
    "summit",
    "trade",
    "partner",
    "leaders",
    "phone",
    "call",
    "economy",
    "region",
    "supply",
    "chain",
    "policy",
    "growth",
    "minister",
    "president",
    "cooperation",
    "dialogue",
    "stability",
    "peninsula",
    "invitation",
    "visit",
    "bridge",
]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def _label(number: int) -> str:
    """A letters-only label, so no prompt contains a number that is an answer."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(97 + rest) + letters
    return letters


def question_yaml(number: int, rng: random.Random) -> str:
    """One question of a rotating type, in the bank format, as a teacher would write it."""
    kind = KINDS[number % len(KINDS)]
    qid = f"q{number}"
    lines = [
        f"  - id: {qid}",
        f"    type: {kind}",
        f"    prompt: {_sentence(rng, 10)} (item {_label(number)})?",
        f"    explanation: {_sentence(rng, 14)}.",
        f"    topic: Topic {number % 7}",
        f"    section: Section {number % 5}",
        "    difficulty: medium",
    ]
    choices = [f"Choice {number}-{c} {_sentence(rng, 3)}" for c in range(4)]
    if kind == "choice":
        lines += ["    choices:", *(f"      - {c}" for c in choices), f"    answer: {choices[1]}"]
        lines += ["    why_wrong:", f"      {choices[0]}: {_sentence(rng, 8)}."]
    elif kind == "multi":
        lines += ["    choices:", *(f"      - {c}" for c in choices)]
        lines += ["    answer:", f"      - {choices[0]}", f"      - {choices[2]}"]
    elif kind == "truefalse":
        lines.append(f"    answer: {'true' if number % 2 else 'false'}")
    elif kind == "text":
        lines.append(f"    answer: [Answer {number}, Reply {number}]")
    elif kind == "number":
        lines += [f"    answer: {number}", "    tolerance: 1", "    unit: years"]
    else:
        lines += ["    items:", *(f"      - Step {number}-{i}" for i in range(4))]
    return "\n".join(lines) + "\n"


def write_banks(folder: Path, questions: int, files: int, seed: int = 1) -> list[Path]:
    """`questions` questions spread over `files` bank files in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    per_file = questions // files
    paths = []
    for index in range(files):
        path = folder / f"bank-{index:03d}.yaml"
        body = "".join(question_yaml(index * per_file + n, rng) for n in range(per_file))
        path.write_text(
            f"deck: bench-{index:03d}\ntitle: Benchmark deck {index}\nas_of: 2025-06-10\nquestions:\n{body}",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def fill_store(folder: Path, students: int = 30, questions: int = 50, attempts: int = 20) -> int:
    """A results store as a busy term leaves it: students × attempts × questions answers.

    Made through the real store (so the schema and indexes are the app's own),
    then filled in bulk, which is setup, not what is measured.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from quizapp.store.results import ResultsStore

    store = ResultsStore.open(folder)
    store.close()
    rng = random.Random(7)
    start = dt.datetime(2025, 9, 1, tzinfo=dt.UTC)
    with sqlite3.connect(folder / "quizapp.db") as db:
        db.execute(
            "INSERT INTO decks (deck_id, title, synced_at) VALUES ('bench', 'Benchmark', ?)",
            (start.isoformat(),),
        )
        db.executemany(
            "INSERT INTO questions (deck_id, question_id, position, prompt, answer_text, topic, "
            "content_hash) VALUES ('bench', ?, ?, ?, 'Right', ?, 'h')",
            [(f"q{n}", n, f"Prompt {n}?", f"Topic {n % 5}") for n in range(questions)],
        )
        db.executemany(
            "INSERT INTO students (name, name_key, created_at) VALUES (?, ?, ?)",
            [(f"Student {s}", f"student {s}", start.isoformat()) for s in range(students)],
        )
        order = json.dumps([f"q{n}" for n in range(questions)])
        answers = []
        for student in range(1, students + 1):
            for attempt in range(attempts):
                when = start + dt.timedelta(days=attempt, minutes=student)
                cursor = db.execute(
                    "INSERT INTO attempts (student_id, deck_id, kind, mode, seed, question_order, "
                    "started_at, finished_at, points, max_points) VALUES (?, 'bench', 'round', "
                    "'practice', ?, ?, ?, ?, ?, ?)",
                    (student, attempt, order, when.isoformat(), when.isoformat(), 30, questions),
                )
                for n in range(questions):
                    right = rng.random() < 0.7
                    answers.append(
                        (
                            cursor.lastrowid,
                            student,
                            f"q{n}",
                            json.dumps({"text": "Right" if right else f"Wrong {rng.randrange(4)}"}),
                            "Right" if right else f"Wrong {rng.randrange(4)}",
                            int(right),
                            float(right),
                            rng.randrange(2000, 30000),
                            when.isoformat(),
                        )
                    )
        db.executemany(
            "INSERT INTO answers (attempt_id, student_id, deck_id, question_id, response, "
            "response_text, correct, credit, ms, hint_used, overruled, skipped, first_try, "
            "content_hash, answered_at) VALUES (?, ?, 'bench', ?, ?, ?, ?, ?, ?, 0, 0, 0, 1, 'h', ?)",
            answers,
        )
    return len(answers)


if __name__ == "__main__":
    total, files, target = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    print(*write_banks(target, total, files), sep="\n")
