"""A bubble's document: plain text with formats from XEP-0393 and links, never markup."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication

from heron.ui import theme
from heron.ui.delegates import day_label
from heron.ui.styled_text import QUOTE_DEPTH, build_document


def fmt_at(doc: QTextDocument, position: int) -> QTextCharFormat:
    """The character format of the character at ``position`` (Qt positions)."""
    cursor = QTextCursor(doc)
    cursor.setPosition(position + 1)
    return cursor.charFormat()


def anchors(doc: QTextDocument) -> list[tuple[str, str]]:
    """(shown text, target) of every link in the document."""
    found: list[tuple[str, str]] = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().isAnchor():
                found.append((frag.text(), frag.charFormat().anchorHref()))
            it += 1
        block = block.next()
    return found


def test_markup_in_a_message_stays_text(qapp: QApplication) -> None:
    text = "<b>bold</b> <img src=x onerror=alert(1)> & 'q' javascript:alert(1)"
    doc = build_document(text, QFont())
    assert doc.toPlainText() == text
    assert anchors(doc) == []
    assert not fmt_at(doc, text.index("bold")).font().bold()


def test_links_become_anchors_with_their_exact_targets(qapp: QApplication) -> None:
    doc = build_document('see https://example.org/a?b=1&c="2" now.', QFont())
    assert anchors(doc) == [("https://example.org/a?b=1&c=", "https://example.org/a?b=1&c=")]
    assert doc.toPlainText().endswith('"2" now.')


def test_www_addresses_open_as_https(qapp: QApplication) -> None:
    doc = build_document("look at www.example.org/a, then xmpp:room@conference.example.org",
                         QFont())
    assert anchors(doc) == [("www.example.org/a", "https://www.example.org/a"),
                            ("xmpp:room@conference.example.org",
                             "xmpp:room@conference.example.org")]


@settings(max_examples=60)
@given(st.text())
def test_the_document_holds_exactly_the_text(text: str) -> None:
    assert QApplication.instance() is not None or QApplication([]) is not None
    doc = build_document(text, QFont())
    cursor = QTextCursor(doc)
    cursor.select(QTextCursor.SelectionType.Document)
    shown = cursor.selectedText()
    # Qt shows line breaks (\n, \r, U+2029) as paragraph separators; every other character
    # is there, at its place, and nothing was added.
    breaks = str.maketrans({"\n": "\u2029", "\r": "\u2029"})
    assert shown == text.translate(breaks)


def test_styles_land_on_the_right_characters(qapp: QApplication) -> None:
    text = "a *bold* _it_ ~no~ `code` 😀 *after emoji*"
    doc = build_document(text, QFont())
    assert fmt_at(doc, 3).font().bold() and not fmt_at(doc, 0).font().bold()
    assert fmt_at(doc, 2).font().bold()  # the directive is styled like its text...
    assert fmt_at(doc, 2).foreground().color() == theme.MUTED  # ...and recedes
    assert fmt_at(doc, 10).font().italic()
    assert fmt_at(doc, 15).font().strikeOut()
    code = fmt_at(doc, 21)
    assert code.fontFamilies() and code.fontFamilies()[0] != QFont().family()
    assert code.background().color().alpha() > 0
    utf16 = len(text[: text.index("after")].encode("utf-16-le")) // 2  # the emoji is 2 units
    assert fmt_at(doc, utf16).font().bold() and not fmt_at(doc, utf16 - 2).font().bold()


def test_quotes_and_blocks(qapp: QApplication) -> None:
    text = ">> deep\n> quote\n```\ncode *x*\n```\nplain"
    doc = build_document(text, QFont())
    depths = []
    block = doc.begin()
    while block.isValid():
        depths.append(block.blockFormat().property(QUOTE_DEPTH))
        block = block.next()
    assert depths == [2, 1, None, None, None, None]
    assert doc.findBlockByNumber(1).blockFormat().leftMargin() > 0
    code_block = doc.findBlockByNumber(3)
    assert code_block.blockFormat().background().color().alpha() > 0
    assert not fmt_at(doc, code_block.position() + 6).font().bold()  # no spans in code
    assert doc.findBlockByNumber(5).blockFormat().leftMargin() == 0


def test_an_action_starts_with_the_name(qapp: QApplication) -> None:
    doc = build_document("waves *hard*", QFont(), "* Alice ")
    assert doc.toPlainText() == "* Alice waves *hard*"
    assert fmt_at(doc, 2).font().italic()
    assert fmt_at(doc, 15).font().bold() and not fmt_at(doc, 8).font().italic()


def test_day_labels() -> None:
    now = 1_700_000_000.0
    assert day_label(now, now) == "Today"
    assert day_label(now - 86400, now) == "Yesterday"
