"""`quizapp db copy --from URL --to URL`: a class's history moved into another database.

On real databases: a SQLite file and a fresh PostgreSQL database, both ways,
through the real command line. A copy holds the same history (the report of
the target is the source's, word for word), copying again copies nothing,
copying into a database with other classes merges, the source is never
changed, and every mistake is one line.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quizapp.bank import load_deck
from quizapp.cli import main
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store import copy as store_copy
from quizapp.store.address import DatabaseAddress
from quizapp.store.recorder import RoundRecorder
from quizapp.store.results import ResultsStore
from quizapp.store.writes import AbandonAttempt, SetAside, stamp
from tests.cli_helpers import quizapp
from tests.conftest import FakeClock
from tests.engines import TestDatabase, postgres_database, sqlite_database
from tests.store_helpers.classroom import CIVICS, GEO, RIGHT, ROUNDS, Classroom, play_round
from tests.store_helpers.play import StoreClock, fixed_scheduler

MakeUrl = Callable[[], str]


# -- filling a database ---------------------------------------------------------------------


def open_class(tmp_path: Path, where: TestDatabase, clock: StoreClock | None = None) -> Classroom:
    banks = tmp_path / "banks"
    banks.mkdir(parents=True, exist_ok=True)
    (banks / "civics.yaml").write_text(CIVICS, encoding="utf-8")
    (banks / "geo.yaml").write_text(GEO, encoding="utf-8")
    decks = {d: load_deck(banks / f"{d}.yaml") for d in ("civics", "geo")}
    return Classroom(where.folder, decks, clock or StoreClock())


def store_of(room: Classroom, where: TestDatabase) -> ResultsStore:
    return ResultsStore.open(where.where, now=room.clock, scheduler=fixed_scheduler())


def fill(tmp_path: Path, where: TestDatabase, rounds: list[Any] = ROUNDS) -> Classroom:
    """The shared class's rounds, plus what must survive a copy: an overrule, an abandoned
    round, an answer set aside, and a round left unfinished."""
    room = open_class(tmp_path, where)
    store = store_of(room, where)
    for deck in room.decks.values():
        store.sync_deck(deck)
    for name, deck_id, responses in rounds:
        play_round(room, store, name, deck_id, responses)
    room.clock.advance(days=1)
    bob = practice(room, store, "Bob")
    bob.submit("President")
    bob.advance()
    bob.submit("Ishiba-san")  # marked wrong...
    bob.overrule()  # ..."I was right"
    dee = practice(room, store, "Dee")
    dee.submit("Mayor")
    store.apply(AbandonAttempt(dee.observer.attempt_uid, stamp(room.clock.now)))
    [uid] = [row[0] for row in where.rows("SELECT uid FROM answers WHERE response_text = 'Mayor'")]
    store.apply(SetAside((uid,), stamp(room.clock.now)))
    practice(room, store, "Eli").submit("President")  # left unfinished
    store.close()
    return room


def practice(room: Classroom, store: ResultsStore, name: str) -> QuizSession:
    session = QuizSession(
        room.decks["civics"],
        RoundOptions(mode=Mode.PRACTICE, shuffle=False),
        seed=9,
        clock=FakeClock(),
    )
    session.observer = RoundRecorder(store, store.student(name), session)
    room.clock.advance(minutes=1)
    return session


# -- reading a database as it is, ids aside -------------------------------------------------------


def history(where: TestDatabase) -> dict[str, list[tuple[Any, ...]]]:
    """Every table, with row ids replaced by what they stand for (a name key, a round's uid)."""
    return {
        "students": where.rows("SELECT name, name_key, created_at FROM students ORDER BY name_key"),
        "decks": where.rows("SELECT * FROM decks ORDER BY deck_id"),
        "questions": where.rows("SELECT * FROM questions ORDER BY deck_id, question_id"),
        "attempts": where.rows(
            "SELECT t.uid, s.name_key, t.deck_id, t.kind, t.mode, t.seed, t.question_order, "
            "t.started_at, t.finished_at, t.abandoned_at, t.left_at, t.points, t.max_points, "
            "t.scoring, t.options FROM attempts t JOIN students s ON s.id = t.student_id "
            "ORDER BY t.uid"
        ),
        "answers": where.rows(
            "SELECT a.uid, t.uid, s.name_key, a.deck_id, a.question_id, a.response, "
            "a.response_text, a.correct, a.credit, a.ms, a.hint_used, a.overruled, a.skipped, "
            "a.first_try, a.content_hash, a.answered_at, a.timed_out, a.score, a.card_before, "
            "a.answer_hash, a.set_aside_at FROM answers a JOIN attempts t ON t.id = a.attempt_id "
            "JOIN students s ON s.id = a.student_id ORDER BY a.uid"
        ),
        "review_cards": where.rows(
            "SELECT s.name_key, c.deck_id, c.question_id, c.card, c.due, c.last_correct, "
            "c.updated_at FROM review_cards c JOIN students s ON s.id = c.student_id "
            "ORDER BY s.name_key, c.deck_id, c.question_id"
        ),
    }


def raw(where: TestDatabase) -> object:
    """The source exactly: its file's bytes, or every row with its id."""
    if where.is_sqlite:
        files = sorted(where.folder.iterdir())
        return [(f.name, hashlib.sha256(f.read_bytes()).hexdigest()) for f in files]
    return {
        table: where.rows(f"SELECT * FROM {table} ORDER BY 1, 2")
        for table in ("students", "decks", "questions", "attempts", "answers", "review_cards")
    }


def counts(where: TestDatabase) -> tuple[int, int, int, int]:
    return tuple(
        where.rows(f"SELECT COUNT(*) FROM {table}")[0][0]
        for table in ("students", "attempts", "answers", "review_cards")
    )


def other_engine(source: TestDatabase, tmp_path: Path, make_postgres_url: MakeUrl) -> TestDatabase:
    """A new, empty database on the engine the source is not on."""
    folder = tmp_path / "target"
    folder.mkdir()
    if source.is_sqlite:
        return postgres_database(folder, make_postgres_url())
    return sqlite_database(folder)


def copy(capsys: pytest.CaptureFixture[str], source: str, target: str) -> str:
    status = main(["db", "copy", "--from", source, "--to", target])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    return out


def described(where: TestDatabase) -> str:
    return where.address.described()


# -- the copy ----------------------------------------------------------------------------------


def test_a_copy_to_the_other_engine_holds_the_same_history_and_report(
    database: TestDatabase, tmp_path: Path, make_postgres_url: MakeUrl
) -> None:
    """SQLite to PostgreSQL and back, through the real command: the target's report is the
    source's, word for word, in every form; copying again copies nothing; the source is untouched."""
    fill(tmp_path, database)
    target = other_engine(database, tmp_path, make_postgres_url)
    before = raw(database)

    first = quizapp("db", "copy", "--from", database.url, "--to", target.url, cwd=tmp_path)
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout == (
        f"Copied 5 students, 10 rounds and 29 answers from {described(database)} "
        f"to {described(target)}.\n"
    )
    assert history(target) == history(database)
    for form in ([], ["--format", "json"], ["--gradebook", "--format", "csv"], ["--answers"]):
        reports = [
            quizapp("report", "--database", where.url, *form, cwd=tmp_path)
            for where in (database, target)
        ]
        assert reports[0].returncode == 0 and "Alice" in reports[0].stdout
        assert (reports[1].returncode, reports[1].stdout) == (0, reports[0].stdout)

    again = quizapp("db", "copy", "--from", database.url, "--to", target.url, cwd=tmp_path)
    assert (again.returncode, again.stderr) == (0, "")
    assert again.stdout == (
        f"Nothing new to copy: the 5 students, 10 rounds and 29 answers of {described(database)} "
        f"were in {described(target)} already.\n"
    )
    assert history(target) == history(database)
    assert raw(database) == before


def test_overrules_set_aside_answers_abandoned_rounds_and_reviews_survive(
    database: TestDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = sqlite_database(tmp_path / "laptop")
    source.folder.mkdir()
    fill(tmp_path, source)
    copy(capsys, source.url, database.url)
    assert database.rows(
        "SELECT response_text, correct, credit FROM answers WHERE overruled = 1"
    ) == [("Ishiba-san", 1, 1.0)]
    assert database.rows("SELECT response_text FROM answers WHERE set_aside_at IS NOT NULL") == [
        ("Mayor",)
    ]
    rounds = database.rows(
        "SELECT s.name, t.abandoned_at IS NOT NULL, t.finished_at IS NOT NULL FROM attempts t "
        "JOIN students s ON s.id = t.student_id WHERE s.name IN ('Dee', 'Eli')"
    )
    assert sorted(rounds) == [("Dee", True, False), ("Eli", False, False)]
    assert counts(database) == counts(source)
    assert history(database)["review_cards"] == history(source)["review_cards"]
    # The unfinished round is offered to Eli again from the new database.
    store = ResultsStore.read_only(database.where)
    assert store is not None
    student = store.find_student("eli")
    assert student is not None
    saved = store.unfinished_attempt(student, "civics")
    store.close()
    assert saved is not None and [a.response for a in saved.answers] == ["President"]


def test_copying_into_a_database_with_other_classes_merges_them(
    database: TestDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The school's database already has Alice (from another room) and Yuki: Alice stays one
    student with both histories, nobody's results are lost, and a second copy adds nothing."""
    school_rounds = [("alice", "geo", {"capital": "Seoul"}), ("Yuki", "civics", dict(RIGHT))]
    school_room = open_class(tmp_path / "school", database)
    school = store_of(school_room, database)
    for deck in school_room.decks.values():
        school.sync_deck(deck)
    for name, deck_id, responses in school_rounds:
        play_round(school_room, school, name, deck_id, responses)
    school.close()
    school_before = history(database)

    source = sqlite_database(tmp_path / "laptop")
    source.folder.mkdir()
    fill(tmp_path, source)
    out = copy(capsys, source.url, database.url)
    assert out == (
        f"Copied 4 students, 10 rounds and 29 answers from {described(source)} to "
        f"{described(database)} (1 student was there already).\n"
    )
    merged = history(database)
    laptop = history(source)
    for table in ("attempts", "answers"):
        assert sorted(merged[table]) == sorted(school_before[table] + laptop[table])
    assert [s[:2] for s in merged["students"]] == [
        ("alice", "alice"), ("Bob", "bob"), ("Dee", "dee"), ("Eli", "eli"), ("Yuki", "yuki"),
        ("Zoë", "zoë"),
    ]  # fmt: skip
    alice = database.rows(
        "SELECT COUNT(*) FROM attempts t JOIN students s ON s.id = t.student_id "
        "WHERE s.name_key = 'alice'"
    )
    assert alice == [(4,)]  # one at school, three on the laptop

    assert copy(capsys, source.url, database.url) == (
        f"Nothing new to copy: the 5 students, 10 rounds and 29 answers of {described(source)} "
        f"were in {described(database)} already.\n"
    )
    assert history(database) == merged


def test_a_round_played_on_after_a_copy_catches_up_on_the_next(
    database: TestDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Eli's round goes on on the laptop after the first copy: the second copy adds the new
    answers, the finish and an overrule, and changes nothing else."""
    source = sqlite_database(tmp_path / "laptop")
    source.folder.mkdir()
    room = fill(tmp_path, source)
    copy(capsys, source.url, database.url)

    store = store_of(room, source)
    student = store.find_student("Eli")
    assert student is not None
    saved = store.unfinished_attempt(student, "civics")
    assert saved is not None
    deck = room.decks["civics"]
    by_id = {q.id: q for q in deck.questions}
    session = QuizSession(
        deck,
        RoundOptions(mode=Mode(saved.mode), seed=saved.seed, shuffle=False),
        questions=[by_id[q] for q in saved.order],
        kind=saved.kind,
        seed=saved.seed,
        clock=FakeClock(),
        resume=saved.restored_answers(by_id),
    )
    session.observer = RoundRecorder(
        store,
        student,
        session,
        attempt_uid=saved.uid,
        answer_uids={a.question_id: a.uid for a in saved.answers},
    )
    while session.current is not None and not session.finished:
        question = session.current.question.id
        room.clock.advance(minutes=1)
        if question == "q2":
            session.submit("Ishiba san")
            session.overrule()
        else:
            session.submit(RIGHT[question])
        session.advance()
    assert session.finished
    store.close()

    assert copy(capsys, source.url, database.url) == (
        f"Copied 0 students, 0 rounds and 3 answers from {described(source)} to "
        f"{described(database)} (5 students, 10 rounds and 29 answers were there already).\n"
    )
    assert history(database) == history(source)


def test_the_newer_review_card_and_deck_sync_win(
    database: TestDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Per (student, deck, question) the card updated last is kept, whichever side has it;
    a deck is as its newer sync saw it, and a question only the older one had stays, removed."""
    source = sqlite_database(tmp_path / "laptop")
    source.folder.mkdir()
    fill(tmp_path, source)
    copy(capsys, source.url, database.url)
    # On the school's side: Alice's q1 card is newer, Bob's q1 card older; civics re-synced later
    # without q4, under a new title; geo gained a question on the laptop, in a newer sync there.
    database.execute(
        "UPDATE review_cards SET card = 'school', updated_at = '2030-01-01T00:00:00+00:00' "
        "WHERE question_id = 'q1' AND student_id = (SELECT id FROM students WHERE name_key = 'alice')"
    )
    database.execute(
        "UPDATE review_cards SET card = 'old', updated_at = '2000-01-01T00:00:00+00:00' "
        "WHERE question_id = 'q1' AND student_id = (SELECT id FROM students WHERE name_key = 'bob')"
    )
    database.execute(
        "UPDATE decks SET title = 'Civics 2', synced_at = '2030-01-01T00:00:00+00:00' "
        "WHERE deck_id = 'civics'"
    )
    database.execute("DELETE FROM questions WHERE deck_id = 'civics' AND question_id = 'q4'")
    source.execute(
        "INSERT INTO questions (deck_id, question_id, position, prompt, answer_text, topic, "
        "content_hash, points) VALUES ('geo', 'river', 1, 'Longest river?', 'Nakdong', 'Places', "
        "'h', 1)"
    )
    source.execute("UPDATE decks SET synced_at = '2029-01-01T00:00:00+00:00' WHERE deck_id = 'geo'")
    source_cards = dict(
        ((key, question), card)
        for key, _, question, card, *_ in history(source)["review_cards"]
        if question == "q1"
    )

    copy(capsys, source.url, database.url)
    cards = {
        (key, question): card
        for key, _, question, card, *_ in history(database)["review_cards"]
        if question == "q1"
    }
    assert cards[("alice", "q1")] == "school"
    assert cards[("bob", "q1")] == source_cards[("bob", "q1")]
    assert database.rows("SELECT deck_id, title FROM decks ORDER BY deck_id") == [
        ("civics", "Civics 2"), ("geo", "Geography")
    ]  # fmt: skip
    assert database.rows(
        "SELECT question_id, removed_at FROM questions WHERE deck_id = 'civics' AND question_id = 'q4'"
    ) == [("q4", "2030-01-01T00:00:00+00:00")]
    assert database.rows(
        "SELECT question_id, removed_at FROM questions WHERE deck_id = 'geo' ORDER BY position"
    ) == [("capital", None), ("river", None)]


def test_rounds_from_before_uids_are_told_apart_by_who_and_when(
    database: TestDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two databases upgraded from quizapp 0.1 both have a round `legacy-1`, and they are not
    the same round: both are kept, and copying again still adds nothing."""
    school_room = open_class(tmp_path, database)
    school = store_of(school_room, database)
    for deck in school_room.decks.values():
        school.sync_deck(deck)
    play_round(school_room, school, "Yuki", "civics", dict(RIGHT))
    school.close()
    source = sqlite_database(tmp_path / "laptop")
    source.folder.mkdir()
    laptop_room = open_class(tmp_path, source, StoreClock())
    laptop = store_of(laptop_room, source)
    for deck in laptop_room.decks.values():
        laptop.sync_deck(deck)
    play_round(laptop_room, laptop, "Alice", "civics", dict(RIGHT))
    laptop.close()
    for where in (database, source):
        where.execute("UPDATE attempts SET uid = 'legacy-' || id")
        where.execute("UPDATE answers SET uid = 'legacy-' || id")
    assert database.rows("SELECT uid FROM attempts") == source.rows("SELECT uid FROM attempts")

    assert "Copied 1 student, 1 round and 4 answers" in copy(capsys, source.url, database.url)
    rounds = database.rows(
        "SELECT s.name, COUNT(*) FROM attempts t JOIN students s ON s.id = t.student_id "
        "JOIN answers a ON a.attempt_id = t.id GROUP BY s.name ORDER BY s.name"
    )
    assert rounds == [("Alice", 4), ("Yuki", 4)]
    assert copy(capsys, source.url, database.url).startswith("Nothing new to copy")
    assert counts(database)[1:3] == (2, 8)


def test_a_failed_copy_leaves_the_target_as_it_was(
    database: TestDatabase,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """All or nothing: the disk fails at the last step, and not one student or answer is in."""
    ResultsStore.open(database.where).close()
    source = sqlite_database(tmp_path / "laptop")
    source.folder.mkdir()
    fill(tmp_path, source)

    def fail(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_copy, "_merge_review_cards", fail)
    assert main(["db", "copy", "--from", source.url, "--to", database.url]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"quizapp: error: copying into {described(database)} failed (disk I/O error); "
        "it was left as it was\n"
    )
    assert counts(database) == (0, 0, 0, 0)


# -- mistakes ----------------------------------------------------------------------------------


def test_copying_a_database_into_itself_is_refused(tmp_path: Path) -> None:
    """However the two paths are written: one line, exit 2, and the file as it was."""
    data = sqlite_database(tmp_path / "data")
    data.folder.mkdir()
    fill(tmp_path, data)
    before = raw(data)
    result = quizapp(
        "db", "copy", "--from", data.url, "--to", "sqlite:data/../data/quizapp.db", cwd=tmp_path
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"quizapp: error: --from and --to both name {data.folder}/quizapp.db: copy into another "
        "database\n"
    )
    assert raw(data) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "mysql://host/db", "--to", "sqlite:///x.db"],
            "quizapp db copy: error: argument --from: write sqlite:///path/to/quizapp.db, "
            "postgresql://user@host:5432/dbname or service=NAME (see quizapp db copy --help)",
        ),
        (
            ["--from", "sqlite:///x.db"],
            "quizapp db copy: error: the following arguments are required: --to "
            "(see quizapp db copy --help)",
        ),
    ],
    ids=["bad-url", "no-target"],
)
def test_a_bad_address_is_one_usage_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = quizapp("db", "copy", *args, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1] == message
    assert list(tmp_path.iterdir()) == []


def test_what_cannot_be_read_or_reached_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    """A source that is not there, one from a newer quizapp, a server that does not answer."""
    target = f"sqlite://{tmp_path}/school/quizapp.db"
    missing = quizapp(
        "db", "copy", "--from", f"sqlite://{tmp_path}/none.db", "--to", target, cwd=tmp_path
    )
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr == (
        f"quizapp: error: no results database at {tmp_path}/none.db: nothing to copy "
        "(is the address right?)\n"
    )
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as connection:
        connection.execute("PRAGMA user_version = 99")
    result = quizapp("db", "copy", "--from", f"sqlite://{newer}", "--to", target, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(f"quizapp: error: {newer} was made by a newer quizapp")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "school").exists()

    fill(tmp_path, sqlite_database(tmp_path / "laptop"))
    away = "postgresql://teacher@127.0.0.1:1/quizapp"
    result = quizapp(
        "db", "copy", "--from", f"sqlite://{tmp_path}/laptop/quizapp.db", "--to", away, cwd=tmp_path
    )
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(f"quizapp: error: cannot reach {away}: ")
    assert result.stderr.endswith(
        "; nothing was copied: check the address and that the server is running\n"
    )
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_the_help_explains_the_copy_and_no_screen_is_loaded(tmp_path: Path) -> None:
    listed = quizapp("db", "--help", cwd=tmp_path)
    assert listed.returncode == 0 and "copy" in listed.stdout and "upgrade" in listed.stdout
    shown = quizapp("db", "copy", "--help", cwd=tmp_path)
    assert shown.returncode == 0
    text = " ".join(shown.stdout.split())
    for part in ("--from URL", "--to URL", "only read", "all or nothing", "postgresql://"):
        assert part in text
    fill(tmp_path, sqlite_database(tmp_path / "laptop"))
    traced = quizapp(
        "db", "copy", "--from", f"sqlite://{tmp_path}/laptop/quizapp.db",
        "--to", f"sqlite://{tmp_path}/copy.db", cwd=tmp_path, trace_imports=True,
    )  # fmt: skip
    assert traced.returncode == 0
    assert "textual" not in traced.stderr


def test_an_address_names_the_same_database_however_it_is_written(tmp_path: Path) -> None:
    same = DatabaseAddress.parse
    assert same(f"sqlite://{tmp_path}/a.db").same_as(same(f"sqlite:{tmp_path}/./a.db"))
    assert not same(f"sqlite://{tmp_path}/a.db").same_as(same(f"sqlite://{tmp_path}/b.db"))
    assert same("postgres://t:secret@h/db").same_as(same("postgresql://t@h/db"))
    assert not same("postgresql://t@h/db").same_as(same("postgresql://t@h/other"))
    assert not same("service=a").same_as(same("service=b"))
