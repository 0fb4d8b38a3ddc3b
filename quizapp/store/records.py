"""How questions and responses are written down in the results database."""

from __future__ import annotations

import hashlib
import json

from quizapp.bank.model import Question
from quizapp.engine.grading import Response


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
    }
    digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def encode_response(response: Response | None) -> str | None:
    """The response as given, as JSON; None when the question was skipped."""
    if response is None:
        return None
    if isinstance(response, frozenset | set):
        return json.dumps({"picks": sorted(response)}, ensure_ascii=False)
    if isinstance(response, tuple):
        return json.dumps({"order": list(response)}, ensure_ascii=False)
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
    return str(data["text"])
