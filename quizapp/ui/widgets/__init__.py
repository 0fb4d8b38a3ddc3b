"""Widgets of the quiz screens."""
