"""XEP-0393 styling and XEP-0245 "/me", as a person sees them in the bubbles.

Bob is a real second client on the real Prosody; what is checked is what the window shows: the
formats on the bubble's text at the right characters, markup shown as text, rows tall enough
for what is painted, and copies that give back exactly what was sent.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QStyleOptionViewItem, QTextEdit

from heron.ui.delegates import MessageDelegate
from heron.ui.main_window import MainWindow
from heron.ui.styled_text import QUOTE_DEPTH
from tests.helpers import until
from tests.integration.parties import stop_peer
from tests.ui.test_main_window import _bodies, _window_with_contact
from tests.ui.test_messenger_basics import _bubble, _chat_open

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

STYLED = "*bold* and `<b>code</b>` then javascript:alert(1) ~gone~ _soft_ 😀 *end*"
QUOTED = "> you said *this*\nand I say _that_"
CODE = "```\nx = *1*\n```"


def _document(window: MainWindow, row: int) -> QTextDocument:
    """The document the delegate painted in message ``row``'s bubble."""
    view = window.message_view
    model = window.message_model
    assert model is not None
    delegate = view.itemDelegate()
    assert isinstance(delegate, MessageDelegate)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(model.index(row))
    option.font = view.font()
    _bubble_rect, doc = delegate._layout(option, model.index(row))
    return doc


def _format(doc: QTextDocument, text: str, word: str, nth: int = 0) -> QTextCharFormat:
    """The format of the first character of the ``nth`` ``word`` in the shown ``text``."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(word, at + 1)
    cursor = QTextCursor(doc)
    cursor.setPosition(len(text[:at].encode("utf-16-le")) // 2 + 1)
    return cursor.charFormat()


async def test_styled_messages_from_a_contact(qtbot: Any, server: Any, make_user: Any,
                                              tmp_path: Any) -> None:
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        for body in (STYLED, QUOTED, CODE, "/me waves at everyone"):
            peer.send_message(mto=alice, mbody=body, mtype="chat")
        await _chat_open(qtbot, window, alice, bob)
        await until(lambda: len(_bodies(window)) == 4)
        view = window.message_view

        doc = _document(window, 0)
        assert doc.toPlainText() == STYLED  # every character shown, directives included
        assert _format(doc, STYLED, "bold").font().bold()
        assert not _format(doc, STYLED, "and").font().bold()
        code = _format(doc, STYLED, "<b>")
        assert code.fontFamilies() and code.fontFamilies()[0] != view.font().family()
        assert not _format(doc, STYLED, "code").font().bold()  # <b> stayed text
        assert _format(doc, STYLED, "gone").font().strikeOut()
        assert _format(doc, STYLED, "soft").font().italic()
        assert _format(doc, STYLED, "end").font().bold()  # after an emoji (2 UTF-16 units)
        assert not _format(doc, STYLED, "javascript").isAnchor()  # not a link

        quote = _document(window, 1)
        assert quote.firstBlock().blockFormat().property(QUOTE_DEPTH) == 1
        assert quote.firstBlock().blockFormat().leftMargin() > 0
        assert quote.lastBlock().blockFormat().property(QUOTE_DEPTH) is None
        assert _format(quote, QUOTED, "this").font().bold()
        assert _format(quote, QUOTED, "that").font().italic()

        block = _document(window, 2)
        assert not _format(block, CODE, "1").font().bold()  # no spans in a code block
        assert block.findBlockByNumber(1).blockFormat().background().color().alpha() > 0

        action = _document(window, 3)
        assert action.toPlainText() == "* Bob waves at everyone"
        assert _format(action, "* Bob waves", "Bob").font().italic()

        # Nothing is cut off: each row holds its whole bubble.
        model = window.message_model
        assert model is not None
        for row in range(4):
            cell = view.visualRect(model.index(row))
            assert cell.contains(_bubble(window, row)), row

        # Copying the message gives back what Bob sent, not what was drawn.
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=_bubble(window, 0).center())
        qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QGuiApplication.clipboard().text() == STYLED
        # So does selecting in place: plain text only, no HTML on the clipboard.
        # (QTest's double click has no press of its own: the first click of the pair is here.)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=_bubble(window, 1).center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton,
                          pos=_bubble(window, 1).center())
        await until(lambda: any(e.isVisible() for e in view.findChildren(
            QTextEdit, "messageTextSelector")))
        selector = view.findChild(QTextEdit, "messageTextSelector")
        assert selector.toPlainText() == QUOTED
        assert selector.document().firstBlock().blockFormat().property(QUOTE_DEPTH) == 1
        selector.selectAll()
        qtbot.keyClick(selector, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        mime = QGuiApplication.clipboard().mimeData()
        assert mime.text() == QUOTED and not mime.hasHtml()
    finally:
        await stop_peer(peer)
        await app.close()


async def test_my_own_action_and_styling_reach_the_contact_as_typed(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Any) -> None:
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        await _chat_open(qtbot, window, alice, bob)
        for text in ("/me nods", "*on my way*"):
            qtbot.keyClicks(window.composer, text)
            qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: peer.bodies() == ["/me nods", "*on my way*"])  # sent as typed
        await until(lambda: len(_bodies(window)) == 2)
        mine = alice.split("@", 1)[0]
        assert _document(window, 0).toPlainText() == f"* {mine} nods"
        styled = _document(window, 1)
        assert _format(styled, "*on my way*", "on").font().bold()
        assert styled.defaultFont().family() == QFont(window.message_view.font()).family()
    finally:
        await stop_peer(peer)
        await app.close()
