"""A message body as a QTextDocument: XEP-0393 styling and links as formats on plain text.

The document is always filled with ``setPlainText`` and then formatted through a cursor from
the spans that ``core.styling`` found and the links the link finder recognised: no HTML is ever
built from a message, so ``<b>`` or ``javascript:`` in a body shows as those characters. Every
character of the body stays in the document at its place (styling directives are shown, muted,
as XEP-0393 recommends), so a selection copies exactly what was sent. Quote bars are painted by
``paint_quote_bars`` in the left margin that quoted lines get.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPainter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from heron.core.styling import Line, LineKind, Style, parse
from heron.ui import theme

URL_RE = re.compile(r"\b((?:(?:https?|xmpp|mailto):|www\.)[^\s<>\"']*[^\s<>\"'.,;:!?)\]])",
                    re.IGNORECASE)
QUOTE_INDENT = 12  # px of left margin per quote level; the bar sits in it
QUOTE_BAR = 3
MAX_QUOTE_BARS = 6
#: block property: the quote depth of a line (read when painting the bars)
QUOTE_DEPTH = QTextFormat.Property.UserProperty + 1
#: what an action message (XEP-0245 "/me ") starts with
ME_COMMAND = "/me "


def link_target(url: str) -> str:
    """What a link opens: a bare ``www.`` address is a web page over https."""
    return f"https://{url}" if url.lower().startswith("www.") else url


def links_in(text: str) -> list[str]:
    return [link_target(m.group(1)) for m in URL_RE.finditer(text)]


def action_text(body: str) -> str | None:
    """The action of a XEP-0245 "/me " message (``"/me waves"`` -> ``"waves"``), else None."""
    return body[len(ME_COMMAND):] if body.startswith(ME_COMMAND) else None


def needs_document(text: str) -> bool:
    """Whether the text has any styling (else plain text metrics measure it exactly)."""
    return any(line.kind is not LineKind.PLAIN or line.quotes
               or any(span.style is not Style.NONE for span in line.spans)
               for line in parse(text))


def _utf16(text: str) -> Callable[[int], int]:
    """Python offsets (code points) to Qt positions (UTF-16 units), in linear time."""
    if text.isascii() or all(ord(c) < 0x10000 for c in text):  # noqa: PLR2004  the BMP
        return lambda i: i
    table = [0] * (len(text) + 1)
    for i, char in enumerate(text):
        table[i + 1] = table[i] + (2 if ord(char) >= 0x10000 else 1)  # noqa: PLR2004  the BMP
    return table.__getitem__


def code_background() -> QColor:
    """A subtle tint that shows on both bubble colours of the current scheme."""
    return QColor(255, 255, 255, 28) if theme.SCHEME.dark else QColor(0, 0, 0, 18)


def _char_format(style: Style, directive: bool, mono: str) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if Style.STRONG in style:
        fmt.setFontWeight(QFont.Weight.Bold)
    if Style.EMPHASIS in style:
        fmt.setFontItalic(True)
    if Style.STRIKE in style:
        fmt.setFontStrikeOut(True)
    if Style.MONO in style:
        fmt.setFontFamilies([mono])
        fmt.setBackground(code_background())
    if directive:
        fmt.setForeground(theme.MUTED)
    return fmt


def build_document(body: str, font: QFont, prefix: str = "") -> QTextDocument:
    """The laid-out text of a bubble: ``prefix`` (an action's "* Name ", shown in italics)
    followed by ``body`` with its styling and links."""
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setPlainText(prefix + body)
    cursor = QTextCursor(doc)
    at = _utf16(prefix + body)
    base = len(prefix)

    def select(start: int, end: int) -> None:
        cursor.setPosition(at(base + start))
        cursor.setPosition(at(base + end), QTextCursor.MoveMode.KeepAnchor)

    if prefix:
        cursor.setPosition(at(len(prefix)), QTextCursor.MoveMode.KeepAnchor)
        action = QTextCharFormat()
        action.setFontItalic(True)
        action.setFontWeight(QFont.Weight.DemiBold)
        cursor.mergeCharFormat(action)
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    for line in parse(body):
        _format_line(line, base, at, cursor, select, mono)
    for match in URL_RE.finditer(body):
        select(match.start(1), match.end(1))
        link = QTextCharFormat()
        link.setAnchor(True)
        link.setAnchorHref(link_target(match.group(1)))
        link.setForeground(theme.LINK)
        link.setFontUnderline(True)
        cursor.mergeCharFormat(link)
    return doc


def _format_line(line: Line, base: int, at: Callable[[int], int],  # noqa: PLR0917  one line's context
                 cursor: QTextCursor, select: Callable[[int, int], None], mono: str) -> None:
    depth = min(len(line.quotes), MAX_QUOTE_BARS)  # deeper levels show as their '>' only
    if depth or line.kind is not LineKind.PLAIN:
        cursor.setPosition(at(base + line.start))
        block = QTextBlockFormat()
        if depth:
            block.setLeftMargin(depth * QUOTE_INDENT)
            block.setProperty(QUOTE_DEPTH, depth)
        if line.kind is not LineKind.PLAIN:
            block.setBackground(code_background())
        cursor.mergeBlockFormat(block)
    if depth:  # the markers and the quoted text recede
        select(line.start, line.end)
        muted = QTextCharFormat()
        muted.setForeground(theme.MUTED)
        cursor.mergeCharFormat(muted)
    if line.kind is not LineKind.PLAIN:
        select(line.content, line.end)
        fmt = QTextCharFormat()
        fmt.setFontFamilies([mono])
        if line.kind is LineKind.FENCE:
            fmt.setForeground(theme.MUTED)
        cursor.mergeCharFormat(fmt)
    for span in line.spans:  # none in a preformatted block
        if span.style is not Style.NONE:
            select(span.start, span.end)
            cursor.mergeCharFormat(_char_format(span.style, span.directive, mono))


def paint_quote_bars(painter: QPainter, doc: QTextDocument) -> None:
    """A bar per quote level beside quoted lines, in the margin those lines were given."""
    layout = doc.documentLayout()
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.MUTED)
    block = doc.begin()
    while block.isValid():
        depth = block.blockFormat().property(QUOTE_DEPTH)
        if isinstance(depth, int) and depth > 0:
            rect = layout.blockBoundingRect(block)
            for level in range(depth):
                x = level * QUOTE_INDENT + 1
                painter.drawRoundedRect(QRectF(QPointF(x, rect.top()),
                                               QPointF(x + QUOTE_BAR, rect.bottom())), 1, 1)
        block = block.next()
    painter.restore()
