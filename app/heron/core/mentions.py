"""Mentions in group rooms (issue 9, point 3): does a message name the user's nick?

A nick counts only as a whole word (case-insensitive, Unicode-aware): "Al" is not mentioned
by "Alice", nor "bob" by "bobcat", but "@Bob," and "bob:" are. Pure functions: the message
model asks for the highlight, the notifications and the room counts for the rest.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=64)
def _pattern(nick: str) -> re.Pattern[str]:
    # \w on both sides, not \b: a nick may start or end with a non-word character ("[bot]").
    return re.compile(rf"(?<!\w){re.escape(nick)}(?!\w)", re.IGNORECASE)


def names(body: str, nick: str) -> bool:
    """``body`` names ``nick`` as a word of its own."""
    nick = nick.strip()
    return bool(nick) and _pattern(nick).search(body) is not None


def completions(prefix: str, nicks: list[str]) -> list[str]:
    """The nicks that start with ``prefix`` (case-insensitive), in a stable order."""
    folded = prefix.casefold()
    return sorted((n for n in set(nicks) if n.casefold().startswith(folded)),
                  key=lambda n: (n.casefold(), n))
