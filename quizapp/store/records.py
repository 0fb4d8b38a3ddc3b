"""How questions and responses are written down in the results database."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from quizapp.bank.model import Question
from quizapp.engine.grading import ClozeResponse, MatchResponse, Response


def content_hash(question: Question) -> str:
    """A short fingerprint of what a question asks and accepts.

    History is keyed by (deck id, question id); the fingerprint stored with
    each answer shows when the prompt or answer changed since.
    """
    content = {
        "kind": question.kind.value,
        "prompt": question.prompt,
        "choices": list(question.choices),
        "right": sorted(question.correct_choices),
        "accepted": list(question.accepted),
        "number": question.number,
        "tolerance": question.tolerance,
        "unit": question.unit,
        "items": list(question.items),
        **_parts(question),
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def answer_hash(question: Question) -> str:
    """A fingerprint of what a question accepts and how it is graded, not of its wording.

    A round resumed after the bank changed keeps an answer only while this
    is unchanged: rewording a prompt keeps it, a new right answer does not.
    """
    content = {
        "kind": question.kind.value,
        "choices": sorted(question.choices),
        "right": sorted(question.correct_choices),
        "accepted": list(question.accepted),
        "typos": question.typos,
        "number": question.number,
        "tolerance": question.tolerance,
        "unit": question.unit,
        "items": list(question.items),
        **_parts(question),
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def _parts(question: Question) -> dict[str, Any]:
    """A cloze question's blanks and a match question's pairs, for the fingerprints.

    Only present when the question has them, so that the fingerprint of every
    other question stays what it was (a changed one would mark each answer
    ever given "wording changed", and set aside the answers of rounds to resume).
    """
    parts: dict[str, Any] = {}
    if question.blanks:
        parts["blanks"] = [list(blank) for blank in question.blanks]
        parts["blank_choices"] = [sorted(choices) for choices in question.blank_choices]
    if question.pairs:
        parts["pairs"] = sorted(list(pair) for pair in question.pairs)
        parts["extra"] = sorted(question.extra)
    return parts


def encode_response(response: Response | None) -> str | None:
    """The response as given, as JSON; None when the question was skipped."""
    if response is None:
        return None
    if isinstance(response, frozenset | set):
        return json.dumps({"picks": sorted(response)}, ensure_ascii=False)
    if isinstance(response, tuple):
        return json.dumps({"order": list(response)}, ensure_ascii=False)
    if isinstance(response, ClozeResponse):
        return json.dumps({"blanks": list(response.blanks)}, ensure_ascii=False)
    if isinstance(response, MatchResponse):
        return json.dumps({"pairs": [list(pair) for pair in response.pairs]}, ensure_ascii=False)
    return json.dumps({"text": response}, ensure_ascii=False)


def decode_response(stored: str | None) -> Response | None:
    """The inverse of `encode_response`."""
    if stored is None:
        return None
    data = json.loads(stored)
    if "picks" in data:
        return frozenset(data["picks"])
    if "order" in data:
        return tuple(data["order"])
    if "blanks" in data:
        return ClozeResponse(tuple(str(text) for text in data["blanks"]))
    if "pairs" in data:
        return MatchResponse(tuple((str(left), str(right)) for left, right in data["pairs"]))
    return str(data["text"])
