"""The bank linter: questions that are valid YAML but poor questions.

A bank can pass validation and still teach badly: the answer sits in the
prompt or in another question, the right choice is always the longest or
always the first, a "last week" goes stale. These checks give warnings
(`quizapp validate` prints them; `--strict` makes them errors), each with
the file, line, question id and a fix. One rule met in many questions of a
deck is one line listing them, not a screenful of the same advice.

Every rule is linear in the size of a deck: sets and dicts, never a
comparison of every two questions (validate reads 50,000 questions).
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from quizapp.bank.model import TRUE_LABEL, Deck, Question, QuestionKind, format_number
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

ABSOLUTE_WORDS = frozenset(
    [
        "always",
        "never",
        "only",
        "entirely",
        "completely",
        "permanently",
        "totally",
        "absolutely",
        "wholly",
        "solely",
        "purely",
        "exclusively",
        "forever",
        "all",
        "none",
        "every",
        "everyone",
        "everybody",
        "everything",
        "nobody",
        "nothing",
    ]
)
"""Words that make a statement absolute, which test-wise students take for wrong
(and `no one`); looked for in normalised text: lowercase, punctuation gone."""
OF_THE_ABOVE_NORMALISED = re.compile(r"\b(?:all|none|both|neither) of the (?:above|previous)\b")

GROUP_FROM = 3
"""A rule met in this many questions of a deck or more is said in one line."""
MAX_LISTED = 10
"""A grouped line lists this many questions, then counts the rest."""
MAX_SOURCES_LISTED = 5
"""An answer given away elsewhere lists this many of the questions that give it away."""
MIN_SAME_POSITION_QUESTIONS = 4
"""Below this many choice questions, the right choice often shares a position by chance."""
MIN_SAME_COUNT_MULTI = 3
"""Multi questions a deck needs before their numbers of right answers mean anything."""
MIN_TRUEFALSE = 4
"""True/false questions a deck needs before their balance means anything."""
TRUEFALSE_SHARE = 0.75
"""Warn when more than this share of a deck's true/false questions go one way."""
GIVEAWAY_CHECKS_PER_QUESTION = 50
"""The search for answers given away stops after this many matches per question of the
deck (plus `MIN_GIVEAWAY_CHECKS`): only thousands of questions sharing one answer need
more, and a comparison of every two of them would take hours."""
MIN_GIVEAWAY_CHECKS = 1_000
MAX_GIVEAWAY_WORDS = 8
"""Longer answers are not looked for in other questions: they are never copied word for word."""
MIN_GIVEAWAY_NUMBER = 4
"""A number answer without a unit is looked for elsewhere only from this many characters
(a year such as 2025); `11` or `30` stand in other questions by coincidence."""


@dataclass(frozen=True)
class _Rule:
    """One kind of warning, and how several of it in a deck read as one line."""

    many: str
    """What is wrong in several questions: `{questions}` becomes "7 questions"."""
    fix: str
    """How to fix all of them."""


NO_EXPLANATION = _Rule(
    "no explanation in {questions}",
    "add `explanation:` saying why the answer is right; students read it after answering",
)
FEW_CHOICES_RULE = _Rule(
    "fewer than 3 choices in {questions}", "give at least 3, or make them truefalse questions"
)
ANSWER_IN_PROMPT = _Rule("the prompt gives the answer away in {questions}", "reword those prompts")
ANSWER_IN_HINT = _Rule(
    "the hint gives the answer away in {questions}",
    "reword those hints so that they point the way instead",
)
NEAR_DUPLICATES = _Rule(
    "choices that read the same or differ by one letter in {questions}",
    "make them clearly different",
)
ABOVE_WHEN_SHUFFLED = _Rule(
    "'all/none of the above' among shuffled choices in {questions}",
    "reword them, or set `settings: {shuffle_choices: false}` for the deck",
)
SHORT_TYPED_ANSWER_RULE = _Rule(
    "short common words accepted with one typo forgiven in {questions}",
    "add `typos: 0`, or accept longer answers",
)
STALE = _Rule(
    "words whose meaning depends on when the article was written in {questions}",
    "add `as_of: YYYY-MM-DD` (the date the facts were current), or write the dates",
)
GIVEN_AWAY_ELSEWHERE = _Rule(
    "the answers of {questions} stand in other questions",
    "reword those texts, or ask these questions another way",
)
ABSOLUTE_ONLY_IN_WRONG = _Rule(
    "absolute words only in wrong choices in {questions}",
    "reword those choices, or let a right choice be absolute too",
)
DECK = _Rule("", "")
"""Deck-wide warnings: one per deck already, never grouped."""


@dataclass(frozen=True)
class _Finding:
    """One warning before grouping."""

    rule: _Rule
    message: str
    """The warning as it reads alone."""
    line: int
    question: Question | None = None
    detail: str = ""
    """What a grouped line says of this question after its id, if anything."""


class _Normalised(dict[str, str]):
    """`normalise` of each text, worked out once per lint run (rules share texts)."""

    def __missing__(self, text: str) -> str:
        value = self[text] = normalise(text)
        return value


def lint_decks(decks: Iterable[Deck]) -> list[Problem]:
    """Every warning for every deck, in file and line order."""
    warnings: list[Problem] = []
    normalised = _Normalised()
    for deck in decks:
        warnings.extend(_grouped(str(deck.path), _lint_deck(deck, normalised)))
        normalised.clear()  # texts rarely repeat across decks; keep memory to one deck's
    return warnings


def _grouped(label: str, findings: Iterable[_Finding]) -> list[Problem]:
    """The findings as warnings, a rule met in `GROUP_FROM` questions or more as one line.

    The line points at the first of them and lists the questions; a question
    with several findings of one rule (two pairs of near-duplicate choices)
    is listed once.
    """
    by_rule: dict[_Rule, list[_Finding]] = {}
    alone: list[_Finding] = []
    for finding in findings:
        if finding.question is None or finding.rule is DECK:
            alone.append(finding)
        else:
            by_rule.setdefault(finding.rule, []).append(finding)
    warnings = [_warning(label, f) for f in alone]
    for rule, found in by_rule.items():
        first_of_each: dict[str, _Finding] = {}
        for f in found:
            assert f.question is not None
            first_of_each.setdefault(f.question.id, f)
        if len(first_of_each) < GROUP_FROM:
            warnings.extend(_warning(label, f) for f in found)
            continue
        listed = [f"{qid} ({f.detail})" if f.detail else qid for qid, f in first_of_each.items()]
        first = min(found, key=lambda f: f.line)
        warnings.append(
            Problem(
                label,
                first.line,
                f"{rule.many.format(questions=f'{len(first_of_each)} questions')}: "
                f"{_listing(listed)} — {rule.fix}",
                None,
                Severity.WARNING,
            )
        )
    return sorted(warnings, key=lambda p: p.line or 0)


def _warning(label: str, finding: _Finding) -> Problem:
    question_id = finding.question.id if finding.question else None
    return Problem(label, finding.line, finding.message, question_id, Severity.WARNING)


def _and_list(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _listing(items: list[str], limit: int = MAX_LISTED) -> str:
    """`a, b, c`, or `a, b, … and 12 more` past `limit`."""
    if len(items) <= limit:
        return ", ".join(items)
    return f"{', '.join(items[:limit])}, … and {len(items) - limit} more"


def _lint_deck(deck: Deck, normalised: _Normalised) -> Iterator[_Finding]:
    if deck.as_of is None:
        for field, text in (("description", deck.description), ("briefing", deck.briefing)):
            if found := _relative_time(text):
                line = deck.field_lines.get(field, 1)
                yield _Finding(DECK, _stale_message(found, f"the {field}"), line)
    search = _GiveawaySearch(normalised)
    for question in deck.questions:
        answers = _answers(question, normalised)
        for rule, message, detail in _question_warnings(deck, question, answers, normalised):
            yield _Finding(rule, message, question.line, question, detail)
        search.add(question, answers)
    yield from (_Finding(DECK, m, 1) for m in _longest_choice_warnings(deck))
    yield from search.findings(deck.questions)
    yield from _same_position_warnings(deck)
    yield from _same_count_warnings(deck)
    yield from _truefalse_balance_warnings(deck)


def _question_warnings(
    deck: Deck, question: Question, answers: list[tuple[str, str]], normalised: _Normalised
) -> Iterator[tuple[_Rule, str, str]]:
    """(rule, message, detail for a grouped line) for each thing wrong with one question.

    `answers` are its right answers, as written and normalised (`_answers`).
    """
    if not question.explanation:
        yield (
            NO_EXPLANATION,
            "no explanation: add `explanation:` saying why the answer is right; "
            "students read it after answering",
            "",
        )
    if question.kind is QuestionKind.CHOICE and len(question.choices) < 3:
        yield (
            FEW_CHOICES_RULE,
            f"only {len(question.choices)} choices: give at least 3, "
            "or make it a truefalse question "
            "(with 2, guessing is right half the time)",
            "",
        )
    if given_away := _answer_in(question, answers, question.prompt, normalised):
        yield (
            ANSWER_IN_PROMPT,
            f"the prompt gives the answer away ('{given_away}' appears in it): reword the prompt",
            f"'{given_away}'",
        )
    if question.hint and (given_away := _answer_in(question, answers, question.hint, normalised)):
        yield (
            ANSWER_IN_HINT,
            f"the hint gives the answer away ('{given_away}' appears in it): reword the hint "
            "so that it points the way instead",
            f"'{given_away}'",
        )
    for message in _near_duplicate_choices(question, normalised):
        yield NEAR_DUPLICATES, message, ""
    if deck.settings.shuffle_choices and question.kind in (QuestionKind.CHOICE, QuestionKind.MULTI):
        for choice in question.choices:
            if OF_THE_ABOVE.search(choice):
                yield (
                    ABOVE_WHEN_SHUFFLED,
                    f"'{choice}' means nothing once choices are shuffled: reword it, or set "
                    "`settings: {shuffle_choices: false}` for the deck",
                    f"'{choice}'",
                )
    if question.kind is QuestionKind.TEXT and question.typos:
        for answer in question.accepted:
            word = normalised[answer]
            common_word = answer[:1].islower() and " " not in word
            if common_word and MIN_LENGTH_FOR_TYPOS <= len(word) <= SHORT_TYPED_ANSWER:
                yield (
                    SHORT_TYPED_ANSWER_RULE,
                    f"the answer '{answer}' is short enough that one forgiven typo may accept a "
                    "different word (bridge → fridge): add `typos: 0`, or accept a longer answer",
                    f"'{answer}'",
                )
    if words := _absolute_only_in_wrong(question, normalised):
        quoted = _and_list([f"'{w}'" for w in words])
        yield (
            ABSOLUTE_ONLY_IN_WRONG,
            f"only wrong choices say {quoted}: test-wise students rule out absolute choices "
            "without knowing the answer; reword them, or let a right choice be absolute too",
            quoted,
        )
    if deck.as_of is None and (found := _relative_time(*_question_texts(question))):
        yield STALE, _stale_message(found, "this question"), f"'{found}'"


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


def _answers(question: Question, normalised: _Normalised) -> list[tuple[str, str]]:
    """The right answers of a question as a student could find them written elsewhere:
    (as written, normalised). Worked out once per question, for every rule that needs them."""
    kind = question.kind
    if kind is QuestionKind.CHOICE or kind is QuestionKind.MULTI:
        right = question.correct_choices
        return [(c, normalised[c]) for c in question.choices if c in right]
    if kind is QuestionKind.TEXT:
        return [(a, normalised[a]) for a in question.accepted]
    if kind is QuestionKind.NUMBER and question.number is not None:
        number = format_number(question.number)
        return [(number, normalised[number])]
    return []


def _answer_in(
    question: Question, answers: list[tuple[str, str]], text: str, normalised: _Normalised
) -> str:
    """The first of `answers` that `text` (the question's prompt or hint) holds as whole words."""
    if not answers:
        return ""
    words = f" {normalised[text]} "
    numeric = question.kind is QuestionKind.NUMBER
    for answer, wanted in answers:
        if (numeric or len(wanted) >= MIN_GIVEAWAY_LENGTH) and f" {wanted} " in words:
            return answer
    return ""


def _absolute_only_in_wrong(question: Question, normalised: _Normalised) -> list[str]:
    """The absolute words of the wrong choices, in the order written, when no right one has one."""
    if question.kind not in (QuestionKind.CHOICE, QuestionKind.MULTI):
        return []
    wrong = " ".join(normalised[c] for c in question.choices if c not in question.correct_choices)
    found = _absolute_words(wrong)
    if not found:
        return []
    right = " ".join(normalised[c] for c in question.choices if c in question.correct_choices)
    if _absolute_words(right):
        return []
    return sorted(found, key=lambda word: f" {wrong} ".find(f" {word} "))


def _absolute_words(text: str) -> set[str]:
    """The absolute words in normalised `text` (a set lookup per text, not a regex per choice)."""
    if "of the" in text:
        text = OF_THE_ABOVE_NORMALISED.sub(" ", text)  # `all of the above` has a rule of its own
    found = set(ABSOLUTE_WORDS.intersection(text.split()))
    if "no one" in text and " no one " in f" {text} ":
        found.add("no one")
    return found


def _near_duplicate_choices(
    question: Question, normalised: _Normalised | None = None
) -> Iterator[str]:
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
    normalised = _Normalised() if normalised is None else normalised
    if len(question.choices) <= FEW_CHOICES and not _any_near_duplicates(
        [normalised[c] for c in question.choices]
    ):
        return  # nearly every question: no pair, so none of the bookkeeping below
    pairs = _NearDuplicatePairs(len(question.choices))
    for choice in question.choices:
        pairs.add(choice, normalised[choice])
    yield from pairs.messages
    if summary := pairs.summary():
        yield summary


def _any_near_duplicates(keys: list[str]) -> bool:
    """Whether any two of a few normalised choices read the same or are one typo apart.

    The same test `_NearDuplicatePairs` makes (equal without spaces; or both long
    enough for typos, lengths within one, the same digits and one typo apart),
    only without building anything: it settles most questions in a few
    microseconds, and the pairs are then listed only for the rare one that has some.
    """
    spaceless = [key.replace(" ", "") for key in keys]
    if len(set(spaceless)) < len(keys):
        return True
    long_enough = [key for key in keys if len(key) >= MIN_LENGTH_FOR_TYPOS]
    digits = [_digits(key) for key in long_enough]
    return any(
        abs(len(first) - len(second)) <= 1
        and digits[i] == digits[j]
        and typo_distance(first, second, 1) <= 1
        for i, first in enumerate(long_enough)
        for j, second in enumerate(long_enough[:i])
    )


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

    def add(self, choice: str, key: str) -> None:
        """Take the next choice, `key` being its normalised form."""
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


def _giveaway_phrases(
    question: Question, answers: list[tuple[str, str]], normalised: _Normalised
) -> Iterator[tuple[str, str]]:
    """(answer as written, normalised phrase) for each answer worth looking for elsewhere.

    A number is looked for with its unit, singular or plural (`11 years`,
    `11-year`); without a unit, only from `MIN_GIVEAWAY_NUMBER` characters.
    """
    if question.kind is not QuestionKind.NUMBER:
        for answer, phrase in answers:
            if len(phrase) >= MIN_GIVEAWAY_LENGTH:
                yield answer, phrase
        return
    unit = normalised[question.unit]  # `%` normalises to nothing: no unit to look for
    for number, phrase in answers:
        if not unit:
            if len(number) >= MIN_GIVEAWAY_NUMBER:
                yield number, phrase
            continue
        written = f"{number} {question.unit}"
        yield written, f"{phrase} {unit}"
        if unit.endswith("s") and len(unit) > 1:
            yield written, f"{phrase} {unit[:-1]}"


class _AnswerIndex:
    """Every answer of a deck by its normalised words, for finding them in other questions.

    A text is scanned once, word by word, and only when some word of it begins
    an answer (a set check in C that settles nearly every text); then only the
    phrases of the lengths that answers beginning with that word have are
    looked up. So a deck costs one pass over its words, however many
    questions it has: no question is compared with every other.
    """

    def __init__(self) -> None:
        self.answers: dict[str, list[tuple[Question, str]]] = {}
        """Normalised phrase → the questions it answers, with the answer as written."""
        self.lengths: dict[str, set[int]] = {}
        """First word of a phrase → the lengths (in words) of the phrases it begins."""

    def add(self, question: Question, answer: str, phrase: str) -> None:
        length = phrase.count(" ") + 1  # normalised: words are one space apart
        if length > MAX_GIVEAWAY_WORDS:
            return
        self.answers.setdefault(phrase, []).append((question, answer))
        self.lengths.setdefault(phrase.partition(" ")[0], set()).add(length)

    def found_in(self, words: list[str]) -> Iterator[tuple[str, Question, str]]:
        """(phrase, question, answer) for each indexed answer these words hold.

        Called only for words of which some begin an answer (the caller checks
        with `self.lengths.keys().isdisjoint`, in C, and settles nearly every text so).
        """
        hits = self.lengths.keys() & set(words)
        if len(hits) <= FEW_HITS:
            # Where a few words begin answers, find them with list methods (C), each a
            # scan of the words, rather than a Python loop over every word.
            starts = sorted(start for word in hits for start in _positions(words, word))
        else:
            starts = [start for start, word in enumerate(words) if word in hits]
        for start in starts:  # in the order of the text, so the output is stable
            word = words[start]
            for length in self.lengths[word]:
                if start + length <= len(words):
                    phrase = word if length == 1 else " ".join(words[start : start + length])
                    for question, answer in self.answers.get(phrase, ()):
                        yield phrase, question, answer


FEW_HITS = 8
"""Up to this many distinct words of a text that begin answers are found by list scans;
more (a list of thousands of choices) by one pass over the words, so a text stays linear."""


def _positions(words: list[str], word: str) -> Iterator[int]:
    """Every index of `word` in `words`."""
    start = -1
    for _ in range(words.count(word)):
        start = words.index(word, start + 1)
        yield start


GIVEN_AWAY_KINDS = frozenset({QuestionKind.CHOICE, QuestionKind.TEXT, QuestionKind.NUMBER})
"""Questions whose answer is looked for in others. A multi question's right choices
are left out: one of them written elsewhere says nothing of which belong together."""

_SEPARATOR = " | "
"""Joins a question's texts for one scan: normalised text has no `|`, so no phrase spans two."""


class _GiveawaySearch:
    """Questions whose answer stands in another question's prompt, hint, choices or items.

    A student who meets the other question first (or looks back) can copy it.
    Choices count only against a typed answer: for a choice question, the
    same words among another question's options state nothing, while a text
    question's answer shown as an option elsewhere is a real clue. Answers
    are indexed as the deck's questions are linted (`add`); `findings` then
    scans every question's texts once.
    """

    def __init__(self, normalised: _Normalised) -> None:
        self.normalised = normalised
        self.in_statements = _AnswerIndex()
        """Every answer looked for: in prompts, hints and order items."""
        self.in_options = _AnswerIndex()
        """Typed answers (text, number), also looked for among choices."""

    def add(self, question: Question, answers: list[tuple[str, str]]) -> None:
        if question.kind not in GIVEN_AWAY_KINDS:
            return
        typed = question.kind is not QuestionKind.CHOICE
        for answer, phrase in _giveaway_phrases(question, answers, self.normalised):
            self.in_statements.add(question, answer, phrase)
            if typed:
                self.in_options.add(question, answer, phrase)

    def findings(self, questions: tuple[Question, ...]) -> Iterator[_Finding]:
        """One finding per question given away, naming where; in question order."""
        if not self.in_statements.answers:
            return
        normalised = self.normalised
        in_statements, in_options = self.in_statements, self.in_options
        begin_statements, begin_options = in_statements.lengths.keys(), in_options.lengths.keys()
        given_away: dict[str, tuple[Question, str, list[tuple[str, str]]]] = {}
        """Per question given away (by id): it, its answer, and where: (other question, field)."""
        checks_left = MIN_GIVEAWAY_CHECKS + GIVEAWAY_CHECKS_PER_QUESTION * len(questions)
        for other in questions:
            if checks_left <= 0:
                break
            seen: set[str] = set()
            if other.hint or other.items:
                statements = _SEPARATOR.join(
                    normalised[text] for text in (other.prompt, other.hint, *other.items) if text
                )
            else:
                statements = normalised[other.prompt]  # most questions: no need to join
            scans = []
            words = statements.split()
            if not begin_statements.isdisjoint(words):  # nearly always: no word begins an answer
                scans.append((words, in_statements))
            if in_options.answers and other.kind is not QuestionKind.TRUEFALSE and other.choices:
                words = _SEPARATOR.join(normalised[c] for c in other.choices).split()
                if not begin_options.isdisjoint(words):
                    scans.append((words, in_options))
            for words, index in scans:
                for phrase, question, answer in index.found_in(words):
                    checks_left -= 1
                    if checks_left <= 0:
                        break
                    if question is other or question.id in seen:
                        continue
                    seen.add(question.id)
                    field = (
                        "choices"
                        if index is in_options
                        else _field_holding(other, phrase, normalised)
                    )
                    entry = given_away.setdefault(question.id, (question, answer, []))
                    entry[2].append((other.id, field))
        if checks_left <= 0:
            yield _Finding(
                DECK,
                "so many questions share an answer, or repeat one in their texts, that the deck "
                "was not searched to the end for answers given away: make the answers differ",
                questions[0].line,
            )
        for question, answer, sources in given_away.values():
            where = [f"{qid}'s {field}" for qid, field in sources]
            yield _Finding(
                GIVEN_AWAY_ELSEWHERE,
                _given_away_message(question, answer, where),
                question.line,
                question,
                f"'{answer}' in {_listing([qid for qid, _ in sources], 3)}",
            )


def _field_holding(question: Question, phrase: str, normalised: _Normalised) -> str:
    """Which of a question's statements holds `phrase`: `prompt`, `hint` or `items`."""
    wanted = f" {phrase} "
    if wanted in f" {normalised[question.prompt]} ":
        return "prompt"
    if question.hint and wanted in f" {normalised[question.hint]} ":
        return "hint"
    return "items"


def _given_away_message(question: Question, answer: str, where: list[str]) -> str:
    if len(where) == 1:
        verb = "give" if where[0].endswith(("items", "choices")) else "gives"
        return (
            f"{where[0]} {verb} away the answer of {question.id} ('{answer}'): students who "
            f"meet both can copy it; reword one of them"
        )
    return (
        f"the answer of {question.id} ('{answer}') stands in {len(where)} other questions: "
        f"{_listing(where, MAX_SOURCES_LISTED)}; students can copy it from them: reword those, "
        f"or ask {question.id} another way"
    )


def _same_position_warnings(deck: Deck) -> Iterator[_Finding]:
    """The right choice at one position, as written, in most of a deck's choice questions.

    Shuffling hides the pattern from students, but `--no-shuffle`, a deck's
    `shuffle_choices: false` and anyone reading the bank see it.
    """
    questions = [q for q in deck.questions if q.kind is QuestionKind.CHOICE and q.correct_choices]
    if len(questions) < MIN_SAME_POSITION_QUESTIONS:
        return
    positions = Counter(q.choices.index(next(iter(q.correct_choices))) for q in questions)
    position, count = positions.most_common(1)[0]
    if count * 2 <= len(questions):
        return
    at_position = [
        q for q in questions if q.choices.index(next(iter(q.correct_choices))) == position
    ]
    yield _Finding(
        DECK,
        f"the right choice is written {_ordinal(position + 1)} in {count} of {len(questions)} "
        f"choice questions ({_listing([q.id for q in at_position])}): shuffling hides this "
        "from students, but `--no-shuffle` and printed or exported copies give it away; "
        "spread the right answers over the positions",
        at_position[0].line,
    )


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def _ordinal(number: int) -> str:
    """`first` … `eighth`, then `9th`, `11th`, `21st`, `22nd`."""
    if number <= len(ORDINALS):
        return ORDINALS[number - 1]
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _same_count_warnings(deck: Deck) -> Iterator[_Finding]:
    """Every multi question with the same number of right answers: students learn the number."""
    questions = [q for q in deck.questions if q.kind is QuestionKind.MULTI]
    if len(questions) < MIN_SAME_COUNT_MULTI:
        return
    counts = {len(q.correct_choices) for q in questions}
    if len(counts) != 1:
        return
    count = counts.pop()
    right = "right answer" if count == 1 else "right answers"
    yield _Finding(
        DECK,
        f"all {len(questions)} multi questions have {count} {right} "
        f"({_listing([q.id for q in questions])}): students learn to pick {count}; "
        "vary how many are right",
        questions[0].line,
    )


def _truefalse_balance_warnings(deck: Deck) -> Iterator[_Finding]:
    """True/false questions nearly all one way: always answering that way scores well."""
    questions = [q for q in deck.questions if q.kind is QuestionKind.TRUEFALSE]
    if len(questions) < MIN_TRUEFALSE:
        return
    true = [q for q in questions if TRUE_LABEL in q.correct_choices]
    false = [q for q in questions if TRUE_LABEL not in q.correct_choices]
    most, word, other = (
        (true, "true", "false") if len(true) >= len(false) else (false, "false", "true")
    )
    share = len(most) / len(questions)
    if share <= TRUEFALSE_SHARE:
        return
    yield _Finding(
        DECK,
        f"{len(most)} of {len(questions)} true/false questions are {word} "
        f"({_listing([q.id for q in most])}): always answering {word} scores {share:.0%}; "
        f"make some of them {other} statements",
        most[0].line,
    )
