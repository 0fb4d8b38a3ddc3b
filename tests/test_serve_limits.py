"""The serve limits on their own: the input budget, screen sizes, close reasons (no server)."""

from __future__ import annotations

import pytest

from quizapp.serve import notices
from quizapp.serve.limits import InputBudget, Limits, is_mouse_motion
from tests.conftest import FakeClock

MOUSE_MOVE = "\x1b[<35;10;5M"  # button code 35: motion (32) with no button (3)
MOUSE_CLICK = "\x1b[<0;10;5M"


def test_a_burst_goes_through_then_the_rate_refills_it(clock: FakeClock) -> None:
    """2,000 characters at once, then 200 a second: a flood gets the burst and a trickle."""
    budget = InputBudget(burst=2_000, rate=200, clock=clock)
    assert sum(budget.allow_keys("x") for _ in range(20_000)) == 2_000
    assert not budget.allow_keys("x")
    clock.advance(0.5)
    assert sum(budget.allow_keys("x") for _ in range(1_000)) == 100
    clock.advance(3600)
    assert sum(budget.allow_keys("x") for _ in range(5_000)) == 2_000  # never more than a burst


def test_a_message_is_passed_or_dropped_whole(clock: FakeClock) -> None:
    """Cutting a message could split an escape sequence; one longer than the burst costs nothing."""
    budget = InputBudget(burst=2_000, rate=200, clock=clock)
    assert not budget.allow_keys("y" * 3_000_000)
    assert not budget.allow_keys("y" * 2_001)
    assert budget.allow_keys("y" * 2_000)
    assert not budget.allow_keys("\x1b[200~pasted\x1b[201~")


def test_a_moving_mouse_never_crowds_out_a_keystroke(clock: FakeClock) -> None:
    """Mouse movement may use only the top half of the budget; keys and clicks the rest."""
    budget = InputBudget(burst=2_000, rate=200, clock=clock)
    moves = sum(budget.allow_keys(MOUSE_MOVE) for _ in range(1_000))
    assert moves == 1_000 // len(MOUSE_MOVE)  # then the mouse stops at half
    left = 2_000 - moves * len(MOUSE_MOVE)
    assert sum(budget.allow_keys("k") for _ in range(2_000)) == left  # keys get all the rest
    clock.advance(1)
    assert budget.allow_keys(MOUSE_CLICK)


@pytest.mark.parametrize(
    ("keys", "moving"),
    [
        (MOUSE_MOVE, True),
        ("\x1b[<32;1;1M", True),  # dragging with the left button
        (MOUSE_CLICK, False),
        ("\x1b[<0;10;5m", False),  # the release
        ("\x1b[<64;10;5M", False),  # the wheel
        (MOUSE_MOVE * 2, False),  # not one report: counted as keys
        ("x", False),
    ],
)
def test_what_counts_as_mouse_movement(keys: str, moving: bool) -> None:
    assert is_mouse_motion(keys) is moving


@pytest.mark.parametrize(
    ("width", "height", "size"),
    [
        (100, 30, (100, 30)),
        (100_000, 100_000, (500, 200)),
        (0, -5, (20, 5)),
        ("120", "40", (120, 40)),  # from the URL
        (" 90 ", "+30", (90, 30)),
        (80.0, 24.0, (80, 24)),
        (1.5, 30, None),
        (True, True, None),
        ("wide", 30, None),
        (None, 30, None),
        ([100], 30, None),
        ("9" * 5000, 30, None),
        (float("inf"), 30, None),
    ],
)
def test_screen_sizes_are_clamped_and_nonsense_is_not_a_size(
    width: object, height: object, size: tuple[int, int] | None
) -> None:
    assert Limits().screen(width, height) == size


def test_a_tab_naming_no_size_starts_at_80_by_24() -> None:
    assert Limits().first_screen(None, "tall") == (80, 24)
    assert Limits().first_screen("0", "99999") == (20, 200)


def test_a_close_reason_fits_a_close_frame_and_cuts_between_characters() -> None:
    """123 bytes at most; a cut lands between characters (é is two bytes) and says so."""
    short = "The teacher stopped the quiz server."
    assert notices.reason(short) == short
    cut = notices.reason("é" * 100)
    assert len(cut.encode()) <= notices.MAX_REASON_BYTES
    assert cut.endswith("…") and set(cut[:-1]) == {"é"}


def test_the_reason_is_the_quizs_last_line_as_plain_text() -> None:
    """Colours and controls from a quiz's error output never reach the page."""
    output = (
        "\x1b[31mTraceback (most recent call last):\x1b[0m\n  ...\nValueError: bad \x1b]0;x\x07\n\n"
    )
    assert notices.last_line(output) == "ValueError: bad"
    assert notices.could_not_start("") == (
        "The quiz could not start. Tell your teacher: no message"
    )
    assert notices.room_full(60) == (
        "The room is full: 60 quizzes running. Try again in a minute, or ask your teacher."
    )
