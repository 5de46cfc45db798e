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


def code_background() -> QColor:
    """A subtle tint that shows on both bubble colours of the current scheme."""
    return QColor(255, 255, 255, 28) if theme.SCHEME.dark else QColor(0, 0, 0, 18)


class _Formats:
    """One QTextCharFormat per kind of run, made once per document."""

    def __init__(self) -> None:
        self.mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        self._made: dict[tuple[Style, bool, bool], QTextCharFormat] = {}

    def get(self, style: Style, muted: bool = False, code: bool = False) -> QTextCharFormat:
        key = (style | (Style.MONO if code else Style.NONE), muted, code)
        fmt = self._made.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            if Style.STRONG in style:
                fmt.setFontWeight(QFont.Weight.Bold)
            if Style.EMPHASIS in style:
                fmt.setFontItalic(True)
            if Style.STRIKE in style:
                fmt.setFontStrikeOut(True)
            if Style.MONO in style or code:
                fmt.setFontFamilies([self.mono])
            if Style.MONO in style:  # a code span; a code block has a block background
                fmt.setBackground(code_background())
            if muted:
                fmt.setForeground(theme.MUTED)
            self._made[key] = fmt
        return fmt


def _runs(line: Line, formats: _Formats) -> list[tuple[int, int, QTextCharFormat]]:
    """The line cut into (start, end, format): quote markers, then content or spans."""
    quoted = bool(line.quotes)  # the markers and the quoted text recede
    runs = [(line.start, line.content, formats.get(Style.NONE, muted=True))]
    if line.kind is LineKind.PLAIN:
        runs.extend((span.start, span.end,
                     formats.get(span.style, muted=quoted or span.directive))
                    for span in line.spans)
    else:
        runs.append((line.content, line.end,
                     formats.get(Style.NONE, muted=quoted or line.kind is LineKind.FENCE,
                                 code=True)))
    return runs


def build_document(body: str, font: QFont, prefix: str = "") -> QTextDocument:
    """The laid-out text of a bubble: ``prefix`` (an action's "* Name ", shown in italics)
    followed by ``body`` with its styling and links.

    Built by appending each run with its format, in order, in one edit block: formatting a
    finished document range by range, or laying it out again after every run, costs time
    that grows with the square of the runs (minutes for a hostile 100 KB message)."""
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)  # shown, never edited: no undo copy of every run
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    cursor = QTextCursor(doc)
    cursor.beginEditBlock()  # one layout at the end, not one per run
    if prefix:
        action = QTextCharFormat()
        action.setFontItalic(True)
        action.setFontWeight(QFont.Weight.DemiBold)
        cursor.insertText(prefix, action)
    formats = _Formats()
    links = [(m.start(1), m.end(1), link_target(m.group(1))) for m in URL_RE.finditer(body)]
    next_link = 0
    for number, line in enumerate(parse(body)):
        block = QTextBlockFormat()
        depth = min(len(line.quotes), MAX_QUOTE_BARS)  # deeper levels show as their '>' only
        if depth:
            block.setLeftMargin(depth * QUOTE_INDENT)
            block.setProperty(QUOTE_DEPTH, depth)
        if line.kind is not LineKind.PLAIN:
            block.setBackground(code_background())
        if number:
            cursor.insertBlock(block)
        else:
            cursor.setBlockFormat(block)
        for start, end, fmt in _runs(line, formats):
            pos = start
            while pos < end:  # cut the run where links start and end
                while next_link < len(links) and links[next_link][1] <= pos:
                    next_link += 1
                link = links[next_link] if next_link < len(links) else None
                if link is not None and link[0] <= pos:
                    stop = min(end, link[1])
                    cursor.insertText(body[pos:stop], _link_format(fmt, link[2]))
                else:
                    stop = min(end, link[0]) if link is not None else end
                    cursor.insertText(body[pos:stop], fmt)
                pos = stop
    cursor.endEditBlock()
    return doc


def _link_format(base: QTextCharFormat, href: str) -> QTextCharFormat:
    fmt = QTextCharFormat(base)
    fmt.setAnchor(True)
    fmt.setAnchorHref(href)
    fmt.setForeground(theme.LINK)
    fmt.setFontUnderline(True)
    return fmt


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
