"""User text never becomes FTS5 syntax, whatever it holds."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from heron.storage.repos.messages import fts_query


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_fts_query_is_always_valid_fts(text: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5 (body, tokenize = "
                 "'unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO f (body) VALUES (?)", (text,))
    query = fts_query(text)
    if query:
        conn.execute("SELECT rowid FROM f WHERE f MATCH ?", (query,)).fetchall()
    else:
        assert not any(ch.isalnum() for ch in text.replace("\x00", ""))


def test_words_are_quoted_and_the_last_is_a_prefix() -> None:
    assert fts_query('foo"bar OR') == '"foo""bar" "OR"'
    assert fts_query("NEAR(a, b)") == '"NEAR(a," "b)"'
    assert fts_query("hello wor") == '"hello" "wor"*'
    assert fts_query("  ") == ""
    assert fts_query("a\x00bcd") == '"a" "bcd"*'
