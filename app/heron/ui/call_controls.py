"""The call window's controls: round icon buttons painted as vectors (crisp at any scale, no
icon files to ship), and the connection-quality bars."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QWidget

from heron.calls.api import CallQuality

LEVEL_BARS = {"good": 4, "fair": 2, "poor": 1, "unknown": 0}
LEVEL_COLOURS = {"good": "#3cc274", "fair": "#f0b43c", "poor": "#ef6262", "unknown": "#6d7380"}


def _mic(path: QPainterPath, c: QPointF, s: float) -> None:
    path.addRoundedRect(QRectF(c.x() - s * 0.16, c.y() - s * 0.42, s * 0.32, s * 0.52),
                        s * 0.16, s * 0.16)
    arc = QRectF(c.x() - s * 0.28, c.y() - s * 0.22, s * 0.56, s * 0.5)
    path.arcMoveTo(arc, 180)
    path.arcTo(arc, 180, 180)
    path.moveTo(c.x(), c.y() + s * 0.28)
    path.lineTo(c.x(), c.y() + s * 0.42)
    path.moveTo(c.x() - s * 0.16, c.y() + s * 0.42)
    path.lineTo(c.x() + s * 0.16, c.y() + s * 0.42)


def _camera(path: QPainterPath, c: QPointF, s: float) -> None:
    path.addRoundedRect(QRectF(c.x() - s * 0.42, c.y() - s * 0.26, s * 0.56, s * 0.52),
                        s * 0.1, s * 0.1)
    path.moveTo(c.x() + s * 0.18, c.y() - s * 0.06)
    path.lineTo(c.x() + s * 0.42, c.y() - s * 0.22)
    path.lineTo(c.x() + s * 0.42, c.y() + s * 0.22)
    path.lineTo(c.x() + s * 0.18, c.y() + s * 0.06)


def _screen(path: QPainterPath, c: QPointF, s: float) -> None:
    path.addRoundedRect(QRectF(c.x() - s * 0.42, c.y() - s * 0.3, s * 0.84, s * 0.5),
                        s * 0.06, s * 0.06)
    path.moveTo(c.x() - s * 0.18, c.y() + s * 0.38)
    path.lineTo(c.x() + s * 0.18, c.y() + s * 0.38)
    path.moveTo(c.x(), c.y() - s * 0.16)
    path.lineTo(c.x(), c.y() + s * 0.06)
    path.moveTo(c.x() - s * 0.1, c.y() - s * 0.06)
    path.lineTo(c.x(), c.y() - s * 0.16)
    path.lineTo(c.x() + s * 0.1, c.y() - s * 0.06)


def _dots(path: QPainterPath, c: QPointF, s: float) -> None:
    for dx in (-0.26, 0.0, 0.26):
        path.addEllipse(QPointF(c.x() + s * dx, c.y()), s * 0.05, s * 0.05)


def _handset(path: QPainterPath, c: QPointF, s: float) -> None:
    """A receiver lying down: the universal "hang up"."""
    body = QRectF(c.x() - s * 0.46, c.y() - s * 0.16, s * 0.92, s * 0.3)
    path.moveTo(body.left(), body.bottom())
    path.lineTo(body.left(), body.top() + s * 0.08)
    path.quadTo(QPointF(c.x(), body.top() - s * 0.1), QPointF(body.right(), body.top() + s * 0.08))
    path.lineTo(body.right(), body.bottom())
    path.lineTo(body.right() - s * 0.24, body.bottom())
    path.lineTo(body.right() - s * 0.24, body.top() + s * 0.14)
    path.quadTo(QPointF(c.x(), body.top() + s * 0.02),
                QPointF(body.left() + s * 0.24, body.top() + s * 0.14))
    path.lineTo(body.left() + s * 0.24, body.bottom())
    path.closeSubpath()


def _pause(path: QPainterPath, c: QPointF, s: float) -> None:
    for dx in (-0.14, 0.14):
        path.addRoundedRect(QRectF(c.x() + s * dx - s * 0.07, c.y() - s * 0.3, s * 0.14,
                                   s * 0.6), s * 0.04, s * 0.04)


ICONS = {"mic": _mic, "camera": _camera, "screen": _screen, "more": _dots, "hangup": _handset,
         "pause": _pause}


class RoundButton(QAbstractButton):
    """A round button with a painted icon. Checkable ones show "off" when checked (a slash and
    a light face, so muted is visible at a glance), like every call app people know."""

    def __init__(self, icon: str, *, danger: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon_name = icon
        self.danger = danger
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setFixedSize(self.sizeHint())

    def sizeHint(self) -> QSize:
        return QSize(64, 52) if self.danger else QSize(52, 52)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        off = self.isCheckable() and self.isChecked()
        if self.danger:
            face, ink = QColor("#e5484d"), QColor("white")
        elif off:
            face, ink = QColor("#f2f4f8"), QColor("#1d2230")
        else:
            face, ink = QColor(255, 255, 255, 38), QColor("white")
        if self.underMouse() or self.isDown():
            face = face.lighter(115) if not off else face.darker(108)
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(face)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        if self.hasFocus():
            painter.setPen(QPen(QColor("#8db4ff"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), rect.height() / 2 - 1,
                                    rect.height() / 2 - 1)
        path = QPainterPath()
        ICONS[self.icon_name](path, rect.center(), 26.0)
        pen = QPen(ink, 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                   Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(ink if self.icon_name in ("hangup", "more", "pause")
                         else Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        if off and self.icon_name != "pause":  # the slash of "muted" / "camera off"
            c = rect.center()
            painter.setPen(QPen(QColor("#e5484d"), 2.6, Qt.PenStyle.SolidLine,
                                Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(c.x() - 12, c.y() - 12), QPointF(c.x() + 12, c.y() + 12))


class QualityBars(QWidget):
    """Four rising bars, as many lit as the connection deserves; the numbers in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callQuality")
        self.setFixedSize(22, 16)
        self.level = "unknown"
        self.show_quality(CallQuality())

    def show_quality(self, quality: CallQuality) -> None:
        self.level = quality.level
        words = {"good": self.tr("Good connection"), "fair": self.tr("Fair connection"),
                 "poor": self.tr("Poor connection"), "unknown": self.tr("Measuring connection")}
        lines = [words[quality.level]]
        if quality.round_trip_ms is not None:
            lines.append(self.tr("Round trip: %1 ms").replace("%1", f"{quality.round_trip_ms:.0f}"))
        if quality.packet_loss is not None:
            lines.append(self.tr("Packet loss: %1 %").replace(
                "%1", f"{quality.packet_loss * 100:.1f}"))
        if quality.bitrate_kbps is not None:
            lines.append(self.tr("Receiving: %1 kbit/s").replace(
                "%1", f"{quality.bitrate_kbps:.0f}"))
        self.setToolTip("\n".join(lines))
        self.setAccessibleName(words[quality.level])
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lit = LEVEL_BARS[self.level]
        painter.setPen(Qt.PenStyle.NoPen)
        for i in range(4):
            height = 4 + i * 4
            painter.setBrush(QColor(LEVEL_COLOURS[self.level]) if i < lit
                             else QColor(255, 255, 255, 60))
            painter.drawRoundedRect(QRectF(i * 6, 16 - height, 4, height), 1.5, 1.5)
