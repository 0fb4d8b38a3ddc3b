"""Banks in and out: other tools' question files read into banks, and banks written out.

An importer reads another tool's file (GIFT, Aiken, Moodle XML, CSV) into
*bank data*: the very mapping a teacher writes in YAML (`deck`, `title`,
`questions: [{id, type, prompt, ...}]`), so that the bank it becomes is
checked by the one validator every bank goes through. An exporter writes a
loaded `Deck` in another tool's format (GIFT, Moodle XML, Anki, Kahoot, CSV).
Neither may lose anything silently: what a format cannot carry is a `Note`,
and the command lists every one. Plain Python: no Textual.

Each format is a module here with `read_bank(source) -> ImportedBank` and/or
`write_bank(deck) -> ExportedFile`; `quizapp.exchange.formats` names them and
imports only the one a command uses.
"""
