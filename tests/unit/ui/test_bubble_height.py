"""A bubble's row is exactly as tall as the text painted in it.

Rows are measured without building a QTextDocument for plain text (every new row of a flood is
measured; only visible rows are painted, with a document). The two must agree, or text is cut
off or bubbles overlap: checked with the real delegate, for the texts people send.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from heron.core.events import DeliveryState, Direction, StoredMessage
from heron.models.messages import MessageRoles
from heron.ui.delegates import MessageDelegate, plain_text_height

TEXTS = [
    "ok",
    "flood message 4711 with some words",
    "a longer message that certainly wraps over several lines in a bubble of this width, "
    "with words of different lengths, commas, and a full stop at the end.",
    "first paragraph\nsecond one\n\nafter an empty line\n",
    "trailing spaces   \n   leading spaces",
    "emoji 😀🎉👍 in the middle of words 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
    "שלום עולם, a mixed right-to-left and left-to-right line that wraps somewhere",
    "日本語のテキストは単語の間に空白がありません。長い行はどこでも折り返されます。",
    "a" * 400,  # one word wider than the bubble: broken inside the word
    "see https://example.org/a/very/long/path?with=query&and=more for details",
    # XEP-0393 styling: other fonts, margins and backgrounds, measured with the document
    "*a bold sentence that is long enough to wrap* and _italic words_ with `inline code`",
    "> quoted\n>> nested quote that is long enough to wrap in a narrow bubble\nreply",
    "```\ndef f(x):\n    return x * 2  # a long line of code that wraps in the bubble\n```",
]


def _row(delegate: MessageDelegate, text: str, width: int, font: QFont,
         pk: int) -> tuple[int, int]:
    """(row height the view reserves, height of the bubble that is painted in it)"""
    model = QStandardItemModel()
    message = StoredMessage(pk, "me@example.org", "bob@example.org", Direction.INCOMING, text,
                            1_700_000_000.0, None, None, None, DeliveryState.RECEIVED)
    item = QStandardItem()
    item.setData(message, MessageRoles.Message)
    item.setData(message.timestamp, MessageRoles.Timestamp)
    item.setData(False, MessageRoles.Outgoing)
    model.appendRow(item)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, width, 100)  # type: ignore[attr-defined]
    option.font = font  # type: ignore[attr-defined]
    index = model.index(0, 0)
    reserved = delegate.sizeHint(option, index).height()
    bubble, _doc = delegate._layout(option, index)
    return reserved, bubble.height()


@pytest.mark.parametrize("family,size", [("", 0.0), ("DejaVu Serif", 13.0),
                                         ("DejaVu Sans Mono", 8.0)])
def test_every_row_is_as_tall_as_its_bubble(qapp: QApplication, family: str,
                                            size: float) -> None:
    font = QFont(qapp.font())
    if family:
        font.setFamily(family)
        font.setPointSizeF(size)
    delegate = MessageDelegate()
    pk = 0
    for width in (260, 480, 900):
        for text in TEXTS:
            pk += 1
            reserved, bubble = _row(delegate, text, width, font, pk)
            # The first row of a day also holds the day header; the rest is the bubble plus
            # its fixed spacing: nothing of the text outside, no gap growing with the text.
            assert reserved - MessageDelegate.DAY_HEADER - 8 == bubble, (text[:30], width)


def test_plain_text_is_measured_without_a_document_when_it_can_be(qapp: QApplication) -> None:
    font = qapp.font()
    assert plain_text_height(TEXTS[2], 300, font) is not None
    assert plain_text_height(TEXTS[3], 300, font) is not None
    assert plain_text_height("a" * 400, 300, font) is None  # a word wider than the line
