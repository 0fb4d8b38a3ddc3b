"""Hypothesis profiles for the fuzz tests: `ci` (the default) and `thorough`.

Pick one with the environment variable HYPOTHESIS_PROFILE:

    HYPOTHESIS_PROFILE=thorough python -m pytest -q tests/test_fuzz_loader.py tests/test_fuzz_matching.py

`ci` is small and derandomized, so every run tries the same examples and a
red build can be reproduced; `thorough` explores far more and is for a
developer's machine (it keeps found examples in `.hypothesis/`, which git
ignores, so a failure replays first on the next run).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)
settings.register_profile(
    "thorough",
    max_examples=2000,
    deadline=None,
    print_blob=True,
    suppress_health_check=_SLOW_IS_FINE,
)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)
