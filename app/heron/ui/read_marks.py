"""What read state looks like in a conversation: the "New messages" line above the first
message that was unread when the conversation was opened, and the contact's "read" on the
user's own messages (a coloured, bold double tick). Painted for MessageDelegate."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QApplication

from heron.models.messages import MessageRoles
from heron.ui import theme

_Index = QModelIndex | QPersistentModelIndex

NEW_LINE_HEIGHT = 30


def new_line_height(index: _Index) -> int:
    """The room the "New messages" line takes above this row (0 for every other row)."""
    return NEW_LINE_HEIGHT if index.data(MessageRoles.NewMessagesLine) else 0


def new_line_text() -> str:
    return QApplication.translate("MessageDelegate", "New messages")


def paint_new_line(painter: QPainter, row: QRect, top: int, font: QFont) -> None:
    """A rule across the row with a "New messages" label on it, ``top`` pixels down."""
    band = QRect(row.left() + 14, row.top() + top, row.width() - 28, NEW_LINE_HEIGHT)
    small = QFont(font)
    small.setPointSizeF(small.pointSizeF() * 0.85)
    small.setBold(True)
    label = new_line_text()
    label_w = QFontMetrics(small).horizontalAdvance(label) + 20
    colour = QColor(theme.SCHEME.link)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    y = band.center().y()
    painter.setPen(QPen(colour, 1))
    gap_left = band.center().x() - label_w // 2
    painter.drawLine(band.left(), y, gap_left - 6, y)
    painter.drawLine(gap_left + label_w + 6, y, band.right(), y)
    painter.setFont(small)
    painter.drawText(QRect(gap_left, band.top(), label_w, band.height()),
                     Qt.AlignmentFlag.AlignCenter, label)
    painter.restore()


def paint_read_ticks(painter: QPainter, meta: QRect, font: QFont) -> int:
    """The contact's "read": two bold strokes of a double tick in the link colour, drawn
    (not a glyph, which most fonts render hair-thin) at the right of the meta line; the time
    stays muted beside it. Returns where the rest of the line ends."""
    height = max(6, QFontMetrics(font).ascent() * 2 // 3)
    tick = height * 1.1  # one tick's width; the second follows 0.7 of a height later
    width = int(tick + height * 0.7)
    top = meta.center().y() - height // 2 + 1
    right = meta.right() - 1
    pen = QPen(QColor(theme.SCHEME.link), 1.7)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(pen)
    for left in (right - width, right - width + height * 0.7):
        path = QPainterPath(QPointF(left, top + height * 0.55))
        path.lineTo(left + tick * 0.35, top + height)
        path.lineTo(left + tick, top)
        painter.drawPath(path)
    painter.restore()
    return right - width - 6
