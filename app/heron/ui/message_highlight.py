"""Marks painted over the message list: a bubble that flashes after a jump, and the words the
find bar matches (the current match stronger).

A transparent widget over the view's viewport paints them, so the bubble delegate stays as it
is: the rectangles come from the delegate's own layout of the bubble and of its text document,
and the matched ranges from core/search_query.highlight_spans on the document's plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QRect, QRectF, Qt, QVariantAnimation
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QTextDocument
from PySide6.QtWidgets import QListView, QStyleOptionViewItem, QWidget

from heron.core.search_query import Term, highlight_spans
from heron.models.messages import MessageRoles
from heron.ui import theme
from heron.ui.delegates import MessageDelegate

FLASH_MS = 1800
MATCH = QColor(255, 196, 0, 105)
CURRENT = QColor(255, 140, 0, 150)


def _x(found: object) -> float:
    """PySide6's cursorToX returns (x, position)."""
    return float(found[0]) if isinstance(found, tuple) else float(found)  # type: ignore[arg-type]


def range_rects(doc: QTextDocument, start: int, end: int) -> list[QRectF]:
    """Where the characters [start, end) of ``doc`` are drawn (document coordinates)."""
    rects: list[QRectF] = []
    block = doc.findBlock(start)
    while block.isValid() and block.position() < end:
        layout = block.layout()
        origin = layout.position()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            a = max(start - block.position(), line.textStart())
            b = min(end - block.position(), line.textStart() + line.textLength())
            if a >= b:
                continue
            x1 = _x(line.cursorToX(a))
            x2 = _x(line.cursorToX(b))
            rects.append(QRectF(origin.x() + min(x1, x2), origin.y() + line.y(),
                                abs(x2 - x1), line.height()))
        block = block.next()
    return rects


class HighlightOverlay(QWidget):
    def __init__(self, view: QListView) -> None:
        # A sibling over the viewport, not its child: scrolling moves the viewport's children.
        super().__init__(view)
        self.setObjectName("messageHighlights")
        self.view = view
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.flash_pk: int | None = None
        self.flash_strength = 0.0
        self.terms: tuple[Term, ...] = ()
        self.current_pk: int | None = None
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(1.0)
        self._animation.setEndValue(0.0)
        self._animation.setDuration(FLASH_MS)
        self._animation.setEasingCurve(QEasingCurve.Type.InQuad)
        self._animation.valueChanged.connect(self._fade)
        self._animation.finished.connect(self._flash_done)
        view.viewport().installEventFilter(self)
        self.setGeometry(view.viewport().geometry())
        view.verticalScrollBar().valueChanged.connect(lambda _v: self.update())
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self.setGeometry(self.view.viewport().geometry())
        return False

    def flash(self, pk: int) -> None:
        """Light the bubble of ``pk`` up, then fade (it follows scrolling meanwhile)."""
        self.flash_pk = pk
        self.flash_strength = 1.0
        self._animation.stop()
        self._animation.start()
        self.raise_()
        self.update()

    def _fade(self, value: object) -> None:
        self.flash_strength = float(value)  # type: ignore[arg-type]
        self.update()

    def _flash_done(self) -> None:
        self.flash_pk = None
        self.update()

    def set_matches(self, terms: tuple[Term, ...], current_pk: int | None) -> None:
        self.terms, self.current_pk = terms, current_pk
        self.raise_()
        self.update()

    # --- painting --------------------------------------------------------------------------

    def _option(self, row: int) -> QStyleOptionViewItem:
        option = QStyleOptionViewItem()
        option.initFrom(self.view)
        option.rect = self.view.visualRect(self.view.model().index(row, 0))
        option.font = self.view.font()
        return option

    def bubble_rect(self, row: int) -> QRect | None:
        delegate = self.view.itemDelegate()
        model = self.view.model()
        if not isinstance(delegate, MessageDelegate) or model is None:
            return None
        bubble, _doc = delegate._layout(self._option(row), model.index(row, 0))
        return bubble

    def match_rects(self, row: int) -> list[QRectF]:
        """Where the find bar's words are in bubble ``row`` (viewport coordinates)."""
        delegate = self.view.itemDelegate()
        model = self.view.model()
        if not self.terms or not isinstance(delegate, MessageDelegate) or model is None:
            return []
        index = model.index(row, 0)
        if index.data(MessageRoles.Message).retracted:
            return []
        bubble, doc = delegate._layout(self._option(row), index)
        left, top = bubble.left() + delegate.PADDING, bubble.top() + delegate.PADDING
        rects = []
        for start, end in highlight_spans(doc.toPlainText(), self.terms):
            rects += [r.translated(left, top) for r in range_rects(doc, start, end)]
        return rects

    def _visible_rows(self) -> range:
        model = self.view.model()
        if model is None or model.rowCount() == 0:
            return range(0)
        first = self.view.indexAt(self.rect().topLeft())
        last = self.view.indexAt(self.rect().bottomLeft())
        end = last.row() if last.isValid() else model.rowCount() - 1
        return range(first.row() if first.isValid() else 0, end + 1)

    def row_of(self, pk: int) -> int | None:
        model = self.view.model()
        if model is None:
            return None
        for row in self._visible_rows():
            if model.index(row, 0).data(MessageRoles.Message).pk == pk:
                return row
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        model = self.view.model()
        if model is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for row in self._visible_rows() if self.terms else ():
            current = model.index(row, 0).data(MessageRoles.Message).pk == self.current_pk
            painter.setBrush(CURRENT if current else MATCH)
            for rect in self.match_rects(row):
                painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
        flashed = self.row_of(self.flash_pk) if self.flash_pk is not None else None
        bubble = self.bubble_rect(flashed) if flashed is not None else None
        if bubble is not None:
            glow = QColor(theme.ACCENT)
            glow.setAlphaF(0.28 * self.flash_strength)
            edge = QColor(theme.ACCENT)
            edge.setAlphaF(self.flash_strength)
            painter.setBrush(glow)
            painter.setPen(QPen(edge, 2.5))
            painter.drawRoundedRect(QRectF(bubble).adjusted(-3, -3, 3, 3), 16, 16)
        painter.end()
