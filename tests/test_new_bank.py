"""`quizapp new`: a starting bank that validates, from an article or from nothing.

The command runs in subprocesses on real files, and what it writes is
checked by running `quizapp validate` on it, as a teacher would. The
article here is a small one written for these tests; the real article in
`../shared/source/` is used when it is there (and the tests skip when not),
read from disk, never copied.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from quizapp.bank import load_deck
from quizapp.bank.starter import read_article
from tests.cli_helpers import quizapp

ARTICLE = """\
Harbour bridge reopens after two years of repairs
Coastal Courier
3 March 2024

The old harbour bridge opened to traffic again on Saturday morning, two
years after it was closed.

What was repaired
Engineers replaced all forty cables and the steel plates of the deck.

Costs and delays
The work cost twelve million, twice the first estimate.
"""

REAL_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "source" / "article-apec-lee-xi.txt"

SIX_TYPES = ("choice", "multi", "true-false", "text", "number", "order")
NEWER_TYPES = ("cloze", "match")


def validates(bank: Path, *, strict: bool = True) -> None:
    """`quizapp validate` (strict: warnings too) passes on `bank`."""
    result = quizapp("validate", *(["--strict"] if strict else []), str(bank), cwd=bank.parent)
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    # Above the OK, a bank that names its article hears how much of it the evidence covers.
    assert result.stdout.splitlines()[-1].startswith("OK: ")


def article_file(folder: Path, text: str = ARTICLE, name: str = "bridge.txt") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def uncomment(bank: str, example_id: str) -> str:
    """The bank with one commented example (`example-ID`) made real, as a teacher would."""
    lines = bank.splitlines()
    start = lines.index(f"  # - id: example-{example_id}")
    end = start
    while end < len(lines) and lines[end].startswith("  # "):
        lines[end] = "  " + lines[end][len("  # ") :]
        end += 1
    return "\n".join(lines) + "\n"


# -- from an article ---------------------------------------------------------------------------


def test_a_bank_from_an_article_validates_and_carries_what_the_article_says(
    tmp_path: Path,
) -> None:
    article_file(tmp_path)
    result = quizapp("new", "bridge.txt", "-o", "bridge-drill.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Wrote bridge-drill.yaml from bridge.txt:",
        "  title:    Harbour bridge reopens after two years of repairs",
        "  outlet:   Coastal Courier",
        "  date:     2024-03-03 (also as_of)",
        "  headings: 2 (listed in a comment, and used as section and topic)",
        'Next: replace each "Replace me"; quizapp preview bridge-drill.yaml shows them as you edit.',
    ]
    bank = tmp_path / "bridge-drill.yaml"
    validates(bank)
    deck = load_deck(bank)
    assert deck.id == "bridge-drill"
    assert deck.title == "Harbour bridge reopens after two years of repairs"
    assert deck.as_of == dt.date(2024, 3, 3)
    assert (deck.source.title, deck.source.outlet, deck.source.date) == (
        "Harbour bridge reopens after two years of repairs",
        "Coastal Courier",
        "2024-03-03",
    )
    assert deck.briefing.startswith("Replace me")
    [question] = deck.questions
    assert (question.topic, question.section) == ("What was repaired", "What was repaired")
    text = bank.read_text(encoding="utf-8")
    assert deck.source.file == "bridge.txt"
    assert "#   What was repaired\n#   Costs and delays\n" in text
    assert "  #   section: Costs and delays" in text


def test_the_articles_path_is_written_relative_to_the_bank(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "banks").mkdir()
    article_file(tmp_path / "articles")
    result = quizapp("new", "articles/bridge.txt", "-o", "banks/week-10.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    deck = load_deck(tmp_path / "banks" / "week-10.yaml")
    assert deck.source.file == "../articles/bridge.txt"


def test_every_example_works_once_uncommented(tmp_path: Path) -> None:
    """The six types this quizapp plays each validate when a teacher removes the `# `."""
    article_file(tmp_path)
    assert quizapp("new", "bridge.txt", "-o", "drill.yaml", cwd=tmp_path).returncode == 0
    bank = (tmp_path / "drill.yaml").read_text(encoding="utf-8")
    for example in SIX_TYPES:
        bank = uncomment(bank, example)
    whole = tmp_path / "whole.yaml"
    whole.write_text(bank, encoding="utf-8")
    validates(whole, strict=False)
    assert [q.id for q in load_deck(whole).questions] == [
        "first-question",
        *(f"example-{example}" for example in SIX_TYPES),
    ]


def test_cloze_and_match_examples_are_there_and_marked(tmp_path: Path) -> None:
    assert quizapp("new", "-o", "drill.yaml", cwd=tmp_path).returncode == 0
    text = (tmp_path / "drill.yaml").read_text(encoding="utf-8")
    assert "  # cloze: fill in the blanks" in text
    assert (
        "  #   prompt: The meeting was held in {{the capital|the city}} and lasted {{an hour}}."
        in text
    )
    assert "  #   choices:\n  #     2: [an hour, a day, a week]" in text
    assert "  # match: match each item" in text
    assert "  #   pairs:" in text and "  #   extra: [A role nobody here has]" in text
    assert "evidence: at most 12 words quoted from the article" in text


def test_without_an_article_every_value_is_a_placeholder(tmp_path: Path) -> None:
    result = quizapp("new", "-o", "Week 12 Drill.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Wrote Week 12 Drill.yaml: a starting bank of placeholders.")
    bank = tmp_path / "Week 12 Drill.yaml"
    validates(bank)
    deck = load_deck(bank)
    assert deck.id == "week-12-drill"
    assert deck.title.startswith("Replace me")
    assert deck.as_of is None
    text = bank.read_text(encoding="utf-8")
    assert "# as_of: YYYY-MM-DD" in text
    assert "file:" not in text


def test_text_yaml_would_misread_is_quoted(tmp_path: Path) -> None:
    """A title with `: `, ` #`, a leading `-` or `[`, a bare `yes`, markup, an ESC: kept as text."""
    for title in ("Vote: yes # or no", "- a dash first", "[b]Bold[/b] claims", "yes", "2024"):
        article_file(tmp_path, f"{title}\n\nSome text of the article.\n")
        bank = tmp_path / "drill.yaml"
        result = quizapp("new", "bridge.txt", "-o", "drill.yaml", "--force", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        validates(bank)
        assert load_deck(bank).title == title
    article_file(tmp_path, "Alarm \x1b]52;c;AAAA\x07 raised\n\nText.\n")
    assert quizapp("new", "bridge.txt", "-o", "drill.yaml", "--force", cwd=tmp_path).returncode == 0
    validates(tmp_path / "drill.yaml")
    assert load_deck(tmp_path / "drill.yaml").title == "Alarm ␛]52;c;AAAA␇ raised"


# -- refusals ----------------------------------------------------------------------------------


def test_an_existing_bank_is_never_overwritten_without_force(tmp_path: Path) -> None:
    bank = tmp_path / "drill.yaml"
    bank.write_text("title: Mine\n", encoding="utf-8")
    result = quizapp("new", "-o", "drill.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "quizapp: drill.yaml: already exists; choose another name with -o, "
        "or add --force to overwrite it\n"
    )
    assert bank.read_text(encoding="utf-8") == "title: Mine\n"
    forced = quizapp("new", "-o", "drill.yaml", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    validates(bank)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drill.yaml"]  # no temporary left


def test_the_article_is_never_overwritten(tmp_path: Path) -> None:
    article = article_file(tmp_path, name="notes.yaml")
    result = quizapp("new", "notes.yaml", "-o", "notes.yaml", "--force", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "quizapp: error: -o notes.yaml: that is the article; choose another name for the bank\n"
    )
    assert article.read_text(encoding="utf-8") == ARTICLE


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (
            ["-o", "drill.txt"],
            2,
            "quizapp: error: -o drill.txt: a bank's name ends in .yaml or .yml, e.g. drill.yaml\n",
        ),
        (
            ["missing.txt", "-o", "drill.yaml"],
            2,
            "quizapp: error: missing.txt: no such file\n",
        ),
        (
            ["-o", "nowhere/drill.yaml"],
            1,
            "quizapp: nowhere/drill.yaml: the folder {tmp}/nowhere does not exist; create it first\n",
        ),
        (
            ["drill.yaml"],
            2,
            "quizapp new: error: the following arguments are required: -o/--output "
            "(see quizapp new --help)\n",
        ),
    ],
)
def test_mistakes_are_one_line_and_write_nothing(
    tmp_path: Path, args: list[str], status: int, message: str
) -> None:
    result = quizapp("new", *args, cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        status,
        "",
        message.format(tmp=tmp_path),
    )
    assert list(tmp_path.iterdir()) == []


def test_an_article_that_is_not_plain_text_is_refused(tmp_path: Path) -> None:
    (tmp_path / "latin1.txt").write_bytes("Title\n\nCaf\xe9 society\n".encode("latin-1"))
    (tmp_path / "report.txt").write_bytes(b"%PDF-1.7\n\x00\x01binary")
    (tmp_path / "empty.txt").write_text("\n  \n", encoding="utf-8")
    cases = {
        "latin1.txt": "quizapp: latin1.txt:3: not UTF-8 text (byte 10: 0xe9); "
        "save the article as UTF-8 in your editor\n",
        "report.txt": "quizapp: report.txt: not plain text (a PDF or a word processor's file?); "
        "save the article as plain text (.txt) and try again\n",
        "empty.txt": "quizapp: empty.txt: the article is empty; save its text in the file, "
        "or leave ARTICLE out for a bank of placeholders\n",
    }
    for name, message in cases.items():
        result = quizapp("new", name, "-o", "drill.yaml", cwd=tmp_path)
        assert (result.returncode, result.stderr) == (1, message)
        assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "drill.yaml").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(cases)


def test_new_never_imports_textual(tmp_path: Path) -> None:
    """It draws nothing: the import trace of `quizapp new` has no textual."""
    result = quizapp("new", "-o", "drill.yaml", cwd=tmp_path, trace_imports=True)
    assert result.returncode == 0
    assert "quizapp.cli.new" in result.stderr
    assert "textual" not in result.stderr


# -- reading an article --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "3 March 2024",
        "3rd March 2024",
        "March 3, 2024",
        "Mar. 3 2024",
        "2024-03-03",
        "Published on Sunday, 3 Mar 2024",
        "Coastal Courier | March 3rd, 2024, 09:15 GMT",
    ],
)
def test_a_date_in_a_common_format_is_found_under_the_title(line: str) -> None:
    article = read_article(f"Bridge reopens\n{line}\n\nThe bridge reopened.\n")
    assert article.date == dt.date(2024, 3, 3)


@pytest.mark.parametrize(
    ("front", "outlet"),
    [
        ("Coastal Courier\n3 March 2024", "Coastal Courier"),
        ("3 March 2024\nCoastal Courier", "Coastal Courier"),
        ("Coastal Courier — 3 March 2024", "Coastal Courier"),
        ("Outlet: Coastal Courier", "Coastal Courier"),
        ("By Ana Lima\n3 March 2024", ""),
        ("Published 3 March 2024, 09:15", ""),
        ("Coastal Courier", ""),  # no date beside it: it could be a heading; nothing is guessed
    ],
)
def test_the_outlet_is_taken_only_where_it_is_clear(front: str, outlet: str) -> None:
    article = read_article(f"Bridge reopens\n{front}\n\nThe bridge reopened on Saturday.\n")
    assert article.outlet == outlet


def test_headings_are_short_lines_that_head_text() -> None:
    article = read_article(
        ARTICLE + "\n## Markdown heading.\nText.\n- a list item\nMore text.\nLast line\n"
    )
    assert article.title == "Harbour bridge reopens after two years of repairs"
    assert article.headings == ("What was repaired", "Costs and delays", "Markdown heading.")


def test_an_invalid_date_is_not_a_date() -> None:
    assert read_article("Title\n31 June 2024\n\nText.\n").date is None


# -- the real article, when it is there ----------------------------------------------------------


@pytest.mark.skipif(not REAL_ARTICLE.is_file(), reason="the shared article is not on this machine")
def test_the_real_article_makes_a_bank_that_validates(tmp_path: Path) -> None:
    result = quizapp("new", str(REAL_ARTICLE), "-o", "apec.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    validates(tmp_path / "apec.yaml")
    first_line = REAL_ARTICLE.read_text(encoding="utf-8").splitlines()[0].strip()
    article = read_article(REAL_ARTICLE.read_text(encoding="utf-8"))
    assert article.title == first_line
    assert load_deck(tmp_path / "apec.yaml").title == first_line
    assert len(article.headings) >= 4
    text = (tmp_path / "apec.yaml").read_text(encoding="utf-8")
    assert all(f"#   {heading}\n" in text for heading in article.headings)
