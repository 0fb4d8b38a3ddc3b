"""What a round is asked to be: its mode, its kind and the options of the command line.

Apart from `engine.session` (the round itself, with grading and matching),
so that the command line and the start screen, which need only these, are
drawn without importing the rest of the engine first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from quizapp.bank.model import Question
from quizapp.engine.scoring import Scoring

Clock = Callable[[], float]
"""Seconds from an arbitrary start; `time.monotonic` unless a test fixes it."""


class Mode(StrEnum):
    """How a round treats feedback and missed questions."""

    PRACTICE = "practice"
    TEST = "test"


class RoundKind(StrEnum):
    """Why a round asks the questions it asks."""

    ROUND = "round"
    """The deck (after --topic, --limit), in seeded order."""
    RETRY = "retry"
    """The questions missed in the round before."""
    REVIEW = "review"
    """Spaced review: questions due first, then ones never seen."""
    LIVE = "live"
    """A live room: the teacher opens each question for the whole class (`quizapp host`)."""


@dataclass(frozen=True)
class RoundOptions:
    """What the student (or teacher) asked for on the command line."""

    mode: Mode = Mode.PRACTICE
    seed: int | None = None
    """Fixes the order of questions and choices; None picks a fresh one."""
    shuffle: bool | None = None
    """Shuffle questions and choices; None follows the deck's settings."""
    limit: int | None = None
    """Ask only this many questions."""
    topics: tuple[str, ...] = ()
    """Ask only questions of these topics (matched without regard to case)."""
    time_limit: float | None = None
    """Seconds per question for the round (a question's own `time_limit` wins)."""
    scoring: Scoring = Scoring.FLAT
    streak_bonus: bool = False
    allow_overrule: bool | None = None
    """May a typed answer marked wrong be counted right (`o`)? None follows the deck."""

    def saved(self) -> dict[str, object]:
        """The options as plain data, kept with a round so that resuming restores every one."""
        return {
            "mode": self.mode.value,
            "seed": self.seed,
            "shuffle": self.shuffle,
            "limit": self.limit,
            "topics": list(self.topics),
            "time_limit": self.time_limit,
            "scoring": self.scoring.value,
            "streak_bonus": self.streak_bonus,
            "allow_overrule": self.allow_overrule,
        }

    @classmethod
    def from_saved(
        cls, data: Mapping[str, object], base: RoundOptions | None = None, **fixed: object
    ) -> RoundOptions:
        """The options `saved` wrote, with `fixed` on top; what is missing comes from `base`.

        A round saved by an older quizapp kept only its mode, seed and
        scoring (passed as `fixed`); the rest is then taken from the options
        of today's command line.
        """
        values = {**(base or cls()).saved(), **data, **fixed}
        topics = values["topics"]
        return cls(
            mode=Mode(str(values["mode"])),
            seed=_optional_int(values["seed"]),
            shuffle=None if values["shuffle"] is None else bool(values["shuffle"]),
            limit=_optional_int(values["limit"]),
            topics=tuple(str(t) for t in topics) if isinstance(topics, list | tuple) else (),
            time_limit=_optional_float(values["time_limit"]),
            scoring=Scoring(str(values["scoring"])),
            streak_bonus=bool(values["streak_bonus"]),
            allow_overrule=_optional_bool(values["allow_overrule"]),
        )


def _optional_int(value: object) -> int | None:
    return None if value is None else int(value)  # type: ignore[call-overload]


def _optional_bool(value: object) -> bool | None:
    return None if value is None else bool(value)


def _optional_float(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def on_topics(questions: Iterable[Question], topics: Sequence[str]) -> list[Question]:
    """The questions of these topics (any case); all of them when no topic is given."""
    if not topics:
        return list(questions)
    wanted = {t.casefold() for t in topics}
    return [q for q in questions if q.topic.casefold() in wanted]
