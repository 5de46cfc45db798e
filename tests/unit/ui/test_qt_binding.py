"""Guard against a Qt binding that over-releases None (PySide6 6.12.0 on CPython 3.11).

With it, every void call such as QTextDocument.setHtml() takes one reference from None; after a
few thousand painted messages the process aborts with "none_dealloc". A user would see Heron
vanish mid-conversation, so the pinned binding must keep None's count steady.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QTextDocument


def test_void_calls_do_not_steal_references_from_none() -> None:
    doc = QTextDocument()
    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(200):
        doc.setDefaultFont(font)
        doc.setHtml("x")
        doc.setTextWidth(100)
    after = sys.getrefcount(None)
    # Immortal None (3.12+) reports a constant; a leak-free binding moves it by a few at most.
    assert after - before > -50
