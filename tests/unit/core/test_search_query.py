"""The search field's language: words, "phrases", prefix*, from:, dates; hostile input stays
text and never becomes FTS5 syntax."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from heron.core.search_query import Term, highlight_spans, parse, snippet


def _fts(rows: list[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5 (body, tokenize = "
                 "'unicode61 remove_diacritics 2')")
    conn.executemany("INSERT INTO f (body) VALUES (?)", [(r,) for r in rows])
    return conn


def _found(rows: list[str], text: str) -> list[str]:
    match = parse(text).match
    conn = _fts(rows)
    hits = conn.execute("SELECT body FROM f WHERE f MATCH ? ORDER BY rowid", (match,))
    return [r[0] for r in hits]


ROWS = ["the red boat is in the harbour", "a boat that is red", "redwood forest",
        "Café au lait", "NEAR the river OR the lake", "title: plans"]


def test_words_are_all_required_in_any_order() -> None:
    assert _found(ROWS, "red boat ") == ROWS[:2]


def test_a_phrase_keeps_its_order() -> None:
    assert _found(ROWS, '"red boat"') == [ROWS[0]]
    assert parse('"red boat"').terms == (Term(("red", "boat")),)


def test_prefix_explicit_and_as_you_type() -> None:
    assert _found(ROWS, "red* ") == [ROWS[0], ROWS[1], ROWS[2]]
    assert _found(ROWS, "red ") == ROWS[:2]  # a finished word is whole
    assert _found(ROWS, "redw") == [ROWS[2]]  # the word being typed is a prefix
    assert parse("r*").terms == (Term(("r",)),)  # too short to be a prefix


def test_accents_and_case_do_not_matter() -> None:
    assert _found(ROWS, "cafe ") == [ROWS[3]]
    assert _found(ROWS, "CAFÉ ") == [ROWS[3]]


def test_fts_operators_are_searched_as_words() -> None:
    assert _found(ROWS, "NEAR OR ") == [ROWS[4]]
    assert _found(ROWS, "NEAR( river lake) ") == [ROWS[4]]
    assert _found(ROWS, "NEAR(river lake) ") == []  # "near river" is one phrase here
    assert _found(ROWS, "title: ") == [ROWS[5]]  # not a column filter
    assert _found(ROWS, "body:river ") == []  # "body" and "river" as words; not a column
    assert _found(ROWS, "^the ") == [ROWS[0], ROWS[4]]


def test_unbalanced_quote_is_a_phrase_to_the_end() -> None:
    query = parse('boat "is in the')
    assert query.terms == (Term(("boat",)), Term(("is", "in", "the")))
    assert _found(ROWS, 'boat "is in the') == [ROWS[0]]


def test_filters() -> None:
    query = parse('from:"Bob Builder" after:2024-05-01 before:2024-06-01 hello')
    assert query.sender == "bob builder"
    assert query.after == datetime(2024, 5, 1).timestamp()
    assert query.before == datetime(2024, 6, 1).timestamp()
    assert query.terms == (Term(("hello",), prefix=True),)
    day = parse("on:2024-02-29")
    assert day.after == datetime(2024, 2, 29).timestamp()
    assert day.before == datetime(2024, 3, 1).timestamp()
    assert parse("from:bob@example.org").sender == "bob@example.org"
    assert not parse("from:bob").empty and parse("from:bob").match == ""


def test_bad_dates_are_reported_not_searched() -> None:
    query = parse("before:2024-13-45 after:yesterday boat")
    assert query.ignored == ("before:2024-13-45", "after:yesterday")
    assert query.before is None and query.after is None
    assert query.match == '"boat"*'


def test_nothing_to_find() -> None:
    assert parse("").empty
    assert parse('  "" *** () : -').empty


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_a_valid_fts_query(text: str) -> None:
    conn = _fts(["some text", text])
    match = parse(text).match
    if match:
        conn.execute("SELECT rowid FROM f WHERE f MATCH ?", (match,)).fetchall()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab "*:()^-fromNEAR')))
def test_operator_soup_never_errors(text: str) -> None:
    match = parse(text).match
    if match:
        _fts(["a b"]).execute("SELECT rowid FROM f WHERE f MATCH ?", (match,)).fetchall()


def test_highlights_cover_the_matching_words() -> None:
    body = "Le café est rouge; the CAFÉ-bar opens"
    spans = highlight_spans(body, parse("cafe ").terms)
    assert [body[a:b] for a, b in spans] == ["café", "CAFÉ"]
    spans = highlight_spans("redwood and red", parse("red* ").terms)
    assert spans == [(0, 7), (12, 15)]
    phrase = highlight_spans("red and red boat", parse('"red boat"').terms)
    assert phrase == [(8, 16)]


def test_snippet_cuts_around_the_first_hit() -> None:
    body = "x" * 300 + " needle " + "y" * 300
    spans = highlight_spans(body, parse("needle ").terms)
    text, moved = snippet(body, spans, width=60)
    assert text.startswith("…") and text.endswith("…")
    assert [text[a:b] for a, b in moved] == ["needle"]
    assert snippet("short\nbody", [(0, 5)]) == ("short body", [(0, 5)])
