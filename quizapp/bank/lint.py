"""The bank linter: questions that are valid YAML but poor questions.

A bank can pass validation and still teach badly: the answer sits in the
prompt, the right choice is always the longest, a "last week" goes stale.
These checks give warnings (`quizapp validate` prints them; `--strict`
makes them errors), each with the file, line, question id and a fix.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Iterable, Iterator

from quizapp.bank.model import Deck, Question, QuestionKind
from quizapp.bank.problems import Problem, Severity
from quizapp.text.normalise import (
    MIN_LENGTH_FOR_TYPOS,
    OneTypoIndex,
    normalise,
    typo_distance,
)

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
    """Choices a student would read as the same: equal but for case, accents or one letter.

    Each pair is reported once, when its second choice comes, in the order of
    the choices. No pair is looked for by comparing every two choices (hours
    for 100,000): equal and space-free forms are looked up in dicts, and
    one-typo neighbours come from a `OneTypoIndex`, each checked with
    `typo_distance`. A question with more than `MAX_PAIRS_REPORTED` pairs lists
    the first ones and counts the rest, so the output stays readable too.
    """
    if len(question.choices) < 2:
        return
    pairs = _NearDuplicatePairs(len(question.choices))
    for choice in question.choices:
        pairs.add(choice)
    yield from pairs.messages
    if summary := pairs.summary():
        yield summary


MAX_PAIRS_REPORTED = 10
"""A question lists at most this many near-duplicate pairs, then says how many more."""
COMPARISONS_PER_CHOICE = 20
"""The one-typo check of a question stops after this many comparisons per choice
(plus `MIN_COMPARISONS`); ordinary banks need fewer than one per choice."""
MIN_COMPARISONS = 1_000
FEW_CHOICES = 16
"""Up to this many choices, each is compared with the earlier ones directly (no index)."""


class _NearDuplicatePairs:
    """The near-duplicate pairs among a question's choices, found one choice at a time.

    Keys (normalised choices) are numbered in the order they first appear, so
    pairs come out in the order of the choices, each naming the earlier choice
    first. A key met again stands for its latest choice: `Café, Cafe, CAFÉ!`
    give the pairs Café/Cafe and Cafe/CAFÉ!, not three.
    """

    def __init__(self, choice_count: int) -> None:
        self.keys: list[str] = []
        self.latest: list[str] = []
        """The latest choice with each key: the one a pair names."""
        self.spaceless: list[str] = []
        self.number: dict[str, int] = {}
        self.same_without_spaces: dict[str, list[int]] = {}
        self.choice_count = choice_count
        self.digits: list[str] = []
        """Per key, its digits (only keys with the same digits can be one typo apart)."""
        self.typo_index = OneTypoIndex() if choice_count > FEW_CHOICES else None
        """Only for many choices; a few are compared directly."""
        self.comparisons_left = MIN_COMPARISONS + COMPARISONS_PER_CHOICE * choice_count
        self.stopped = False
        """Set when a comparison was skipped because `comparisons_left` ran out."""
        self.messages: list[str] = []
        self.more = 0
        """Pairs found beyond the ones listed in `messages`."""

    @property
    def incomplete(self) -> bool:
        """True when some pairs may have gone unfound (crowded buckets, or out of comparisons)."""
        return self.stopped or (self.typo_index is not None and self.typo_index.incomplete)

    def add(self, choice: str) -> None:
        key = normalise(choice)
        spaceless = key.replace(" ", "")
        known = self.number.get(key)
        n = len(self.keys) if known is None else known
        reads_same = self.same_without_spaces.get(spaceless, [])
        digits = _digits(key)
        one_typo = self._one_typo_from(key, spaceless, digits, None if known is not None else n)
        room = MAX_PAIRS_REPORTED - len(self.messages)
        if room > 0 and (reads_same or one_typo):
            found = heapq.merge(
                ((m, True) for m in reads_same), ((m, False) for m in sorted(one_typo))
            )
            for m, same in itertools.islice(found, room):
                self.messages.append(_pair_message(self.latest[m], choice, same=same))
        self.more += max(0, len(reads_same) + len(one_typo) - max(room, 0))
        if known is not None:
            self.latest[n] = choice
            return
        self.number[key] = n
        self.keys.append(key)
        self.spaceless.append(spaceless)
        self.digits.append(digits)
        self.latest.append(choice)
        reads_same.append(n)
        self.same_without_spaces[spaceless] = reads_same

    def _one_typo_from(self, key: str, spaceless: str, digits: str, new: int | None) -> list[int]:
        """Earlier keys one typo from `key` that do not read the same and agree in digits.

        A `new` key is filed in the index under that number for the choices after it.
        Once `comparisons_left` runs out, candidates are still looked up (that is
        cheap) only to tell whether a comparison was skipped.
        """
        if len(key) < MIN_LENGTH_FOR_TYPOS:
            return []
        candidates: Iterable[int]
        if self.typo_index is None:
            # A handful of choices (nearly every question): comparing each with the
            # earlier ones costs less than filing every one-deletion variant of it.
            candidates = [
                m
                for m, other in enumerate(self.keys)
                if abs(len(other) - len(key)) <= 1
                and len(other) >= MIN_LENGTH_FOR_TYPOS
                and self.digits[m] == digits
            ]
        elif new is None:
            candidates = self.typo_index.candidates(key, digits)
        else:
            candidates = self.typo_index.candidates_then_add(key, new, digits)
        found = []
        budgeted = self.choice_count > FEW_CHOICES  # a few choices cannot cost much
        for m in candidates:
            if m == new or self.spaceless[m] == spaceless:
                continue  # the key itself, or one that reads the same: reported as that
            if not budgeted:
                if typo_distance(key, self.keys[m], 1) <= 1:
                    found.append(m)
                continue
            if self.comparisons_left <= 0:
                self.stopped = True
                break
            self.comparisons_left -= 1
            if typo_distance(key, self.keys[m], 1) <= 1:
                found.append(m)
        return found

    def summary(self) -> str:
        """The line after the listed pairs: how many more, and whether all were compared."""
        if not self.more and not self.incomplete:
            return ""
        if not self.more:
            return (
                "so many choices differ in one letter from each other that not every pair "
                "was compared: make them clearly different"
            )
        count = f"at least {self.more:,}" if self.incomplete else f"{self.more:,}"
        return (
            f"and {count} more pairs of choices that read the same or differ by one letter "
            f"(only the first {MAX_PAIRS_REPORTED} are listed): make them clearly different"
        )


def _pair_message(first: str, second: str, *, same: bool) -> str:
    if same:
        return f"the choices '{first}' and '{second}' read the same: make them clearly different"
    return (
        f"the choices '{first}' and '{second}' differ by one letter: students may "
        "take one for a typo of the other; make them clearly different"
    )


def _digits(text: str) -> str:
    """`About 10 minutes` and `About 30 minutes` differ by one character, and that
    difference is real: only choices with the same digits can be one typo apart."""
    return _NOT_DIGIT.sub("", text) if _DIGIT.search(text) else ""


_NOT_DIGIT = re.compile(r"\D")
_DIGIT = re.compile(r"\d")


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
