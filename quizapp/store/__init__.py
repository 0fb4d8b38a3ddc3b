"""The results store: history, resume and spaced review, in SQLite (no UI).

Import the modules directly (`quizapp.store.results`, ...): this package
file stays empty so that `quizapp validate` can read the data folder's
location without loading SQLite or FSRS.
"""
