"""A bubble that names the user's nick in a room stands out (issue 9, point 3): a warm
background and an amber bar down its left edge, in the light and the dark scheme alike.

``MessageDelegate`` asks :func:`fill` for the bubble's colour and calls :func:`paint_accent`
after drawing it; rows that mention nobody keep the usual bubble.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath

from heron.models.messages import MessageRoles
from heron.ui import theme

BAR = 4.0  # pixels: the width of the left accent
# (background, accent) per scheme; the background keeps the text's contrast (WCAG AA)
LIGHT = ("#fff1cc", "#d98e00")
DARK = ("#463a1a", "#f2b63c")


def mentioned(index: Any) -> bool:
    return bool(index.data(MessageRoles.Mention))


def colours() -> tuple[QColor, QColor]:
    background, accent = DARK if theme.SCHEME.dark else LIGHT
    return QColor(background), QColor(accent)


def fill(index: Any, usual: QColor) -> QColor:
    """The bubble's background: the mention colour for a mention, else ``usual``."""
    return colours()[0] if mentioned(index) else usual


def paint_accent(painter: QPainter, bubble: QPainterPath, index: Any) -> None:
    """The accent bar along the left edge, inside the bubble's rounded outline."""
    if not mentioned(index):
        return
    rect = bubble.boundingRect()
    painter.save()
    painter.setClipPath(bubble)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colours()[1])
    painter.drawRect(QRectF(rect.left(), rect.top(), BAR, rect.height()))
    painter.restore()
