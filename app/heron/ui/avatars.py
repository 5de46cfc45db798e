"""A contact's picture in a circle, or their initial on their XEP-0392 colour.

Pictures are decoded once per size (QPixmapCache), scaled while decoding, and refused when the
file claims an absurd size (a decompression bomb never reaches memory): the roster repaints
rows on every scroll step.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImageReader, QPainter, QPainterPath, QPixmap, QPixmapCache

from heron.core.colors import rgb

MAX_SIDE = 4096  # pixels; a real avatar is a few hundred


def initials_color(jid: str) -> QColor:
    return QColor.fromRgbF(*rgb(jid))


def load_picture(path: str, side: int) -> QPixmap | None:
    """``path`` decoded to a ``side``-pixel square (cropped to the middle), or None."""
    key = f"heron-avatar:{side}:{path}"
    cached = QPixmap()
    if QPixmapCache.find(key, cached):
        return cached
    reader = QImageReader(path)
    size = reader.size()
    if not size.isValid() or size.width() > MAX_SIDE or size.height() > MAX_SIDE:
        return None
    scale = side / min(size.width(), size.height())
    reader.setScaledSize(QSize(max(side, round(size.width() * scale)),
                               max(side, round(size.height() * scale))))
    image = reader.read()
    if image.isNull():
        return None
    x, y = (image.width() - side) // 2, (image.height() - side) // 2
    pixmap = QPixmap.fromImage(image.copy(x, y, side, side))
    QPixmapCache.insert(key, pixmap)
    return pixmap


def paint_avatar(painter: QPainter, rect: QRect, jid: str, name: str, path: str,  # noqa: PLR0917  what one avatar needs
                 font: QFont) -> None:
    ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
    picture = load_picture(path, round(rect.width() * ratio)) if path else None
    painter.save()
    if picture is not None:
        clip = QPainterPath()
        clip.addEllipse(rect)
        painter.setClipPath(clip)
        painter.drawPixmap(rect, picture)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(initials_color(jid))
        painter.drawEllipse(rect)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(QColor("white"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, (name[:1] or "?").upper())
    painter.restore()
