"""Anki: a deck package (`.apkg`) with one note per question, made with genanki.

Every id is derived, never random, so that exporting the bank again and
importing it into Anki updates the same notes instead of adding copies: the
deck's id from the bank's deck id, each note's GUID from the deck id and the
question id, the note type's id from quizapp itself. A question becomes a
note of quizapp's own note type (Front, Back, Hint): the front is the prompt
and, for choice, multi, truefalse, order and match questions, what to pick
from; the back is the answer, the explanation, what is wrong with each wrong
choice (`why_wrong`) and the article's evidence. A cloze question becomes a
note of Anki's cloze type, one `{{cN::answer}}` per blank. Topics become
tags. Anki shows fields as HTML and bank text is untrusted, so every piece
of bank text is escaped (`html.escape`) and shown literally; nothing is left
out. genanki is imported only here, and only when a deck is written.
"""

from __future__ import annotations

import hashlib
import html
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from quizapp.bank.model import BLANK_GAP, Deck, Question, QuestionKind
from quizapp.exchange.notes import ExportedFile

MODEL_NAME = "quizapp question"
"""The note type of every question but cloze, as Anki lists it."""

_GAP = re.compile(re.escape(BLANK_GAP).replace(r"\{number\}", r"(\d+)"))
_TAG = re.compile(r"[^\w]+")

_FRONT = (
    '<div class="prompt">{{Front}}</div>{{#Hint}}<div class="hint">{{hint:Hint}}</div>{{/Hint}}'
)
_BACK = '{{FrontSide}}<hr id="answer">{{Back}}'
_CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: left; }\n"


def anki_id(*parts: str) -> int:
    """A stable id in the range genanki recommends (2**30 to 2**31) for `quizapp:<parts>`."""
    digest = hashlib.sha256(":".join(("quizapp", *parts)).encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


def write_bank(deck: Deck) -> ExportedFile:
    """The deck as an Anki package: one note per question, nothing left out."""
    import genanki

    model = genanki.Model(
        anki_id("model", "question"),
        MODEL_NAME,
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Hint"}],
        templates=[{"name": "Card 1", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )
    anki_deck = genanki.Deck(anki_id("deck", deck.id), _deck_name(deck))
    if deck.description:
        anki_deck.description = _html(deck.description)
    for question in deck.questions:
        tags = [_tag(question.topic)] if _tag(question.topic) else []
        guid = genanki.guid_for("quizapp", deck.id, question.id)
        if question.kind is QuestionKind.CLOZE:
            note = genanki.Note(
                model=genanki.CLOZE_MODEL,
                fields=[cloze_text(question), _back_extra(question)],
                tags=tags,
                guid=guid,
            )
        else:
            note = genanki.Note(
                model=model,
                fields=[_front(question), _back(question), _html(question.hint)],
                tags=tags,
                guid=guid,
            )
        anki_deck.add_note(note)
    with tempfile.TemporaryDirectory(prefix="quizapp-anki-") as folder:
        path = Path(folder) / "deck.apkg"
        genanki.Package(anki_deck).write_to_file(str(path))
        return ExportedFile(path.read_bytes())


def _deck_name(deck: Deck) -> str:
    # Anki reads `::` in a deck name as a subdeck.
    return (deck.title or deck.id).replace("::", ":")


def _tag(topic: str) -> str:
    """A topic as an Anki tag: lower case, words joined by `-` (tags cannot hold spaces)."""
    return _TAG.sub("-", topic.lower()).strip("-_")


def _html(text: str) -> str:
    """Bank text shown literally by Anki: escaped, its line breaks kept."""
    return html.escape(text).replace("\r\n", "\n").replace("\n", "<br>")


def _list(items: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{_html(item)}</li>" for item in items) + f"</{tag}>"


def _front(question: Question) -> str:
    parts = [_html(question.prompt)]
    match question.kind:
        case QuestionKind.CHOICE | QuestionKind.TRUEFALSE:
            parts.append(_list(question.choices))
        case QuestionKind.MULTI:
            parts.append("<i>(pick every right one)</i>" + _list(question.choices))
        case QuestionKind.ORDER:
            # Shown in a fixed order that is not the answer's: sorted.
            parts.append("<i>(put in order)</i>" + _list(sorted(question.items)))
        case QuestionKind.MATCH:
            rights = sorted({right for _, right in question.pairs} | set(question.extra))
            parts.append(
                "<i>(match each one)</i>"
                + _list(left for left, _ in question.pairs)
                + "<i>with one of</i>"
                + _list(rights)
            )
        case QuestionKind.NUMBER if question.unit:
            parts.append(f"<i>(in {_html(question.unit)})</i>")
        case _:
            pass
    return "<br>".join(parts)


def _back(question: Question) -> str:
    if question.kind is QuestionKind.ORDER:
        answer = _list(question.items, "ol")
    elif question.kind is QuestionKind.MATCH:
        answer = _list(f"{left} → {right}" for left, right in question.pairs)
    else:
        answer = f"<b>{_html(question.answer_text)}</b>"
    parts = [answer]
    if question.kind is QuestionKind.TEXT and len(question.accepted) > 1:
        parts.append("Also accepted: " + _html("; ".join(question.accepted[1:])))
    if question.why_wrong:
        parts.append(
            "<ul>"
            + "".join(
                f"<li>{_html(wrong)}: {_html(why)}</li>"
                for wrong, why in question.why_wrong.items()
            )
            + "</ul>"
        )
    return "<br>".join(parts + _explained(question))


def _explained(question: Question) -> list[str]:
    parts = []
    if question.explanation:
        parts.append(_html(question.explanation))
    if question.evidence:
        parts.append(f"<i>From the article:</i> “{_html(question.evidence)}”")
    return parts


def _cloze_escape(text: str) -> str:
    """HTML-escaped, and with braces and colons as entities, so Anki reads no cloze in it."""
    return _html(text).replace("{", "&#123;").replace("}", "&#125;").replace(":", "&#58;")


def cloze_text(question: Question) -> str:
    """A cloze prompt for Anki's cloze note type: each gap `[n ____]` as `{{cn::answer}}`."""
    out: list[str] = []
    start = 0
    for gap in _GAP.finditer(question.prompt):
        number = int(gap.group(1))
        if not 1 <= number <= len(question.blanks):
            continue  # the teacher's own text that looks like a gap: kept as text
        out.append(_cloze_escape(question.prompt[start : gap.start()]))
        answer = question.blanks[number - 1][0]
        out.append(f"{{{{c{number}::{_cloze_escape(answer)}}}}}")
        start = gap.end()
    out.append(_cloze_escape(question.prompt[start:]))
    return "".join(out)


def _back_extra(question: Question) -> str:
    parts: list[str] = []
    for number, (accepted, choices) in enumerate(
        zip(question.blanks, _padded(question.blank_choices, len(question.blanks)), strict=True),
        start=1,
    ):
        line: list[str] = []
        if len(accepted) > 1:
            line.append("also accepted: " + _html("; ".join(accepted[1:])))
        if choices:
            line.append("picked from: " + _html("; ".join(choices)))
        if line:
            parts.append(f"Blank {number}: " + ", ".join(line))
    return "<br>".join(parts + _explained(question))


def _padded(choices: tuple[tuple[str, ...], ...], length: int) -> list[Any]:
    return list(choices) + [()] * (length - len(choices))
