"""Moodle XML: Moodle's own question bank file, `<quiz>` of `<question type=...>`.

    <quiz>
      <question type="category"><category><text>$course$/top/The summit</text></category></question>
      <question type="multichoice">
        <name><text>host</text></name>
        <questiontext format="html"><text>&lt;p&gt;Who hosts?&lt;/p&gt;</text></questiontext>
        <answer fraction="100" format="html"><text>Korea</text></answer>
        ...

Read with defusedxml: a file with a DTD, entities or external references
is refused (Moodle never writes them; they are how XML files attack their
readers). Written with the standard library's ElementTree, every text as
escaped HTML (`format="html"`), which Moodle shows as the very text.

What maps: multichoice (single: choice; not single: multi), truefalse,
shortanswer (text), numerical (number), matching (match), ordering (the
ordering plugin's format; order), cloze (Moodle's embedded answers,
`{1:SHORTANSWER:=a~=b}`; gapselect and ddwtos are read too), category
pseudo-questions (topic), `<name>` (id), generalfeedback (explanation),
answer feedback (why_wrong), `<defaultgrade>` (points), `<hint>` (hint).
quizapp's own keys that Moodle has no place for travel so that a file
written here reads back whole: difficulty and typos as tags, section and
evidence as marked paragraphs of the general feedback.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeET

from quizapp.bank.model import BLANK_GAP, FALSE_LABEL, TRUE_LABEL, Deck, Question, QuestionKind
from quizapp.exchange.notes import ExportedFile, ImportedBank, ImportProblem, ImportSource, Note
from quizapp.exchange.plain import html_to_text, plain_text

GRADE_PERCENTS = (
    100.0,
    90.0,
    83.33333,
    80.0,
    75.0,
    70.0,
    66.66667,
    60.0,
    50.0,
    40.0,
    33.33333,
    30.0,
    25.0,
    20.0,
    16.66667,
    14.28571,
    12.5,
    11.11111,
    10.0,
    5.0,
    0.0,
)
"""The grades Moodle accepts for an answer (and their negatives); others snap to the nearest."""

_TOP = "$course$/top"
BRIEFING = "briefing"
"""The name of the description item that holds the deck's briefing."""
_DECK_COMMENT = re.compile(r"<!-- quizapp deck ([a-z0-9-]+): (.*?) -->")
_MARKED = re.compile(r'<p data-quizapp="(section|evidence)">(.*?)</p>', re.IGNORECASE | re.DOTALL)
_MARK_LABELS = {"section": "Section: {}", "evidence": "From the article: \u201c{}\u201d"}
"""How the general feedback shows a question's section and evidence to a Moodle student."""
_C0 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_QUESTION_TAG = re.compile(r"<question[\s>/]")
_EMBEDDED = re.compile(r"\{(\d*):([A-Z_]+):((?:\\.|[^\\}])*)\}")
_SHORT_TYPES = frozenset({"SHORTANSWER", "SA", "MW", "SHORTANSWER_C", "SAC", "MWC"})
_CHOICE_TYPES = frozenset(
    {
        "MULTICHOICE",
        "MC",
        "MULTICHOICE_V",
        "MCV",
        "MULTICHOICE_H",
        "MCH",
        "MULTICHOICE_S",
        "MCS",
        "MULTICHOICE_VS",
        "MCVS",
        "MULTICHOICE_HS",
        "MCHS",
    }
)
_GAP = re.compile(r"\[\[(\d+)\]\]")
_PLACE = "\ue000{}\ue001"
_PLACED = re.compile("\ue000(\\d+)\ue001")
_CLOZE_SPECIAL = re.compile(r"([}#~/\"\\*])")


# Export ----------------------------------------------------------------------------------------


def write_bank(deck: Deck) -> ExportedFile:
    """`deck` as a Moodle XML `<quiz>`, and every part Moodle cannot hold."""
    quiz = ET.Element("quiz")
    quiz.append(ET.Comment(f" quizapp deck {_comment_safe(deck.id)}: {_comment_safe(deck.title)} "))
    if deck.description:
        quiz.append(ET.Comment(f" {_comment_safe(deck.description)} "))
    if deck.briefing:
        # Moodle's "description" item: text shown in a quiz, not a question.
        briefing = ET.SubElement(quiz, "question", type="description")
        _text_in(ET.SubElement(briefing, "name"), BRIEFING)
        _html_element(briefing, "questiontext", html_of(deck.briefing))
        ET.SubElement(briefing, "defaultgrade").text = "0"
    left_out: list[Note] = []
    topic: str | None = None
    for question in deck.questions:
        if question.topic != topic:
            topic = question.topic
            category = ET.SubElement(quiz, "question", type="category")
            path = f"{_TOP}/{topic.replace('/', '//')}" if topic else _TOP
            _text_in(ET.SubElement(category, "category"), path)
        element, notes = _question_element(question, deck.settings.shuffle_choices)
        left_out.extend(notes)
        if element is not None:
            quiz.append(element)
    ET.indent(quiz)
    data = ET.tostring(quiz, encoding="UTF-8", xml_declaration=True) + b"\n"
    return ExportedFile(data, left_out)


def _comment_safe(text: str) -> str:
    return text.replace("--", "- -").replace("\n", " ")


def _text_in(parent: ET.Element, text: str) -> ET.Element:
    ET.SubElement(parent, "text").text = text
    return parent


def html_of(text: str) -> str:
    """`text` as HTML that shows exactly it: escaped, a `<p>` per paragraph, `<br>` per line."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line, quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def _html_element(parent: ET.Element, tag: str, markup: str) -> ET.Element:
    element = ET.SubElement(parent, tag, format="html")
    return _text_in(element, markup)


def _percent(value: float) -> str:
    text = f"{value:.7f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _share(count: int) -> float:
    """100/count snapped to the nearest grade Moodle accepts."""
    return min(GRADE_PERCENTS, key=lambda grade: abs(grade - 100.0 / count))


def _question_element(question: Question, shuffle: bool) -> tuple[ET.Element | None, list[Note]]:
    where = f"question {question.id}"
    notes: list[Note] = []
    kind = question.kind
    moodle_type = {
        QuestionKind.CHOICE: "multichoice",
        QuestionKind.MULTI: "multichoice",
        QuestionKind.TRUEFALSE: "truefalse",
        QuestionKind.TEXT: "shortanswer",
        QuestionKind.NUMBER: "numerical",
        QuestionKind.ORDER: "ordering",
        QuestionKind.CLOZE: "cloze",
        QuestionKind.MATCH: "matching",
    }[kind]
    element = ET.Element("question", type=moodle_type)
    _text_in(ET.SubElement(element, "name"), question.id)
    prompt = (
        _cloze_text(question, notes) if kind is QuestionKind.CLOZE else html_of(question.prompt)
    )
    _html_element(element, "questiontext", prompt)
    feedback = html_of(question.explanation)
    for key, value in (("section", question.section), ("evidence", question.evidence)):
        if value:
            shown = _MARK_LABELS[key].format(html.escape(value, quote=False))
            feedback += f'<p data-quizapp="{key}">{shown}</p>'
    _html_element(element, "generalfeedback", feedback)
    ET.SubElement(element, "defaultgrade").text = _percent(question.points)
    ET.SubElement(element, "penalty").text = "0.3333333"
    ET.SubElement(element, "hidden").text = "0"
    if question.time_limit is not None:
        notes.append(Note(where, "Moodle has no time limit per question (set it on the quiz)"))
    match kind:
        case QuestionKind.CHOICE | QuestionKind.MULTI:
            _choices(element, question, shuffle)
        case QuestionKind.TRUEFALSE:
            for label, word in ((TRUE_LABEL, "true"), (FALSE_LABEL, "false")):
                is_right = label in question.correct_choices
                answer = ET.SubElement(
                    element,
                    "answer",
                    fraction="100" if is_right else "0",
                    format="moodle_auto_format",
                )
                _text_in(answer, word)
                _html_element(answer, "feedback", html_of(question.why_wrong.get(label, "")))
        case QuestionKind.TEXT:
            ET.SubElement(element, "usecase").text = "0"
            for accepted in question.accepted:
                answer = ET.SubElement(
                    element, "answer", fraction="100", format="moodle_auto_format"
                )
                _text_in(answer, accepted.replace("*", "\\*"))
                _html_element(answer, "feedback", "")
        case QuestionKind.NUMBER:
            answer = ET.SubElement(element, "answer", fraction="100", format="moodle_auto_format")
            _text_in(answer, repr(question.number))
            _html_element(answer, "feedback", "")
            ET.SubElement(answer, "tolerance").text = repr(question.tolerance)
            if question.unit:
                units = ET.SubElement(ET.SubElement(element, "units"), "unit")
                ET.SubElement(units, "multiplier").text = "1"
                ET.SubElement(units, "unit_name").text = question.unit
                ET.SubElement(element, "unitgradingtype").text = "0"
                ET.SubElement(element, "unitpenalty").text = "0.1"
                ET.SubElement(element, "showunits").text = "0"
                ET.SubElement(element, "unitsleft").text = "0"
        case QuestionKind.ORDER:
            ET.SubElement(element, "layouttype").text = "VERTICAL"
            ET.SubElement(element, "selecttype").text = "ALL"
            ET.SubElement(element, "selectcount").text = "0"
            ET.SubElement(element, "gradingtype").text = "ABSOLUTE_POSITION"
            ET.SubElement(element, "showgrading").text = "SHOW"
            ET.SubElement(element, "numberingstyle").text = "none"
            for position, item in enumerate(question.items, start=1):
                answer = ET.SubElement(element, "answer", fraction=str(position), format="html")
                _text_in(answer, html.escape(item, quote=False))
        case QuestionKind.MATCH:
            ET.SubElement(element, "shuffleanswers").text = "true"
            for left, right in question.pairs:
                sub = _html_element(element, "subquestion", html.escape(left, quote=False))
                _text_in(ET.SubElement(sub, "answer"), right)
            for extra in question.extra:
                sub = _html_element(element, "subquestion", "")
                _text_in(ET.SubElement(sub, "answer"), extra)
            if question.why_wrong:
                notes.append(
                    Note(where, "Moodle's matching has no feedback per item (why_wrong left out)")
                )
        case QuestionKind.CLOZE:
            pass
    if question.hint:
        _html_element(element, "hint", html_of(question.hint))
    tags = []
    if question.difficulty is not None:
        tags.append(f"difficulty:{question.difficulty.value}")
    if kind in (QuestionKind.TEXT, QuestionKind.CLOZE):
        tags.append(f"typos:{question.typos}")
    if tags:
        holder = ET.SubElement(element, "tags")
        for tag in tags:
            _text_in(ET.SubElement(holder, "tag"), tag)
    return element, notes


def _choices(element: ET.Element, question: Question, shuffle: bool) -> None:
    single = question.kind is QuestionKind.CHOICE
    ET.SubElement(element, "single").text = "true" if single else "false"
    ET.SubElement(element, "shuffleanswers").text = "true" if shuffle else "false"
    ET.SubElement(element, "answernumbering").text = "abc"
    right = [c for c in question.choices if c in question.correct_choices]
    wrong = [c for c in question.choices if c not in question.correct_choices]
    for choice in question.choices:
        if choice in question.correct_choices:
            fraction = 100.0 if single else _share(len(right))
        else:
            # Multi: a wrong pick takes back a share, so ticking everything never scores.
            fraction = 0.0 if single else -_share(len(wrong))
        answer = ET.SubElement(element, "answer", fraction=_percent(fraction), format="html")
        _text_in(answer, html.escape(choice, quote=False))
        _html_element(answer, "feedback", html_of(question.why_wrong.get(choice, "")))


def _cloze_escape(text: str) -> str:
    return _CLOZE_SPECIAL.sub(r"\\\1", text)  # HTML-escaped with the rest of the prompt


def _cloze_text(question: Question, notes: list[Note]) -> str:
    """The prompt as Moodle's embedded answers: `{1:SHORTANSWER:=a~=b}`, `{1:MULTICHOICE:...}`."""
    prompt = question.prompt
    pieces: list[str] = []
    rest = prompt
    for number, accepted in enumerate(question.blanks, start=1):
        gap = BLANK_GAP.format(number=number)
        before, _, rest = rest.partition(gap)
        pieces.append(_brace_safe(before))
        choices = question.blank_choices[number - 1] if question.blank_choices else ()
        if choices:
            options = "~".join(
                ("=" if choice in accepted else "") + _cloze_escape(choice) for choice in choices
            )
            unreachable = [a for a in accepted if a not in choices]
            if unreachable:
                notes.append(
                    Note(
                        f"question {question.id}",
                        f"blank {number}: {', '.join(map(repr, unreachable))} not among its "
                        "choices, so not written (no one could pick it)",
                    )
                )
            pieces.append("{1:MULTICHOICE:" + options + "}")
        else:
            pieces.append(
                "{1:SHORTANSWER:" + "~".join("=" + _cloze_escape(a) for a in accepted) + "}"
            )
    pieces.append(_brace_safe(rest))
    joined = "".join(pieces)
    # Paragraphs and lines as html_of makes them, braces kept out of Moodle's reach.
    return html_of(joined).replace("\ue002", "&#123;").replace("\ue003", "&#125;")


def _brace_safe(text: str) -> str:
    return text.replace("{", "\ue002").replace("}", "\ue003")


# Import ----------------------------------------------------------------------------------------


@dataclass
class _Reader:
    source: ImportSource
    imported: ImportedBank
    lines: list[int] = field(default_factory=list)
    topic: str = ""
    ids: set[str] = field(default_factory=set)

    def where(self, index: int, name: str) -> str:
        if index < len(self.lines):
            return f"{self.source.label}:{self.lines[index]}"
        return f"{self.source.label}: question {index + 1} ({name})"

    def clean(self, text: str, where: str) -> str:
        clean, removed = plain_text(text)
        if removed:
            self.imported.notes.append(Note(where, f"removed {', '.join(removed)} from the text"))
        return clean


def read_bank(source: ImportSource) -> ImportedBank:
    """Every question of a Moodle XML file, or `ImportProblem` for a malformed or hostile one."""
    text = source.text().lstrip("\ufeff")
    imported = ImportedBank({"questions": []})
    text = _without_c0(text, source, imported)
    root = _parse(text)
    if root.tag != "quiz":
        raise ImportProblem(1, f"the file's root is <{root.tag}>, not <quiz>: not Moodle XML")
    reader = _Reader(source, imported)
    if named := _DECK_COMMENT.search(text[:4096]):
        imported.deck["deck"] = named.group(1)
        imported.deck["title"] = reader.clean(named.group(2).strip(), source.label)
    elements = root.findall("question")
    lines = [text.count("\n", 0, m.start()) + 1 for m in _QUESTION_TAG.finditer(text)]
    if len(lines) == len(elements):
        reader.lines = lines
    for index, element in enumerate(elements):
        _read_question(reader, index, element)
    if not imported.deck["questions"]:
        raise ImportProblem(None, "no questions found (<quiz><question type=...>)")
    return imported


def _without_c0(text: str, source: ImportSource, imported: ImportedBank) -> str:
    """Control characters XML may not hold, taken out (and said) before the parser sees them."""
    if not _C0.search(text):
        return text
    for number, line in enumerate(text.split("\n"), start=1):
        found = sorted({f"U+{ord(c):04X}" for c in _C0.findall(line)})
        if found:
            imported.notes.append(
                Note(
                    f"{source.label}:{number}",
                    f"removed control characters {', '.join(found)} from the text",
                )
            )
    return _C0.sub("", text)


def _parse(text: str) -> ET.Element:
    try:
        root: ET.Element = SafeET.fromstring(text, forbid_dtd=False)
        if "<!DOCTYPE" in text:
            SafeET.fromstring(text, forbid_dtd=True)
    except defusedxml.EntitiesForbidden:
        raise ImportProblem(
            _line_of(text, "<!ENTITY"),
            "the file declares XML entities, which are refused (they can expand without end); "
            "Moodle never writes them",
        ) from None
    except defusedxml.ExternalReferenceForbidden:
        raise ImportProblem(
            _line_of(text, "SYSTEM"),
            "the file refers to an external resource, which is refused (it could read other "
            "files); Moodle never writes one",
        ) from None
    except defusedxml.DTDForbidden:
        raise ImportProblem(
            _line_of(text, "<!DOCTYPE"),
            "the file has a DTD (<!DOCTYPE ...>), which is refused; Moodle XML has none: remove it",
        ) from None
    except ET.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        raise ImportProblem(
            line, f"not well-formed XML ({reason}, column {column + 1}); fix the markup there"
        ) from None
    return root


def _line_of(text: str, marker: str) -> int | None:
    offset = text.find(marker)
    return text.count("\n", 0, offset) + 1 if offset >= 0 else None


def _child_text(element: ET.Element, tag: str) -> str:
    child = element.find(tag)
    if child is None:
        return ""
    inner = child.find("text")
    return (inner.text if inner is not None else child.text) or ""


def _paragraphs(markup: str, text_format: str = "html") -> str:
    """The text of `markup` in a Moodle text format, each line a paragraph.

    A bank joins single line breaks, so each line the text shows becomes a
    paragraph. In HTML a line break of the source is a space; in Moodle's
    auto format it is a line; plain text is taken as it stands. (html_to_text
    decodes entities twice, `&amp;lt;` to `<`; its ampersands are doubled
    here so that an entity is decoded once, as a browser does.)
    """
    if text_format == "plain_text":
        lines = markup.split("\n")
    else:
        if text_format == "html":
            markup = markup.replace("\r", " ").replace("\n", " ")
        lines = html_to_text(markup.replace("&", "&amp;")).split("\n")
    return "\n\n".join(" ".join(line.split()) for line in lines if line.strip())


def _format_of(element: ET.Element | None) -> str:
    return (element.get("format") if element is not None else None) or "html"


def _as_text(
    reader: _Reader, raw: str, where: str, *, markup: bool = True, text_format: str = "html"
) -> str:
    return reader.clean(_paragraphs(raw, text_format) if markup else raw.strip(), where)


def _fraction(answer: ET.Element) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


def _slug(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", text.lower())).strip("-")[:60].strip("-")


def _unique_id(reader: _Reader, name: str, index: int) -> str:
    base = _slug(name) or f"q{index + 1}"
    candidate, number = base, 2
    while candidate in reader.ids:
        candidate, number = f"{base}-{number}", number + 1
    reader.ids.add(candidate)
    return candidate


def _category_parts(path: str) -> list[str]:
    """A category path's parts: `/` divides them, `//` is a slash within one (as Moodle writes).

    In a run of an odd number of slashes the one that divides comes first, so a
    topic that starts with a slash (`top///x`: `/x`) reads back as written.
    """
    parts: list[str] = []
    current: list[str] = []
    for run in re.split(r"(/+)", path):
        if not run.startswith("/"):
            current.append(run)
            continue
        if len(run) % 2:
            parts.append("".join(current))
            current = []
        current.append("/" * (len(run) // 2))
    parts.append("".join(current))
    return parts


def _read_question(reader: _Reader, index: int, element: ET.Element) -> None:
    kind = element.get("type", "")
    name = _child_text(element, "name").strip()
    where = reader.where(index, name or kind)
    if kind == "category":
        path = _child_text(element, "category").strip()
        parts = _category_parts(path)
        last = parts[-1].strip() if parts else ""
        top = len(parts) <= 2 and last.lower() == "top"
        reader.topic = "" if top or last.lower().startswith("default for") else last
        reader.topic = reader.clean(reader.topic, where)
        return
    readers = {
        "multichoice": _multichoice,
        "truefalse": _truefalse,
        "shortanswer": _shortanswer,
        "numerical": _numerical,
        "matching": _matching,
        "ordering": _ordering,
        "cloze": _cloze,
        "multianswer": _cloze,
        "gapselect": _gaps,
        "ddwtos": _gaps,
    }
    read = readers.get(kind)
    if kind == "description" and name == BRIEFING and "briefing" not in reader.imported.deck:
        reader.imported.deck["briefing"] = _prompt(reader, element, where)
        return
    if read is None:
        reader.imported.notes.append(
            Note(
                where, f"{kind or 'untyped'} question {name!r}: quizapp has no such type; left out"
            )
        )
        return
    question: dict[str, Any] = {"id": "", "type": ""}
    number = len(reader.imported.deck["questions"])
    if not read(reader, element, question, where, number):
        return
    if not question.get("prompt"):
        reader.imported.notes.append(Note(where, f"question {name} has no text; left out"))
        return
    question["id"] = _unique_id(reader, name, index)
    if name != question["id"]:
        reader.imported.comment(number, f"id made from the Moodle name {name!r}")
    _common(reader, element, question, where)
    reader.imported.deck["questions"].append(question)


def _common(reader: _Reader, element: ET.Element, question: dict[str, Any], where: str) -> None:
    raw = _child_text(element, "generalfeedback")
    for key, value in _MARKED.findall(raw):
        text = " ".join(_paragraphs(value).split())
        before, _, after = _MARK_LABELS[key.lower()].partition("{}")
        if text.startswith(before) and text.endswith(after) and len(text) > len(before + after):
            text = text[len(before) : len(text) - len(after)]
        question[key.lower()] = reader.clean(text.strip(), where)
    explanation = _as_text(reader, _MARKED.sub("", raw), where)
    if explanation:
        # The general feedback is the explanation; the right answer's feedback only stands in.
        standing_in = question.get("explanation", "")
        if standing_in and standing_in != explanation:
            reader.imported.notes.append(
                Note(where, f"the right answer's feedback is not carried: {standing_in[:60]}")
            )
        question["explanation"] = explanation
    hint = _as_text(reader, _child_text(element, "hint"), where)
    if hint:
        question["hint"] = hint
    if reader.topic:
        question["topic"] = reader.topic
    grade = _child_text(element, "defaultgrade").strip() or element.findtext("defaultgrade", "")
    try:
        points = float(grade) if grade.strip() else 1.0
    except ValueError:
        points = 1.0
    if points != 1.0:
        question["points"] = int(points) if points.is_integer() else points
    for tag in element.findall("tags/tag"):
        key, _, value = _child_text(tag, ".").partition(":")
        if key == "difficulty" and value in ("easy", "medium", "hard"):
            question["difficulty"] = value
        elif key == "typos" and value.isdigit() and question["type"] in ("text", "cloze"):
            question["typos"] = int(value)


def _answers(element: ET.Element) -> list[ET.Element]:
    return element.findall("answer")


def _multichoice(
    reader: _Reader, element: ET.Element, question: dict[str, Any], where: str, number: int
) -> bool:
    single = (element.findtext("single") or "true").strip().lower() not in ("false", "0")
    choices: list[str] = []
    fractions: list[float] = []
    feedback: list[str] = []
    for answer in _answers(element):
        choice = _as_text(reader, _child_text(answer, "."), where, text_format=_format_of(answer))
        if not choice or choice in choices:
            reader.imported.notes.append(
                Note(where, f"an empty or repeated choice ({choice!r}) left out")
            )
            continue
        choices.append(choice)
        fractions.append(_fraction(answer))
        feedback.append(_as_text(reader, _child_text(answer, "feedback"), where))
    question.update(type="choice" if single else "multi", prompt=_prompt(reader, element, where))
    question["choices"] = choices
    if single:
        best = max(fractions, default=0.0)
        right = [c for c, f in zip(choices, fractions, strict=True) if f == best and f > 0]
        if not right:
            reader.imported.notes.append(Note(where, "no choice scores above 0; left out"))
            return False
        question["answer"] = right[0]
        partial = [c for c, f in zip(choices, fractions, strict=True) if 0 < f < best]
        if partial or len(right) > 1:
            reader.imported.notes.append(
                Note(where, f"partial credit is not carried; only {right[0]!r} counts as right")
            )
    else:
        right = [c for c, f in zip(choices, fractions, strict=True) if f > 0]
        if not right:
            reader.imported.notes.append(Note(where, "no choice scores above 0; left out"))
            return False
        question["answer"] = right
        shares = {round(f, 2) for f in fractions if f > 0}
        if len(shares) > 1 or abs(sum(f for f in fractions if f > 0) - 100) > 1:
            reader.imported.notes.append(
                Note(where, "partial credit is not carried: all right choices must be picked")
            )
    right_set = set(question["answer"] if not single else [question["answer"]])
    why_wrong = {
        c: fb for c, fb in zip(choices, feedback, strict=True) if fb and c not in right_set
    }
    if why_wrong:
        question["why_wrong"] = why_wrong
    _right_feedback(
        question, [fb for c, fb in zip(choices, feedback, strict=True) if fb and c in right_set]
    )
    return True


def _right_feedback(question: dict[str, Any], feedback: list[str]) -> None:
    """The right answers' feedback, as the explanation's end (general feedback comes first)."""
    if any(feedback):
        question["explanation"] = "\n".join(text for text in feedback if text)


def _prompt(reader: _Reader, element: ET.Element, where: str) -> str:
    text_format = _format_of(element.find("questiontext"))
    return _as_text(reader, _child_text(element, "questiontext"), where, text_format=text_format)


def _truefalse(
    reader: _Reader, element: ET.Element, question: dict[str, Any], where: str, number: int
) -> bool:
    question.update(type="truefalse", prompt=_prompt(reader, element, where))
    answers = {_child_text(a, ".").strip().lower(): (_fraction(a), a) for a in _answers(element)}
    if "true" not in answers and "false" not in answers:
        reader.imported.notes.append(Note(where, "a truefalse question without true/false"))
        return False
    true_fraction = answers.get("true", (0.0, None))[0]
    question["answer"] = true_fraction > 0
    for word, (_, answer) in answers.items():
        if answer is None:
            continue
        text = _as_text(reader, _child_text(answer, "feedback"), where)
        if not text:
            continue
        if (word == "true") == question["answer"]:
            _right_feedback(question, [text])
        else:
            reader.imported.notes.append(
                Note(where, f"the feedback for answering {word} is not carried: {text[:60]}")
            )
    return True


def _shortanswer(
    reader: _Reader, element: ET.Element, question: dict[str, Any], where: str, number: int
) -> bool:
    question.update(type="text", prompt=_prompt(reader, element, where))
    accepted: list[str] = []
    for answer in _answers(element):
        raw = _as_text(reader, _child_text(answer, "."), where, markup=False)
        fraction = _fraction(answer)
        if "*" in raw.replace("\\*", ""):
            reader.imported.notes.append(
                Note(
                    where, f"the wildcard answer {raw!r} is not carried (quizapp has no wildcards)"
                )
            )
            continue
        text = raw.replace("\\*", "*")
        if fraction >= 100 and text and text not in accepted:
            accepted.append(text)
        elif fraction > 0:
            reader.imported.notes.append(
                Note(where, f"the {_percent(fraction)}% answer {text!r} is not carried")
            )
        elif text:
            reader.imported.notes.append(
                Note(where, f"the wrong answer {text!r} and its feedback are not carried")
            )
    if not accepted:
        reader.imported.notes.append(Note(where, "no answer scores 100%; left out"))
        return False
    if (element.findtext("usecase") or "0").strip() == "1":
        reader.imported.comment(number, "Moodle matched this answer's case; quizapp ignores case")
    question["answer"] = accepted if len(accepted) > 1 else accepted[0]
    return True


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _numerical(
    reader: _Reader, element: ET.Element, question: dict[str, Any], where: str, number: int
) -> bool:
    question.update(type="number", prompt=_prompt(reader, element, where))
    chosen: tuple[float, float] | None = None
    for answer in _answers(element):
        value = _number(_child_text(answer, "."))
        tolerance = _number(answer.findtext("tolerance") or "0") or 0.0
        fraction = _fraction(answer)
        if value is not None and fraction >= 100 and chosen is None:
            chosen = (value, abs(tolerance))
            _right_feedback(question, [_as_text(reader, _child_text(answer, "feedback"), where)])
        else:
            reader.imported.notes.append(
                Note(
                    where,
                    f"the {_percent(fraction)}% answer {_child_text(answer, '.').strip()!r} "
                    "is not carried (one right number is kept)",
                )
            )
    if chosen is None:
        reader.imported.notes.append(Note(where, "no numeric answer scores 100%; left out"))
        return False
    value, tolerance = chosen
    question["answer"] = int(value) if value.is_integer() else value
    if tolerance:
        question["tolerance"] = int(tolerance) if tolerance.is_integer() else tolerance
    units = element.findall("units/unit")
    for unit in units:
        multiplier = _number(unit.findtext("multiplier") or "1")
        name = reader.clean((unit.findtext("unit_name") or "").strip(), where)
        if multiplier == 1 and name and "unit" not in question:
            question["unit"] = name
        elif name:
            reader.imported.notes.append(
                Note(where, f"the unit {name!r} (× {multiplier}) is not carried")
            )
    return True


def _matching(
    reader: _Reader, element: ET.Element, question: dict[str, Any], where: str, number: int
) -> bool:
    question.update(type="match", prompt=_prompt(reader, element, where))
    pairs: dict[str, str] = {}
    extra: list[str] = []
    for sub in element.findall("subquestion"):
        left = _as_text(reader, _child_text(sub, "."), where, text_format=_format_of(sub))
        right = _as_text(reader, _child_text(sub, "answer"), where, markup=False)
        if not right:
            continue
        if not left:
            extra.append(right)
        elif left in pairs:
            reader.imported.notes.append(Note(where, f"the repeated item {left!r} left out"))
        else:
            pairs[left] = right
    if len(pairs) < 2:
        reader.imported.notes.append(Note(where, "a matching question with fewer than 2 pairs"))
        return False
    question["pairs"] = pairs
    if extra:
        question["extra"] = extra
    return True


def _ordering(
    reader: _Reader, element: ET.Element, question: dict[str, Any], where: str, number: int
) -> bool:
    question.update(type="order", prompt=_prompt(reader, element, where))
    answers = sorted(enumerate(_answers(element)), key=lambda pair: (_fraction(pair[1]), pair[0]))
    items = [
        _as_text(reader, _child_text(a, "."), where, text_format=_format_of(a)) for _, a in answers
    ]
    question["items"] = [item for item in items if item]
    if (element.findtext("selecttype") or "ALL").strip() != "ALL":
        reader.imported.comment(number, "Moodle showed a subset of the items; quizapp shows all")
    return len(question["items"]) >= 2


def _blank_safe(reader: _Reader, text: str, where: str) -> str | None:
    if not text or any(mark in text for mark in ("|", "{", "}", "\n")):
        if text:
            reader.imported.notes.append(
                Note(where, f"the blank answer {text!r} holds | or a brace; left out")
            )
        return None
    return text


def _cloze(
    reader: _Reader, element: ET.Element, question: dict[str, Any], where: str, number: int
) -> bool:
    raw = _child_text(element, "questiontext")
    blanks: list[str] = []
    choices: dict[int, list[str]] = {}

    def place(match: re.Match[str]) -> str:
        kind, body = match.group(2), match.group(3)
        if kind not in _SHORT_TYPES and kind not in _CHOICE_TYPES:
            reader.imported.notes.append(
                Note(where, f"a {kind} blank is not carried (quizapp blanks are typed or picked)")
            )
            return "(…)"
        right: list[str] = []
        options: list[str] = []
        for part in re.split(r"(?<!\\)~", body):
            grade, text = 0.0, part
            if text.startswith("="):
                grade, text = 100.0, text[1:]
            elif found := re.match(r"%(-?[\d.]+)%", text):
                grade, text = float(found.group(1)), text[found.end() :]
            text, *feedback = re.split(r"(?<!\\)#", text, maxsplit=1)
            text = re.sub(r"\\(.)", r"\1", text)
            value = _blank_safe(reader, reader.clean(_paragraphs(text), where), where)
            if value is None:
                continue
            if feedback and feedback[0].strip():
                lost.add("feedback on blank answers")
            typed = kind in _SHORT_TYPES
            if typed and (value == "*" or grade < 100):
                lost.add(f"{'wrong' if grade <= 0 else 'partial-credit'} answers of typed blanks")
                continue
            options.append(value)
            if grade >= 100:
                right.append(value)
            elif grade > 0:
                lost.add("partial credit in picked blanks")
        if not right:
            reader.imported.notes.append(Note(where, "a blank with no 100% answer is not carried"))
            return "(…)"
        blanks.append("|".join(right))
        if kind in _CHOICE_TYPES:
            choices[len(blanks)] = options
        return _PLACE.format(len(blanks))

    lost: set[str] = set()
    shown = _EMBEDDED.sub(place, raw)
    for what in sorted(lost):
        reader.imported.notes.append(Note(where, f"{what} not carried"))
    prompt = reader.clean(_paragraphs(shown, _format_of(element.find("questiontext"))), where)
    return _finish_cloze(reader, question, prompt, blanks, choices, where)


def _finish_cloze(
    reader: _Reader,
    question: dict[str, Any],
    prompt: str,
    blanks: list[str],
    choices: dict[int, list[str]],
    where: str,
) -> bool:
    if not blanks:
        reader.imported.notes.append(Note(where, "a cloze question without blanks; left out"))
        return False
    if "{{" in prompt or "}}" in prompt:
        prompt = prompt.replace("{{", "{ {").replace("}}", "} }")
    question.update(
        type="cloze",
        prompt=_PLACED.sub(lambda m: "{{" + blanks[int(m.group(1)) - 1] + "}}", prompt),
    )
    if choices:
        question["choices"] = choices
    return True


def _gaps(
    reader: _Reader, element: ET.Element, question: dict[str, Any], where: str, number: int
) -> bool:
    """gapselect (`<selectoption>`) and ddwtos (`<dragbox>`): `[[n]]` gaps filled from groups."""
    options: list[tuple[str, str]] = []
    for option in element.findall("selectoption") + element.findall("dragbox"):
        text = reader.clean(_paragraphs(_child_text(option, ".")), where)
        options.append((text, (option.findtext("group") or "1").strip()))
    blanks: list[str] = []
    choices: dict[int, list[str]] = {}
    lost = False

    def place(match: re.Match[str]) -> str:
        nonlocal lost
        index = int(match.group(1)) - 1
        if not 0 <= index < len(options) or _blank_safe(reader, options[index][0], where) is None:
            lost = True
            return "(…)"
        right, group = options[index]
        blanks.append(right)
        choices[len(blanks)] = list(
            dict.fromkeys(
                t for t, g in options if g == group and _blank_safe(reader, t, where) is not None
            )
        )
        return _PLACE.format(len(blanks))

    shown = _GAP.sub(place, _child_text(element, "questiontext"))
    if lost:
        reader.imported.notes.append(Note(where, "a gap naming no choice is not carried"))
    prompt = reader.clean(_paragraphs(shown, _format_of(element.find("questiontext"))), where)
    return _finish_cloze(reader, question, prompt, blanks, choices, where)
