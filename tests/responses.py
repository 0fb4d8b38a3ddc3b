"""Right and wrong responses to any question, for tests that play rounds."""

from __future__ import annotations

from quizapp.bank.model import Question, QuestionKind
from quizapp.engine.grading import ClozeResponse, MatchResponse


def right(question: Question) -> object:
    """A fully right response to `question`."""
    match question.kind:
        case QuestionKind.CHOICE | QuestionKind.TRUEFALSE:
            return next(iter(question.correct_choices))
        case QuestionKind.MULTI:
            return frozenset(question.correct_choices)
        case QuestionKind.TEXT:
            return question.accepted[0]
        case QuestionKind.NUMBER:
            return f"{question.number:g}"
        case QuestionKind.ORDER:
            return tuple(question.items)
        case QuestionKind.CLOZE:
            return ClozeResponse(tuple(blank[0] for blank in question.blanks))
        case QuestionKind.MATCH:
            return MatchResponse(question.pairs)
    raise AssertionError(question.kind)


def wrong(question: Question) -> object:
    """A response to `question` that is not right."""
    match question.kind:
        case QuestionKind.CHOICE | QuestionKind.TRUEFALSE | QuestionKind.MULTI:
            pick = next(c for c in question.choices if c not in question.correct_choices)
            return frozenset({pick}) if question.kind is QuestionKind.MULTI else pick
        case QuestionKind.TEXT:
            return "Kishida"
        case QuestionKind.NUMBER:
            return "999"
        case QuestionKind.ORDER:
            return tuple(reversed(question.items))
        case QuestionKind.CLOZE:
            return ClozeResponse(tuple("Kishida" for _ in question.blanks))
        case QuestionKind.MATCH:
            rights = [right for _, right in question.pairs]
            shifted = rights[1:] + rights[:1]
            return MatchResponse(
                tuple(zip((left for left, _ in question.pairs), shifted, strict=True))
            )
    raise AssertionError(question.kind)
