"""Choosing the part of a photo that becomes one's picture: a square over the image, moved by
dragging, resized with the mouse wheel or the +/- keys; everything outside it is dimmed."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from heron.ui.widgets import plain_label

VIEW = 360  # the image is shown fitted into a square of this size
MIN_SIDE = 32  # in image pixels: a smaller crop would be a blur of a few pixels
WHEEL_STEP = 0.08


class CropArea(QWidget):
    """The image with a square selection, in image coordinates (``selection``)."""

    changed = Signal()

    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self.scale = min(VIEW / image.width(), VIEW / image.height(), 1.0) if \
            max(image.width(), image.height()) > VIEW else 1.0
        self.setFixedSize(QSize(round(image.width() * self.scale),
                                round(image.height() * self.scale)))
        side = min(image.width(), image.height())
        self.selection = QRect((image.width() - side) // 2, (image.height() - side) // 2,
                               side, side)
        self._drag_from: QPoint | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setAccessibleName(self.tr("Picture area: drag to move, wheel or +/- to resize"))

    def _on_screen(self, rect: QRect) -> QRectF:
        return QRectF(rect.x() * self.scale, rect.y() * self.scale,
                      rect.width() * self.scale, rect.height() * self.scale)

    def move_by(self, dx: int, dy: int) -> None:
        """Move the square (image pixels), kept inside the image."""
        moved = self.selection.translated(dx, dy)
        moved.moveLeft(max(0, min(moved.left(), self.image.width() - moved.width())))
        moved.moveTop(max(0, min(moved.top(), self.image.height() - moved.height())))
        self.selection = moved
        self.changed.emit()
        self.update()

    def resize_by(self, factor: float) -> None:
        """Grow (>1) or shrink (<1) the square around its centre, within the image."""
        limit = min(self.image.width(), self.image.height())
        side = round(max(MIN_SIDE, min(limit, self.selection.width() * factor)))
        centre = self.selection.center()
        square = QRect(0, 0, side, side)
        square.moveCenter(centre)
        self.selection = square
        self.move_by(0, 0)  # back inside the image

    def cropped(self) -> QImage:
        return self.image.copy(self.selection)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(self.rect(), self.image)
        outside = QPainterPath()
        outside.addRect(QRectF(self.rect()))
        inside = QPainterPath()
        square = self._on_screen(self.selection)
        inside.addEllipse(square)  # what other clients will show: a circle
        painter.fillPath(outside.subtracted(inside), QColor(0, 0, 0, 140))
        painter.setPen(QPen(QColor("white"), 2, Qt.PenStyle.DashLine))
        painter.drawRect(square)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag_from = event.position().toPoint()
        self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is None:
            return
        now = event.position().toPoint()
        delta = now - self._drag_from
        self._drag_from = now
        self.move_by(round(delta.x() / self.scale), round(delta.y() / self.scale))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_from = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        self.resize_by((1 - WHEEL_STEP) ** steps)  # wheel up: a tighter crop

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = max(1, round(8 / self.scale))
        moves = {Qt.Key.Key_Left: (-step, 0), Qt.Key.Key_Right: (step, 0),
                 Qt.Key.Key_Up: (0, -step), Qt.Key.Key_Down: (0, step)}
        if event.key() in moves:
            self.move_by(*moves[Qt.Key(event.key())])
        elif event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.resize_by(1 + WHEEL_STEP)
        elif event.key() == Qt.Key.Key_Minus:
            self.resize_by(1 - WHEEL_STEP)
        else:
            super().keyPressEvent(event)


class CropDialog(QDialog):
    def __init__(self, image: QImage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cropDialog")
        self.setWindowTitle(self.tr("Your picture"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(plain_label(self.windowTitle(), "dialogTitle"))
        layout.addWidget(plain_label(self.tr(
            "Drag to choose what shows; the mouse wheel or + and - zoom."),
            "conversationSubtitle"))
        self.area = CropArea(image)
        layout.addWidget(self.area, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.ok = QPushButton(self.tr("Use this picture"))
        self.ok.setObjectName("okButton")
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.accept)
        row.addWidget(cancel)
        row.addWidget(self.ok)
        layout.addLayout(row)
        self.area.setFocus()
