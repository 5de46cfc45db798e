"""The word-boundary rule for mentions and the nick completion order."""

from __future__ import annotations

from heron.core.mentions import completions, names


def test_a_nick_is_named_only_as_a_word_of_its_own() -> None:
    assert names("Alice: lunch?", "Alice")
    assert names("lunch, @alice?", "Alice"), "case-insensitive, after an @"
    assert names("ask ALICE", "alice")
    assert not names("Alicemore says hi", "Alice"), "inside a longer word"
    assert not names("malice", "Alice")
    assert not names("nothing here", "Alice")
    assert not names("anything", ""), "no nick: nothing is a mention"


def test_nicks_with_punctuation_and_other_scripts() -> None:
    assert names("hi [bot]!", "[bot]")
    assert names("Ça va, Élodie ?", "élodie")
    assert not names("a.b.c", "a.b.c.d")
    assert names("ping a.b.c", "a.b.c")
    assert not names("abc", "a.c"), "the nick is literal text, not a pattern"


def test_completions_are_case_insensitive_prefixes_in_order() -> None:
    nicks = ["bob", "Alice", "alan", "Bobby", "Carol", "alice"]
    assert completions("al", nicks) == ["alan", "Alice", "alice"]
    assert completions("BO", nicks) == ["bob", "Bobby"]
    assert completions("z", nicks) == []
