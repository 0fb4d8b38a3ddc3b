"""A starting bank for `quizapp new`: what a plain-text article says about itself, and the YAML.

Reading an article (`read_article`) takes only what can be found without
guessing much:

* the title: the first line that is not empty (a Markdown `#` is dropped);
* the date and the outlet, from the few short lines right under the title:
  a date written `10 June 2025`, `June 10, 2025` or `2025-06-10` (month names
  in English, full or short); a line labelled `Outlet:`, `Source:` or
  `Publisher:`; or, next to a date, a short line of its own, or what stands
  beside the date on its line (`Example News — 10 June 2025`). A line
  starting `By ` is the byline and names no outlet;
* the headings: short lines (at most 12 words and 60 characters) with no
  full stop, comma, colon or semicolon at the end, starting with a capital
  or a digit, that have text after them and are not a line of a paragraph
  wrapped by hand (the next line going on in lower case, or this one going
  on from a long line); Markdown headings (`## ...`) always count.

The bank (`starter_bank`) then has a deck id, the title, the source, `as_of`
when the date is known, a briefing to write, one question that plays (so
the file validates and previews at once) and one commented-out example of
every question type, with the article's headings in their `section:` and
`topic:`. The article's text is never pasted in as it is: each value is
cleaned of control characters and quoted when YAML could misread it.

No UI, and nothing here writes a file (`quizapp.cli.new` does).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import yaml

from quizapp.text.safe import for_terminal

FRONT_LINES = 6
"""How many lines under the title are searched for the date and the outlet."""
MAX_META_WORDS = 12
"""A line under the title longer than this is the article's text, not its date or outlet."""
MAX_OUTLET_WORDS = 6
MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 60
MAX_HEADINGS = 30
"""Listed at most in the bank's comments: a longer list is no help."""

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
DATE_PATTERNS = (
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
)
"""ISO, `10 June 2025` (British) and `June 10, 2025` (American), short month names too."""

_LABEL = re.compile(
    r"^(?P<label>outlet|source|publisher|published by|date)\s*:?\s+(?P<value>.+)$", re.I
)
_BYLINE = re.compile(r"^by\s+\S", re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5}\b)?"
    r"|\b(?:published|updated|posted|last|modified|on|at"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
"""What stands beside a date without naming the outlet: `Published on`, `Tuesday`, `14:30 KST`."""
_SEPARATORS = " \t-–—|·•,;:/()[]"
_SENTENCE_END = ".,;:!…"
_QUOTES = "\"'”’»)"
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_LIST_ITEM = re.compile(r"^(?:[-*•+]|\d+[.)])\s")
_NOT_IN_YAML = re.compile("[\ufffe\uffff]")
"""Characters YAML refuses even in quotes (control characters are made visible first)."""


@dataclass(frozen=True)
class Article:
    """What a plain-text article says about itself."""

    title: str = ""
    outlet: str = ""
    date: dt.date | None = None
    headings: tuple[str, ...] = ()


def clean(line: str) -> str:
    """A line of the article as it may stand in a bank: no control characters, single spaces."""
    text = _NOT_IN_YAML.sub("", for_terminal(line))
    return " ".join(text.split())


def find_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The first date in `text` in a common format, and where it stands; None if there is none."""
    found: list[tuple[int, int, dt.date]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            month = match["month"]
            number = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
            try:
                day = dt.date(int(match["year"]), number, int(match["day"]))
            except ValueError:
                continue  # 31 June, 2025-13-01: not a date
            found.append((match.start(), match.end(), day))
    if not found:
        return None
    start, end, day = min(found)
    return day, (start, end)


def _words(line: str) -> int:
    return len(line.split())


def _ends_a_sentence(line: str) -> bool:
    """Ends with a full stop, comma, colon, semicolon or `!` (inside closing quotes too)."""
    stripped = line.rstrip(_QUOTES)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _name_like(text: str) -> bool:
    """Could be an outlet's name: short, not a sentence, not a byline."""
    return (
        sum(char.isalpha() for char in text) >= 2
        and _words(text) <= MAX_OUTLET_WORDS
        and not _ends_a_sentence(text)
        and not _BYLINE.match(text)
        and not find_date(text)
    )


def read_article(text: str) -> Article:
    """The title, outlet, date and headings of a plain-text article (see the module's notes)."""
    lines = [clean(line) for line in text.splitlines()]
    numbered = [(n, line) for n, line in enumerate(lines) if line]
    if not numbered:
        return Article()
    title_at, title = numbered[0]
    title = _MARKDOWN_HEADING.sub("", title).strip() or title
    front = numbered[1 : 1 + FRONT_LINES]
    meta: set[int] = set()
    outlet = ""
    date: dt.date | None = None
    date_at: int | None = None
    for position, (n, line) in enumerate(front):
        if _words(line) > MAX_META_WORDS:
            continue
        if label := _LABEL.match(line):
            value = label["value"].strip()
            if label["label"].lower() == "date":
                if date is None and (found := find_date(value)):
                    date, date_at = found[0], position
                meta.add(n)
            elif not outlet and _name_like(value):
                outlet = value
                meta.add(n)
            continue
        if _BYLINE.match(line):
            meta.add(n)
            continue
        found = find_date(line)
        if found is None or date is not None:
            continue
        date, date_at = found[0], position
        meta.add(n)
        start, end = found[1]
        beside = (line[:start] + " " + line[end:]).strip()
        beside = _DATE_WORDS.sub(" ", beside).strip(_SEPARATORS)
        beside = " ".join(beside.split())
        if not outlet and _name_like(beside) and not _LABEL.match(beside):
            outlet = beside
    if date is not None and date_at is not None and not outlet:
        for position in (date_at - 1, date_at + 1):
            if 0 <= position < len(front):
                n, line = front[position]
                if n not in meta and _name_like(line):
                    outlet = line
                    meta.add(n)
                    break
    if date is None and (found := find_date(title)):
        date = found[0]
    headings = _headings(numbered[1:], skip=meta | {title_at})
    return Article(title=title, outlet=outlet, date=date, headings=headings)


def _headings(numbered: Sequence[tuple[int, str]], skip: set[int]) -> tuple[str, ...]:
    """Short lines that head the text after them, and are not part of a wrapped paragraph."""
    found: dict[str, None] = {}
    for position, (n, line) in enumerate(numbered):
        if n in skip or position + 1 >= len(numbered):
            continue  # a heading has text after it
        if _MARKDOWN_HEADING.match(line):
            found.setdefault(_MARKDOWN_HEADING.sub("", line).strip("*_ "), None)
            continue
        after_n, after = numbered[position + 1]
        before_n, before = numbered[position - 1] if position else (-2, "")
        if (
            _words(line) <= MAX_HEADING_WORDS
            and len(line) <= MAX_HEADING_CHARS
            and not _ends_a_sentence(line)
            and not _LIST_ITEM.match(line)
            and (line[0].isalpha() or line[0].isdigit())
            and not line[0].islower()
            # A paragraph wrapped by hand: the next line goes on with it, or this one
            # goes on from a long line before it that did not end its sentence.
            and not (after_n == n + 1 and after[0].islower())
            and not (
                before_n == n - 1
                and len(before) > MAX_HEADING_CHARS
                and not _ends_a_sentence(before)
            )
        ):
            found.setdefault(line.strip("*_ "), None)
    return tuple(heading for heading in found if heading)[:MAX_HEADINGS]


# -- the bank -------------------------------------------------------------------------------


def scalar(text: str) -> str:
    """`text` as a YAML value: plain when YAML reads it back as the same text, else quoted."""
    try:
        if text and yaml.safe_load(f"key: {text}") == {"key": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a double-quoted YAML one


@dataclass(frozen=True)
class StarterInput:
    """What the bank is made from."""

    deck_id: str
    article: Article | None = None
    """None: no article was given, and every value is a placeholder."""
    article_file: str = ""
    """The article's path relative to the bank (for `source: file:`)."""


SOURCE_FILE_NOTE = "the article, relative to this bank: validate checks evidence against it"


def starter_bank(given: StarterInput) -> str:
    """The text of a starting bank (valid as it is; see the module's notes)."""
    return "\n".join(_bank_lines(given)) + "\n"


def _bank_lines(given: StarterInput) -> Iterator[str]:
    article = given.article
    title = article.title if article else ""
    date = article.date.isoformat() if article and article.date else ""
    outlet = article.outlet if article else ""
    headings = article.headings if article else ()
    made = f"from {given.article_file}" if given.article_file else "with placeholders"
    yield f"# A starting bank, made by `quizapp new` {made}."
    yield '# Replace every "Replace me", then check the bank with `quizapp validate`;'
    yield "# `quizapp preview` shows a question as you edit it, and follows each save."
    yield ""
    yield f"deck: {given.deck_id}"
    yield f"title: {scalar(title) if title else 'Replace me with the title students see first'}"
    yield "# description: one line about the deck"
    if date:
        yield f"as_of: {date}                  # the date the facts were current"
    else:
        yield "# as_of: YYYY-MM-DD            # the date the facts were current"
    yield "source:"
    yield f"  title: {scalar(title) if title else 'Replace me with the title of the article'}"
    if outlet:
        yield f"  outlet: {scalar(outlet)}"
    elif article:
        yield "  # outlet: the newspaper or site (the article does not say)"
    else:
        yield "  outlet: Replace me with the newspaper or site"
    if date:
        yield f"  date: {date}"
    else:
        yield "  # date: YYYY-MM-DD             # when the article appeared"
    yield "  # url: https://example.com/the-article"
    if given.article_file:
        yield f"  file: {scalar(given.article_file)}    # {SOURCE_FILE_NOTE}"
    yield "briefing: |"
    yield "  Replace me with a short summary of the article: who did what, when and"
    yield "  where, in two or three sentences. Students read it before the questions."
    yield ""
    yield "  A blank line starts a new paragraph."
    yield "# settings:                     # deck defaults; the command line wins"
    yield "#   shuffle: true               # ask questions in a random (seeded) order"
    yield "#   shuffle_choices: true       # show choices in a random (seeded) order"
    yield "#   time_limit: 30              # seconds per question, with a countdown"
    yield ""
    if headings:
        yield "# The article's headings, for `section:` (where a fact stands) and `topic:`"
        yield "# (how results are grouped):"
        yield from (f"#   {heading}" for heading in headings)
        yield ""
    yield "questions:"
    yield "  # A question that plays: replace it with your own."
    yield "  - id: first-question"
    yield "    type: choice"
    yield "    prompt: Replace me with a question about the article."
    yield "    choices: [Replace me with the answer, A wrong choice, Another wrong choice]"
    yield "    answer: Replace me with the answer"
    yield "    explanation: Replace me with why the answer is right, as the article says it."
    if headings:
        yield f"    topic: {scalar(headings[0])}"
        yield f"    section: {scalar(headings[0])}"
    yield ""
    yield "  # One example of each question type. To use one, remove the `# ` in front of"
    yield "  # its lines and fill it in. `id`, `type`, `prompt` and what gives the answer"
    yield "  # (`answer`, `choices`, `items`, `pairs`) are required; the rest is optional."
    for number, example in enumerate(EXAMPLES, start=1):
        yield ""
        heading = headings[number % len(headings)] if headings else ""
        for line in example.splitlines():
            if heading and line.lstrip().startswith(("topic:", "section:")):
                key = line.split(":", 1)[0]
                line = f"{key}: {scalar(heading)}"
            elif not heading and line.lstrip().startswith("section:"):
                continue
            yield f"  # {line}".rstrip()


EXAMPLES = (
    """\
choice: one right answer among the choices
- id: example-choice
  type: choice
  prompt: Which of these does the article report?
  choices: [First choice, Second choice, Third choice, Fourth choice]
  answer: Second choice            # required: exactly one of the choices
  explanation: Why the second choice is right.
  hint: A nudge, shown on `h`.
  why_wrong:                       # feedback for a wrong choice picked
    First choice: Why a student might pick it, and why it is wrong.
  # evidence: at most 12 words quoted from the article (validate checks them)
  topic: A topic
  section: A section
  difficulty: easy                 # easy, medium or hard
  points: 1""",
    """\
multi: select all that apply; the answer is a list of choices
- id: example-multi
  type: multi
  prompt: Which of these does the article mention? Select all that apply.
  choices: [First item, Second item, Third item, Fourth item]
  answer: [First item, Third item]
  explanation: The article names the first and the third, not the others.
  topic: A topic""",
    """\
truefalse: a statement, true or false
- id: example-true-false
  type: truefalse
  prompt: A statement about the article that is true or false.
  answer: false                    # true or false
  explanation: What the article says instead.
  topic: A topic""",
    """\
text: typed; one accepted answer, or a list of them
- id: example-text
  type: text
  prompt: Which city does the article name as the host?
  answer: [Full name of the city, Its short name]   # the first is shown as the answer
  typos: 1                         # 0 = exact spelling only
  explanation: Where and how the article names it.
  topic: A topic""",
    """\
number: typed; tolerance and unit optional
- id: example-number
  type: number
  prompt: How many minutes did the meeting last?
  answer: 30
  tolerance: 5                     # accept 25 to 35
  unit: minutes                    # shown, and accepted after the number
  explanation: The article gives the length of the meeting.
  topic: A topic""",
    """\
order: put the items in order; they are shown shuffled
- id: example-order
  type: order
  prompt: Put these events in order, earliest first.
  items:                           # in the right order
    - The first event
    - The second event
    - The third event
  explanation: The order in which the article tells them.
  topic: A topic""",
    """\
cloze: fill in the blanks, each written {{answer}} or
{{answer|another accepted answer}}; `choices:` (optional) offers a list for a
blank, by its number (the first blank is 1)
- id: example-cloze
  type: cloze
  prompt: The meeting was held in {{the capital|the city}} and lasted {{an hour}}.
  choices:
    2: [an hour, a day, a week]
  explanation: Where and how long, as the article says.
  topic: A topic""",
    """\
match: match each item on the left with one on the right
- id: example-match
  type: match
  prompt: Match each person with their role.
  pairs:                           # left: right
    First person: First role
    Second person: Second role
    Third person: Third role
  extra: [A role nobody here has]  # optional: wrong right-hand items
  explanation: The roles as the article gives them.
  topic: A topic""",
)
"""A commented-out example of each question type (the first line is its comment)."""
