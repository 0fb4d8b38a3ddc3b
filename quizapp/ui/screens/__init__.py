"""The screens of a quiz, one per file."""
