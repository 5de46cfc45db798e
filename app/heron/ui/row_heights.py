"""Measured heights of message rows, kept across the message model's window shifts.

QListView re-asks the size of every row whenever rows are inserted or removed: a busy room that
appends a batch and trims its oldest rows re-measures its whole live window each time (about ten
``sizeHint`` calls per incoming message, cProfile on the flood bench). A row's height depends on
its own message, the view width, the font and theme, whether the row opens a day and whether the
"New messages" line sits above it; with those as the key, a shifted window finds every row it
measured before. An edit, a reaction or a retraction stores a new ``StoredMessage`` object in the
model, so an entry only counts for the very message object it was measured for.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont

from heron.ui import theme

LIMIT = 20_000  # rows; cleared whole when exceeded (a few MB at most)

Key = tuple[int, int, bool, bool, str]


class RowHeights:
    def __init__(self) -> None:
        self._sizes: dict[Key, tuple[Any, QSize]] = {}
        self._scheme = theme.SCHEME

    def key(self, pk: int, width: int, starts_day: bool, new_line: bool, font: QFont) -> Key:
        return (pk, width, starts_day, new_line, font.key())

    def get(self, key: Key, message: Any) -> QSize | None:
        if self._scheme is not theme.SCHEME:  # a theme change may change paddings and fonts
            self.clear()
            self._scheme = theme.SCHEME
        hit = self._sizes.get(key)
        return hit[1] if hit is not None and hit[0] is message else None

    def put(self, key: Key, message: Any, size: QSize) -> QSize:
        if len(self._sizes) > LIMIT:
            self._sizes.clear()
        self._sizes[key] = (message, size)
        return size

    def clear(self) -> None:
        self._sizes.clear()
