"""Property-based fuzzing of bank loading: whatever is in the file, the loader
either returns a sound `Deck` or raises `BankError` with located problems.

Bugs these properties found are pinned at the bottom as ordinary tests
(named for what went wrong), so they stay fixed.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import re
import string
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import event, given
from hypothesis import strategies as st

from quizapp.bank import BankError, Deck, Problem, QuestionKind, load_deck
from quizapp.bank.loader import DEFAULT_MAX_BYTES
from quizapp.bank.model import format_number
from quizapp.engine.grading import ClozeResponse, MatchResponse, grade
from quizapp.text.normalise import normalise
from quizapp.text.safe import unsafe_characters
from tests import hypothesis_profiles  # noqa: F401  (registers and loads the profile)

ID = re.compile(r"[a-z0-9][a-z0-9-]*")
KINDS = [kind.value for kind in QuestionKind]
DECK_KEYS = ["deck", "title", "description", "as_of", "source", "briefing", "settings", "questions"]
QUESTION_KEYS = [
    "id", "type", "prompt", "choices", "answer", "explanation", "hint", "topic", "section",
    "difficulty", "points", "why_wrong", "typos", "tolerance", "unit", "items", "pairs", "extra",
]  # fmt: skip
BANK_KEYS = DECK_KEYS + QUESTION_KEYS + ["title", "outlet", "url", "date", "shuffle"]


# -- loading and judging the outcome ---------------------------------------------


def load_outcome(
    content: bytes | str,
    *,
    label: str | None = "fuzz/bank.yaml",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Deck | None:
    """Write `content` to a bank file and load it: a sound Deck, or BankError, nothing else."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_bytes(data)
        prefix = label or str(path)
        try:
            deck = load_deck(path, label=label, max_bytes=max_bytes)
        except BankError as error:
            assert error.problems, "BankError without problems"
            for problem in error.problems:
                assert isinstance(problem, Problem)
                assert str(problem).startswith(prefix), str(problem)
            return None
    check_deck(deck)
    return deck


def check_deck(deck: Deck) -> None:
    """Invariants of every deck the loader returns, and that its right answers grade right."""
    assert isinstance(deck, Deck)
    assert ID.fullmatch(deck.id), deck.id
    assert deck.title and deck.title == deck.title.strip()
    assert deck.questions
    ids = [q.id for q in deck.questions]
    assert len(set(ids)) == len(ids), ids
    for q in deck.questions:
        assert ID.fullmatch(q.id), q.id
        assert q.prompt
        assert math.isfinite(q.points) and q.points > 0
        assert isinstance(q.answer_text, str)
        match q.kind:
            case QuestionKind.CHOICE | QuestionKind.MULTI | QuestionKind.TRUEFALSE:
                assert len(q.choices) >= 2
                assert len({c.casefold() for c in q.choices}) == len(q.choices)
                assert q.correct_choices and q.correct_choices <= set(q.choices)
                if q.kind is not QuestionKind.MULTI:
                    assert len(q.correct_choices) == 1
                if q.kind is QuestionKind.TRUEFALSE:
                    assert q.choices == ("True", "False")
                assert set(q.why_wrong) <= set(q.choices) - q.correct_choices
                assert all(q.why_wrong.values())
                right: Any = (
                    frozenset(q.correct_choices)
                    if q.kind is QuestionKind.MULTI
                    else next(iter(q.correct_choices))
                )
            case QuestionKind.TEXT:
                assert q.accepted and all(q.accepted)
                assert q.typos in (0, 1)
                right = q.accepted[0]
            case QuestionKind.NUMBER:
                assert q.number is not None and math.isfinite(q.number)
                assert math.isfinite(q.tolerance) and q.tolerance >= 0
                # What a student types: the exact decimal value, then the unit as one line.
                right = f"{Decimal(q.number):f} {' '.join(q.unit.split())}".strip()
            case QuestionKind.ORDER:
                assert len(q.items) >= 2
                assert len({i.casefold() for i in q.items}) == len(q.items)
                right = q.items
            case QuestionKind.CLOZE:
                assert q.blanks and all(all(blank) for blank in q.blanks)
                assert len(q.blank_choices) == len(q.blanks)
                assert "{{" not in q.prompt and "}}" not in q.prompt
                for blank, choices in zip(q.blanks, q.blank_choices, strict=True):
                    assert not choices or blank[0] in choices
                right = ClozeResponse(tuple(blank[0] for blank in q.blanks))
            case QuestionKind.MATCH:
                assert len(q.pairs) >= 2
                rights = [r.casefold() for _, r in q.pairs]
                assert len(set(rights)) == len(rights)
                assert not {e.casefold() for e in q.extra} & set(rights)
                right = MatchResponse(q.pairs)
        verdict = grade(q, right)
        assert verdict.correct and verdict.credit == 1.0, (q, right, verdict)
        # The answer the app shows after a miss is accepted too (typed back on one line).
        shows_one_answer = q.kind in (
            QuestionKind.CHOICE,
            QuestionKind.TRUEFALSE,
            QuestionKind.TEXT,
        )
        if shows_one_answer or (q.kind is QuestionKind.NUMBER and not q.tolerance):
            typed = q.kind in (QuestionKind.TEXT, QuestionKind.NUMBER)
            shown = " ".join(q.answer_text.split()) if typed else q.answer_text
            assert grade(q, shown).correct, (q, shown)


# -- strategies: values, YAML-shaped structures and text ---------------------------

MARKUP = [
    "[b]x[/b]", "[/]", "[", "]", "[red]warning[/red]", "[link=https://x]y[/link]",
    "\\[b]", "[@click=app.quit]quit[/]", "[bold", "[/b]",
]  # fmt: skip
YAMLISH_WORDS = [
    "yes", "no", "on", "off", "true", "False", "~", "null", "2025-06-10", "2025-13-45",
    "1e3", "0x1F", "0o17", "1_000", "1:30", ".nan", ".inf", "-.inf", "<<", "-", "*a",
    "&a", "!!int", "#c", ": ", "- x", "? x", "|", ">", "'", '"', "%YAML 1.1", "---", "...",
]  # fmt: skip

texts = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.sampled_from(MARKUP + YAMLISH_WORDS + ["", " ", "\n", "\t"]),
)
integers = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.sampled_from([0, 1, -1, 2**53 + 1, 2**63, 10**308, 10**309]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    integers,
    st.floats(),  # nan and ±inf included
    texts,
    st.dates(),
    st.datetimes(),
)
keys = st.one_of(st.sampled_from(BANK_KEYS), st.text(max_size=8))
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=5),
    max_leaves=12,
)


ALNUM = string.ascii_lowercase + string.digits
id_texts = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(ALNUM),
    st.text(alphabet=ALNUM + "-", max_size=12),
)
"""Ids the format allows: `^[a-z0-9][a-z0-9-]*$`."""


def _with_extras(known: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Mappings that may hold each known key, plus a few random ones."""
    return st.builds(
        lambda base, extra: {**extra, **base},
        st.fixed_dictionaries({}, optional=known),
        st.dictionaries(keys, values, max_size=2),
    )


question_shaped = _with_extras(
    {
        "id": id_texts | values,
        "type": st.sampled_from(KINDS) | values,
        "prompt": texts | values,
        "choices": st.lists(scalars, max_size=5) | values,
        "answer": scalars | st.lists(scalars, max_size=3) | values,
        "items": st.lists(scalars, max_size=5) | values,
        "why_wrong": st.dictionaries(texts, scalars, max_size=3) | values,
        **{key: values for key in ("typos", "tolerance", "unit", "points", "difficulty", "hint")},
    }
)
bank_shaped = _with_extras(
    {
        "title": texts | values,
        "questions": st.lists(question_shaped, max_size=4) | values,
        **{
            key: values
            for key in ("deck", "description", "as_of", "source", "briefing", "settings")
        },
    }
)


@st.composite
def dumped(draw: st.DrawFn, data: Any) -> str:
    """`data` written by yaml.safe_dump, in a randomly chosen style."""
    return yaml.safe_dump(
        data,
        allow_unicode=draw(st.booleans()),
        sort_keys=False,
        default_flow_style=draw(st.sampled_from([False, None, True])),
        width=draw(st.sampled_from([80, 20, 10**6])),
    )


YAML_CHARS = ":-[]{}#&*!|>'\"%@`,? \t\n\\"
inserted_text = st.one_of(
    st.sampled_from(list(YAML_CHARS)),
    st.text(alphabet=YAML_CHARS, min_size=1, max_size=4),
    st.text(min_size=1, max_size=4),
    st.sampled_from(
        ["!!int ''", "!!bool x", "&a", "*a", "<<: *a", "- ", "  ", "\t", "\ufeff", "\x00"]
    ),
)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """`text` after one to four random edits of whole lines or single characters."""
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        op = draw(st.sampled_from(["del-line", "dup-line", "ins-line", "del-char", "ins-char"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "del-line":
            del lines[i]
        elif op == "dup-line":
            lines.insert(i, lines[i])
        elif op == "ins-line":
            lines.insert(i, draw(inserted_text))
        text = "\n".join(lines)
        if op in ("del-char", "ins-char") and text:
            j = draw(st.integers(0, len(text) - 1))
            text = text[:j] + (draw(inserted_text) if op == "ins-char" else "") + text[j + 1 :]
    return text


# -- strategies: mostly valid banks, then one corruption ---------------------------

clean = (
    st.text(min_size=1, max_size=12)
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: bool(s) and not unsafe_characters(s))
    | st.sampled_from(
        ["Lee Jae-myung", "Xi Jinping", "Gyeongju", "서울", "北京", "[b]APEC[/b]", "no", "30"]
    )
    | st.sampled_from(["%", "C#", "AT&T", "1,000", "İstanbul", "Kırıkkale", "ẞ"])
)
"""Non-empty one-line text, the way the validator reads it back (symbols and tricky letters
included; no control characters or bidi overrides, which a bank may not hold)."""
choice_values = (
    clean
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False, min_value=-1e20, max_value=1e20)
)
"""Choices and items: text, or numbers (which YAML writes unquoted and the validator reads as written)."""
numbers = st.floats(
    allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300
) | st.integers(-(10**15), 10**15)

REQUIRED = {
    "choice": ("id", "type", "prompt", "choices", "answer"),
    "multi": ("id", "type", "prompt", "choices", "answer"),
    "truefalse": ("id", "type", "prompt", "answer"),
    "text": ("id", "type", "prompt", "answer"),
    "number": ("id", "type", "prompt", "answer"),
    "order": ("id", "type", "prompt", "items"),
    "cloze": ("id", "type", "prompt"),
    "match": ("id", "type", "prompt", "pairs"),
}
"""README: the keys each question type cannot do without."""
ALLOWED = {
    kind: (
        "id",
        "type",
        "prompt",
        "explanation",
        "hint",
        "topic",
        "section",
        "difficulty",
        "points",
    )
    + extra
    for kind, extra in {
        "choice": ("choices", "answer", "why_wrong"),
        "multi": ("choices", "answer", "why_wrong"),
        "truefalse": ("answer",),
        "text": ("answer", "typos"),
        "number": ("answer", "tolerance", "unit"),
        "order": ("items",),
        "cloze": ("choices", "typos"),
        "match": ("pairs", "extra", "why_wrong"),
    }.items()
}
"""README: the keys each question type may have."""


def _distinct(
    strategy: st.SearchStrategy[Any], low: int, high: int
) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, min_size=low, max_size=high, unique_by=lambda v: str(v).casefold())


typed_text = clean.filter(lambda s: bool(normalise(s)))
"""A typed answer: with a letter or digit, or nothing typed could match it."""


@st.composite
def valid_question(draw: st.DrawFn, qid: str) -> dict[str, Any]:
    """One question of a random type, as the README allows it."""
    kind = draw(st.sampled_from(KINDS))
    q: dict[str, Any] = {"id": qid, "type": kind, "prompt": draw(clean)}
    if kind in ("choice", "multi"):
        choices = draw(_distinct(choice_values, 2, 5))
        if kind == "choice":
            answers = [draw(st.sampled_from(choices))]
            q.update(choices=choices, answer=answers[0])
        else:
            answers = draw(st.lists(st.sampled_from(choices), min_size=1, unique=True))
            q.update(choices=choices, answer=answers)
        wrong = [c for c in choices if c not in answers]
        if wrong and draw(st.booleans()):
            q["why_wrong"] = {
                c: draw(clean) for c in draw(st.lists(st.sampled_from(wrong), unique=True))
            }
    elif kind == "truefalse":
        q["answer"] = draw(st.booleans() | st.sampled_from(["yes", "no", "True", "NO"]))
    elif kind == "text":
        q["answer"] = draw(typed_text | st.lists(typed_text, min_size=1, max_size=3))
        if draw(st.booleans()):
            q["typos"] = draw(st.sampled_from([0, 1]))
    elif kind == "number":
        q["answer"] = draw(numbers)
        if draw(st.booleans()):
            q["tolerance"] = abs(draw(numbers))
        if draw(st.booleans()):
            q["unit"] = draw(clean)
    elif kind == "cloze":
        q.update(draw(valid_cloze()))
    elif kind == "match":
        q.update(draw(valid_match()))
    else:
        q["items"] = draw(_distinct(choice_values, 2, 5))
    optional = draw(st.integers(0, 63))  # one draw for six optional keys
    for bit, key in enumerate(("explanation", "hint", "topic", "section", "difficulty", "points")):
        if optional >> bit & 1:
            if key == "difficulty":
                q[key] = draw(st.sampled_from(["easy", "medium", "hard", "Hard"]))
            elif key == "points":
                q[key] = draw(st.integers(1, 10) | st.floats(0.01, 100))
            else:
                q[key] = draw(clean)
    return q


blank_text = typed_text.filter(lambda s: not set(s) & set("{}|"))
"""A blank's answer as a cloze prompt may hold it: no braces or `|`, a letter or digit."""
prose = clean.filter(lambda s: not set(s) & set("{}"))


@st.composite
def valid_cloze(draw: st.DrawFn) -> dict[str, Any]:
    """A cloze question's prompt (one to three blanks) and, for some blanks, their choices."""
    blanks = draw(st.lists(st.lists(blank_text, min_size=1, max_size=3), min_size=1, max_size=3))
    pieces = [draw(prose)]
    for alternatives in blanks:
        pieces += ["{{" + "|".join(alternatives) + "}}", draw(prose)]
    q: dict[str, Any] = {"prompt": " ".join(pieces)}
    choices = {}
    for number, alternatives in enumerate(blanks, start=1):
        if draw(st.booleans()):
            others = draw(_distinct(clean, 1, 4))
            listed = [
                alternatives[0],
                *(o for o in others if o.casefold() != alternatives[0].casefold()),
            ]
            if len(listed) >= 2:
                choices[number] = draw(st.permutations(listed))
    if choices:
        q["choices"] = choices
    if draw(st.booleans()):
        q["typos"] = draw(st.sampled_from([0, 1]))
    return q


@st.composite
def valid_match(draw: st.DrawFn) -> dict[str, Any]:
    """A match question's pairs (right-hand items all different), extra items and why_wrong."""
    lefts = draw(_distinct(clean, 2, 5))
    items = draw(_distinct(clean, len(lefts), len(lefts) + 2))
    q: dict[str, Any] = {"pairs": dict(zip(lefts, items, strict=False))}
    if len(items) > len(lefts):
        q["extra"] = items[len(lefts) :]
    if draw(st.booleans()):
        q["why_wrong"] = {left: draw(clean) for left in draw(st.lists(st.sampled_from(lefts)))}
    return q


@st.composite
def valid_bank(draw: st.DrawFn) -> dict[str, Any]:
    """A deck the format allows: 1 to 5 questions of random types."""
    qids = draw(st.lists(id_texts, min_size=1, max_size=5, unique=True))
    bank: dict[str, Any] = {"title": draw(clean)}
    optional = draw(st.integers(0, 63))
    if optional & 1:
        bank["deck"] = draw(id_texts)
    if optional & 2:
        bank["as_of"] = draw(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))
    if optional & 4:
        bank["source"] = {
            "title": draw(clean),
            "url": "https://example.org/a",
            "date": "2025-06-10",
        }
    if optional & 8:
        bank["description"] = draw(clean)
    if optional & 16:
        bank["briefing"] = draw(clean)
    if optional & 32:
        bank["settings"] = {"shuffle": draw(st.booleans()), "shuffle_choices": draw(st.booleans())}
    bank["questions"] = [draw(valid_question(qid)) for qid in qids]
    return bank


TAGS = [
    "!!int", "!!float", "!!bool", "!!timestamp", "!!binary", "!!null", "!!str", "!!merge",
    "!!value", "!!set", "!!seq", "!!map", "!!omap", "!!pairs", "!!python/none",
    "!!python/object/apply:os.system", "!local", "!<tag:yaml.org,2002:int>", "",
]  # fmt: skip
RAW_VALUES = [
    "1" + "0" * 400, "-1" + "0" * 320, "1e999", ".NaN", "0x_", "0o", "0b", "1_000", "1:30",
    "190:20:30.15", "2025-02-30", "2025-06-10 25:61:00", "2025-06-10T10:00:00+99:00",
    "&a x", "*a", "&a [1, *a]", "{<<: {a: 1}}", "!!set {a, b}", "[" * 70 + "]" * 70, "'\\ud800'",
    '"\\ud800"', '"\\x00\\u2028"', "|\n  block", "? [a]\n: b",
]  # fmt: skip
raw_scalar_text = st.one_of(
    st.builds(
        lambda tag, v: f"{tag} {v}".strip(),
        st.sampled_from(TAGS),
        st.one_of(
            st.text(alphabet=string.ascii_letters + string.digits + " .:_+-", max_size=8).map(
                lambda s: s.strip() or "''"
            ),
            st.text(max_size=6).map(json.dumps),
        ),
    ),
    st.sampled_from(RAW_VALUES),
)
"""Raw YAML for one value: a tag with a value PyYAML may not be able to build, and other traps."""
SLOT = "SLOT8f3a2c"
CORRUPTIONS = [
    "near-miss",
    "raw",
    "text",
    "replace",
    "unknown-key",
    "delete",
    "duplicate",
    "retype",
]

ODD_VALUES = [
    None, "", " ", 0, -1, 2, 0.5, True, "maybe", [], ["x"], [["x"]], {}, {"a": "b"},
    float("nan"), float("inf"), dt.date(2025, 6, 10),
]  # fmt: skip
"""Values that are wrong almost anywhere in a bank."""


def _mistakes(key: str, value: Any, target: dict[str, Any], bank: dict[str, Any]) -> list[Any]:
    """Mistakes a teacher could make in `key` (now `value`) of `target`: a question or the deck."""
    listed = value if isinstance(value, list) else []
    first = listed[0] if listed else "x"
    choices = target.get("choices") if isinstance(target.get("choices"), list) else ["x"]
    answers_by_kind: dict[str, list[Any]] = {
        "choice": [
            f"{choices[0]}x",
            str(choices[0]).upper(),
            [choices[0]],
            "",
            ", ".join(map(str, choices)),
        ],
        "multi": [[], [choices[0], choices[0]], ["not a choice"], choices[0], [[choices[0]]], [""]],
        "truefalse": ["maybe", 1, "True ", "oui", []],
        "text": ["", [], [""], 5, ["x", ["y"]], "%"],
        "number": [
            "11",
            "eleven",
            "11 years",
            float("nan"),
            float("inf"),
            True,
            10**309,
            -(10**400),
        ],
        "order": [["x"]],
    }
    by_key: dict[str, list[Any]] = {
        "choices": [
            listed[:1],
            [*choices, first],
            [*choices, str(first).swapcase()],
            [*choices, [first]],
            [*choices, ""],
            ", ".join(map(str, choices)),
        ],
        "items": [
            [first],
            [*listed, first],
            [*listed, str(first).swapcase()],
            [*listed, {"a": 1}],
            "a, b",
        ],
        "answer": answers_by_kind.get(str(target.get("type")), []),
        "why_wrong": [
            {"not a choice": "x"},
            {str(v): "x" for v in choices},
            {str(choices[0]): ""},
            "because",
        ],
        "points": [0, -1, "two", float("nan"), True, 10**309],
        "tolerance": [-1, "a bit", float("inf"), True, 10**309],
        "typos": [2, -1, "1", 0.5, True],
        "difficulty": ["Hard!", 1, ["easy"], "medium-hard"],
        "type": ["choise", "Multi", "truefalse ", "essay", 1, *KINDS],
        "id": ["Bad ID", "-x", "x_1", "", 5, bank["questions"][-1].get("id", "q")],
        "prompt": ["", " ", [], {"a": "b"}, 5],
        "unit": [[], {"a": "b"}, 5, ""],
        "title": ["", None, [], 5],
        "questions": [[], {}, "x", [None], ["x"], [[]]],
        "as_of": ["June 10", 20250610, "2025-02-30", "2025-06-10T10:00:00", [], True],
        "settings": [{"shuffle": "maybe"}, {"shufle": True}, "x", []],
        "source": ["x", {"outlet": []}, {"publisher": "x"}, {"date": dt.date(2025, 6, 10)}],
        "deck": ["Bad Deck", "", "-x", 7, []],
    }
    return by_key.get(key, [])


@st.composite
def corrupted(draw: st.DrawFn, bank: dict[str, Any]) -> tuple[str, str, bool]:
    """A copy of `bank` with one corruption, as YAML text; and whether it must be refused."""
    bank = copy.deepcopy(bank)
    questions = bank["questions"]
    target = draw(st.sampled_from([*questions, bank]))
    names = DECK_KEYS if target is bank else QUESTION_KEYS
    allowed = DECK_KEYS if target is bank else ALLOWED[target["type"]]
    required = ("title", "questions") if target is bank else REQUIRED[target["type"]]
    how = draw(st.sampled_from(CORRUPTIONS))
    must_refuse = False
    if how == "delete":
        key = draw(st.sampled_from(sorted(target)))
        must_refuse = key in required
        del target[key]
    elif how == "near-miss":
        # Mostly a key the question or deck has, the answer-carrying ones most of all.
        main = [k for k in ("answer", "choices", "items", "points") if k in target] or sorted(
            target
        )
        key = draw(st.sampled_from(main) | st.sampled_from(sorted(target)) | st.sampled_from(names))
        mistakes = _mistakes(key, target.get(key), target, bank)
        target[key] = draw(
            st.sampled_from(mistakes) | st.sampled_from(ODD_VALUES)
            if mistakes
            else st.sampled_from(ODD_VALUES)
        )
    elif how == "replace":
        target[draw(st.sampled_from(names) | st.sampled_from(sorted(target)))] = draw(values)
    elif how == "unknown-key":
        key = draw(keys)
        must_refuse = key not in allowed
        target[key] = draw(values)
    elif how == "duplicate":
        questions.insert(
            draw(st.integers(0, len(questions))), dict(draw(st.sampled_from(questions)))
        )
        must_refuse = True
    elif how == "retype" and target is not bank:
        target["type"] = draw(st.sampled_from(KINDS))
    elif how == "raw":
        # The one thing safe_dump cannot write: raw YAML in place of a value.
        key = draw(st.sampled_from(names) | st.sampled_from(sorted(target)))
        target[key] = draw(st.sampled_from([SLOT, [SLOT], {"x": SLOT}]))
    text = draw(dumped(bank))
    if how == "raw":
        text = text.replace(SLOT, draw(raw_scalar_text), 1)
    elif how == "text":
        text = draw(mutated(text))
    return text, how, must_refuse


# -- the properties ------------------------------------------------------------------


@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(alphabet=YAML_CHARS + "abcxyz019.éü서", max_size=200).map(str.encode),
        st.text(max_size=100).map(lambda s: "\ufeff" + s).map(str.encode),
    ),
    st.sampled_from([None, "fuzz/bank.yaml", "Ünïcode bank (week 3).yaml"]),
    st.sampled_from([DEFAULT_MAX_BYTES, 0, 10, 100]),
)
def test_any_bytes_load_or_raise_bank_error(
    content: bytes, label: str | None, max_bytes: int
) -> None:
    """Any bytes in a bank file give a Deck or a BankError whose problems name the file; never a crash."""
    load_outcome(content, label=label, max_bytes=max_bytes)


@given(st.data(), values | bank_shaped)
def test_any_yaml_structure_loads_or_raises_bank_error(data: st.DataObject, structure: Any) -> None:
    """Any YAML-shaped data, dumped by safe_dump and then with lines or characters deleted,
    duplicated or inserted, gives a sound Deck or a BankError; never a crash."""
    text = data.draw(dumped(structure), label="dumped")
    load_outcome(text)
    load_outcome(data.draw(mutated(text), label="mutated"))


@given(st.data(), valid_bank())
def test_valid_bank_loads_and_one_corruption_never_crashes(
    data: st.DataObject, bank: dict[str, Any]
) -> None:
    """A bank that follows the format loads as written; with one corruption it gives a sound Deck
    or a BankError (always a BankError for a duplicate id, an unknown key or a missing required key)."""
    deck = load_outcome(data.draw(dumped(bank), label="valid"))
    assert deck is not None
    assert deck.title == bank["title"]
    assert [(q.id, q.kind.value) for q in deck.questions] == [
        (q["id"], q["type"]) for q in bank["questions"]
    ]
    for question, written in zip(deck.questions, bank["questions"], strict=True):
        if all(isinstance(c, str) for c in written.get("choices", [1])):
            assert list(question.choices) == written["choices"]
        if all(isinstance(i, str) for i in written.get("items", [1])):
            assert list(question.items) == written["items"]

    text, how, must_refuse = data.draw(corrupted(bank), label="corrupted")
    event(f"corruption: {how}")
    outcome = load_outcome(text)
    if must_refuse:
        assert outcome is None, f"{how} corruption was accepted"


# -- bugs found by fuzzing, pinned ------------------------------------------------------------

HUGE = "1" + "0" * 309
"""An integer just over the largest float (about 1.8e308)."""
NUMBER_BANK = """\
title: Big numbers
questions:
  - id: q1
    type: number
    prompt: How many?
    answer: {answer}
    tolerance: {tolerance}
    points: {points}
"""


def _expect_bank_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(BankError) as caught:
            load_deck(path, label="bank.yaml")
    assert caught.value.problems
    assert all(str(p).startswith("bank.yaml") for p in caught.value.problems)


@pytest.mark.parametrize("key", ["answer", "tolerance", "points"])
def test_huge_integer_is_a_problem_not_a_crash(key: str) -> None:
    """An integer too big for a float (answer, tolerance or points) is a problem, not a traceback."""
    fields = {"answer": 5, "tolerance": 0, "points": 1, key: HUGE}
    _expect_bank_error(NUMBER_BANK.format(**fields))


@pytest.mark.parametrize(
    "document", ["!!int ''", "!!float ''", "!!bool maybe", "!!timestamp June 10"]
)
def test_tagged_scalar_that_cannot_be_built_is_a_problem(document: str) -> None:
    """A tagged scalar PyYAML cannot build is reported like any other bad value."""
    _expect_bank_error(document)


def test_multi_question_needs_a_right_answer() -> None:
    """A select-all-that-apply question must name at least one right answer."""
    _expect_bank_error(
        "title: Themes\n"
        "questions:\n"
        "  - id: q1\n"
        "    type: multi\n"
        "    prompt: Which themes did both sides stress?\n"
        "    choices: [Free trade, Tariffs]\n"
        "    answer: []\n"
    )


def test_text_answer_of_only_punctuation_is_refused() -> None:
    """A text answer that matching would throw away entirely is refused at load time."""
    _expect_bank_error(
        "title: Symbols\n"
        "questions:\n"
        "  - id: q1\n"
        "    type: text\n"
        "    prompt: Which symbol is read as 'percent'?\n"
        "    answer: '%'\n"
    )


def test_number_answer_is_shown_in_full() -> None:
    """The right answer shown after a miss is the bank's number, and typing it back counts."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_text(
            "title: Exchange rate\n"
            "questions:\n"
            "  - id: q1\n"
            "    type: number\n"
            "    prompt: How many won did one dollar buy?\n"
            "    answer: 1385.255\n"
            "    unit: won\n",
            encoding="utf-8",
        )
        question = load_deck(path).questions[0]
    assert question.answer_text == "1385.255 won"
    assert grade(question, question.answer_text).correct
    assert format_number(0.00001) == "0.00001"
