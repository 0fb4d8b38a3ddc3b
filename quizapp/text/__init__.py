"""Text helpers below every other layer: comparing, naming, wording and showing text safely.

The bank, the engine, the store, the command line and the UI all use these
modules, and none of them imports anything else from quizapp, so no layer
has to reach up to another for a helper. Each module is plain Python.
"""
