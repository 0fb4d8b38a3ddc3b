"""The bank linter: questions that are valid YAML but poor questions.

A bank can pass validation and still teach badly: the answer sits in the
prompt, the right choice is always the longest, a "last week" goes stale.
These checks give warnings (`quizapp validate` prints them; `--strict`
makes them errors), each with the file, line, question id and a fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from quizapp.bank.model import Deck, Question, QuestionKind
from quizapp.bank.problems import Problem, Severity
from quizapp.text.normalise import MIN_LENGTH_FOR_TYPOS, normalise, typo_distance

LONGEST_ANSWER_SHARE = 0.6
"""Warn when the right choice is the longest in more than this share of choice questions."""
MIN_QUESTIONS_FOR_LONGEST = 3
"""Below this many choice questions the share says nothing."""
SHORT_TYPED_ANSWER = 6
"""Common words up to this long have other words one typo away (bridge → fridge).
Names (written with a capital) are left alone: forgiving `Ishbia` for `Ishiba` helps."""
MIN_GIVEAWAY_LENGTH = 4
"""Shorter answers (Xi, US) appear in prompts by coincidence too often to flag."""

RELATIVE_TIME = re.compile(
    r"\b(?:yesterday|today|tomorrow|tonight|recently|upcoming|currently|nowadays"
    r"|(?:later |earlier )?this (?:week|month|year|spring|summer|autumn|fall|winter)"
    r"|(?:last|next|past|coming) (?:week|month|year|weekend|spring|summer|autumn|fall|winter)"
    r"|(?:a |one |two |few )?(?:days|weeks|months|years) ago)\b",
    re.IGNORECASE,
)
"""Words whose meaning depends on when the article was written."""

OF_THE_ABOVE = re.compile(r"\b(?:all|none|both|neither) of the (?:above|previous)\b", re.IGNORECASE)


def lint_decks(decks: Iterable[Deck]) -> list[Problem]:
    """Every warning for every deck, in file and line order."""
    warnings: list[Problem] = []
    for deck in decks:
        warnings.extend(sorted(_lint_deck(deck), key=lambda p: p.line or 0))
    return warnings


def _lint_deck(deck: Deck) -> Iterator[Problem]:
    label = str(deck.path)

    def warn(question: Question | None, message: str, line: int | None = None) -> Problem:
        return Problem(
            label,
            line if line is not None else (question.line if question else 1),
            message,
            question.id if question else None,
            Severity.WARNING,
        )

    if deck.as_of is None:
        for field, text in (("description", deck.description), ("briefing", deck.briefing)):
            if found := _relative_time(text):
                yield warn(
                    None, _stale_message(found, f"the {field}"), deck.field_lines.get(field, 1)
                )
    for question in deck.questions:
        for message in _question_warnings(deck, question):
            yield warn(question, message)
    yield from (warn(None, m, 1) for m in _longest_choice_warnings(deck))


def _question_warnings(deck: Deck, question: Question) -> Iterator[str]:
    if not question.explanation:
        yield (
            "no explanation: add `explanation:` saying why the answer is right; "
            "students read it after answering"
        )
    if question.kind is QuestionKind.CHOICE and len(question.choices) < 3:
        yield (
            f"only {len(question.choices)} choices: give at least 3, "
            "or make it a truefalse question "
            "(with 2, guessing is right half the time)"
        )
    if given_away := _answer_in_prompt(question):
        yield f"the prompt gives the answer away ('{given_away}' appears in it): reword the prompt"
    yield from _near_duplicate_choices(question)
    if deck.settings.shuffle_choices and question.kind in (QuestionKind.CHOICE, QuestionKind.MULTI):
        for choice in question.choices:
            if OF_THE_ABOVE.search(choice):
                yield (
                    f"'{choice}' means nothing once choices are shuffled: reword it, or set "
                    "`settings: {shuffle_choices: false}` for the deck"
                )
    if question.kind is QuestionKind.TEXT and question.typos:
        for answer in question.accepted:
            word = normalise(answer)
            common_word = answer[:1].islower() and " " not in word
            if common_word and MIN_LENGTH_FOR_TYPOS <= len(word) <= SHORT_TYPED_ANSWER:
                yield (
                    f"the answer '{answer}' is short enough that one forgiven typo may accept a "
                    "different word (bridge → fridge): add `typos: 0`, or accept a longer answer"
                )
    if deck.as_of is None and (found := _relative_time(*_question_texts(question))):
        yield _stale_message(found, "this question")


def _question_texts(question: Question) -> list[str]:
    """Every piece of a question a student reads."""
    return [
        question.prompt,
        question.explanation,
        question.hint,
        *question.choices,
        *question.accepted,
        *question.items,
        *question.why_wrong.values(),
    ]


def _relative_time(*texts: str) -> str:
    for text in texts:
        if match := RELATIVE_TIME.search(text):
            return match.group(0)
    return ""


def _stale_message(words: str, where: str) -> str:
    return (
        f"'{words}' in {where} depends on when the article was written and the deck has no "
        "`as_of:` date: add `as_of: YYYY-MM-DD` (the date the facts were current), "
        "or write the date"
    )


def _answer_in_prompt(question: Question) -> str:
    """The right answer, if the prompt contains it as whole words."""
    match question.kind:
        case QuestionKind.CHOICE | QuestionKind.MULTI:
            answers = [c for c in question.choices if c in question.correct_choices]
        case QuestionKind.TEXT:
            answers = list(question.accepted)
        case QuestionKind.NUMBER:
            answers = [f"{question.number:g}"] if question.number is not None else []
        case _:
            return ""
    prompt = f" {normalise(question.prompt)} "
    for answer in answers:
        wanted = normalise(answer)
        numeric = question.kind is QuestionKind.NUMBER
        if (numeric or len(wanted) >= MIN_GIVEAWAY_LENGTH) and f" {wanted} " in prompt:
            return answer
    return ""


def _near_duplicate_choices(question: Question) -> Iterator[str]:
    """Choices a student would read as the same: equal but for case, accents or one letter."""
    seen: dict[str, str] = {}
    for choice in question.choices:
        key = normalise(choice)
        for other_key, other in seen.items():
            if key == other_key or key.replace(" ", "") == other_key.replace(" ", ""):
                yield (
                    f"the choices '{other}' and '{choice}' read the same: "
                    "make them clearly different"
                )
            elif (
                min(len(key), len(other_key)) >= MIN_LENGTH_FOR_TYPOS
                and typo_distance(key, other_key, 1) <= 1
                and not _differ_in_digits(key, other_key)
            ):
                yield (
                    f"the choices '{other}' and '{choice}' differ by one letter: students may "
                    "take one for a typo of the other; make them clearly different"
                )
        seen[key] = choice


def _differ_in_digits(first: str, second: str) -> bool:
    """`About 10 minutes` and `About 30 minutes` differ, and that difference is real."""
    return re.sub(r"\D", "", first) != re.sub(r"\D", "", second)


def _longest_choice_warnings(deck: Deck) -> Iterator[str]:
    """Students learn to pick the longest choice when it is right too often."""
    questions = [q for q in deck.questions if q.kind is QuestionKind.CHOICE and len(q.choices) > 1]
    if len(questions) < MIN_QUESTIONS_FOR_LONGEST:
        return
    longest = [q for q in questions if _answer_is_longest(q)]
    share = len(longest) / len(questions)
    if share > LONGEST_ANSWER_SHARE:
        ids = ", ".join(q.id for q in longest)
        yield (
            f"the right choice is the longest in {len(longest)} of {len(questions)} "
            "choice questions "
            f"({share:.0%}); students learn to pick the longest: shorten answers or lengthen "
            f"distractors in some of: {ids}"
        )


def _answer_is_longest(question: Question) -> bool:
    answer = next(iter(question.correct_choices))
    others = [len(c) for c in question.choices if c != answer]
    return len(answer) > max(others)
