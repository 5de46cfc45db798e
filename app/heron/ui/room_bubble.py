"""The sender's nick at the top of an incoming bubble in a room, in its XEP-0392 colour.

``MessageDelegate`` asks :func:`nick_height` when it measures a bubble and calls
:func:`paint_nick` when it paints one; a 1:1 chat's rows have no nick (height 0).
The nick is network text: painted with ``drawText`` as plain text, never as markup.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter

from heron.core.colors import rgb
from heron.models.messages import MessageRoles
from heron.ui import theme

GAP = 2  # pixels between the nick and the text


def _nick(index: Any) -> str:
    return str(index.data(MessageRoles.SenderNick) or "")


def _font(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    bold.setPointSizeF(font.pointSizeF() * 0.9)
    return bold


def nick_height(index: Any, font: QFont) -> int:
    """The room of the nick line in this row's bubble (0 when it shows none)."""
    return QFontMetrics(_font(font)).height() + GAP if _nick(index) else 0


def nick_width(index: Any, font: QFont) -> int:
    nick = _nick(index)
    return QFontMetrics(_font(font)).horizontalAdvance(nick) + 4 if nick else 0


def nick_color(nick: str) -> QColor:
    """XEP-0392, lighter on a dark theme so the nick stays readable on its bubble."""
    return QColor.fromRgbF(*rgb(nick, lightness=72.0 if theme.SCHEME.dark else 42.0))


def paint_nick(painter: QPainter, inner: QRect, index: Any, font: QFont) -> None:
    """Paint the nick at the top of ``inner`` (the bubble's padded inside)."""
    nick = _nick(index)
    if not nick:
        return
    small = _font(font)
    fm = QFontMetrics(small)
    painter.save()
    painter.setFont(small)
    painter.setPen(nick_color(nick))
    line = QRect(inner.left(), inner.top(), inner.width(), fm.height())
    painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     fm.elidedText(nick, Qt.TextElideMode.ElideRight, inner.width()))
    painter.restore()
