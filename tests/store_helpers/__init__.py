"""Helpers for the results-store tests: fixed clocks, canned answers, subprocess entry points."""
