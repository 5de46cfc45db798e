"""@nick completion in a room's composer (issue 9, point 3): Tab completes the word before the
cursor to an occupant's nick; Tab again cycles through the other nicks with that prefix. At the
start of the message the nick is followed by ": " (how people address someone in a room),
elsewhere by a space. The completion is plain text in the composer, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from heron.core.mentions import completions


@dataclass
class _Cycle:
    start: int  # where the completed word starts (after a typed "@")
    choices: list[str]
    at: int
    inserted: str  # what the last Tab put there, suffix included


class NickCompleter:
    def __init__(self, composer: QPlainTextEdit, nicks: Callable[[], list[str]]) -> None:
        """``nicks``: the room's occupants now, without the user's own nick."""
        self.composer = composer
        self.nicks = nicks
        self._cycle: _Cycle | None = None

    def complete(self) -> bool:
        """Handle a Tab; False when there is nothing to complete (the key then does what it
        does anyway)."""
        cursor = self.composer.textCursor()
        text = self.composer.toPlainText()
        position = cursor.position()
        cycle = self._cycle
        if cycle is not None and text[cycle.start:position] == cycle.inserted:
            cycle.at = (cycle.at + 1) % len(cycle.choices)
            self._put(cycle, position)
            return True
        start = position
        while start > 0 and not text[start - 1].isspace() and text[start - 1] != "@":
            start -= 1
        prefix = text[start:position]
        choices = completions(prefix, self.nicks()) if prefix else []
        if not choices:
            self._cycle = None
            return False
        self._cycle = _Cycle(start, choices, 0, prefix)
        self._put(self._cycle, position)
        return True

    def _put(self, cycle: _Cycle, position: int) -> None:
        text = self.composer.toPlainText()
        opening = not text[:cycle.start].lstrip("@").strip()  # the message starts with it
        nick = cycle.choices[cycle.at]
        replacement = nick + (": " if opening else " ")
        cursor = self.composer.textCursor()
        cursor.setPosition(cycle.start)
        cursor.setPosition(position, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(replacement)
        self.composer.setTextCursor(cursor)
        cycle.inserted = replacement
