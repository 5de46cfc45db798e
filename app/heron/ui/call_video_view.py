"""One video picture in the call window: the peer's (large) or our own preview (small).

It only blits: frames are converted and scaled to this widget's size by a ``FrameConverter``
worker (models/call_video.py). Without a picture (an audio call, the camera off, not connected
yet) it shows the person's avatar and name large, with a line saying why.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QWidget

from heron.models.call_video import FrameConverter
from heron.ui.avatars import paint_avatar


class VideoView(QWidget):
    def __init__(self, jid: str, name: str, avatar_path: str = "", *, radius: int = 0,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jid, self.name, self.avatar_path = jid, name, avatar_path
        self.radius = radius
        self.caption = ""  # under the avatar: "Calling…", "Camera off"
        self.image: QImage | None = None
        self.frames_shown = 0
        self.converter = FrameConverter(self)
        self.converter.ready.connect(self._show_next)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, radius == 0)
        self.background = QColor("#0f1115")
        self.ink = QColor("#f2f4f8")  # the name under the avatar

    def clear(self, caption: str = "") -> None:
        """Back to the avatar (the video stopped)."""
        self.image = None
        self.caption = caption
        self.update()

    def _show_next(self) -> None:
        image = self.converter.take()
        if image is not None:
            self.image = image
            self.frames_shown += 1
            self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        ratio = self.devicePixelRatioF()
        self.converter.set_fit(QSize(round(self.width() * ratio), round(self.height() * ratio)))
        super().resizeEvent(event)

    def picture_rect(self) -> QRect:
        """Where the picture is drawn (letterboxed, centred), in widget coordinates."""
        if self.image is None:
            return QRect()
        size = self.image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        rect = QRect(0, 0, size.width(), size.height())
        rect.moveCenter(self.rect().center())
        return rect

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.radius:
            clip = QPainterPath()
            clip.addRoundedRect(QRectF(self.rect()), self.radius, self.radius)
            painter.setClipPath(clip)
        if self.image is not None:  # video sits on black in either theme, like a screen
            painter.fillRect(self.rect(), QColor("#0b0d11"))
            painter.drawImage(self.picture_rect(), self.image)
        else:
            painter.fillRect(self.rect(), self.background)
            self._paint_person(painter)
        if self.radius:  # the preview: a thin rim keeps it apart from the picture behind
            painter.setClipping(False)
            painter.setPen(QPen(QColor(255, 255, 255, 70), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.75, 0.75, -0.75, -0.75),
                                    self.radius, self.radius)

    def _paint_person(self, painter: QPainter) -> None:
        small = self.height() < 240  # noqa: PLR2004  the preview corner
        side = max(32, min(self.width(), self.height()) // (2 if small else 3))
        top = self.height() // 2 - side // 2 - (0 if small else 30)
        avatar = QRect(self.width() // 2 - side // 2, top, side, side)
        initial = QFont(self.font())
        initial.setPixelSize(max(12, side * 2 // 5))
        paint_avatar(painter, avatar, self.jid, self.name, self.avatar_path, initial)
        if small:
            return
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(self.ink)
        name_box = QRect(0, avatar.bottom() + 18, self.width(), 40)
        painter.drawText(name_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                         self.name)
        if self.caption:
            painter.setFont(self.font())
            painter.setPen(QColor("#8b93a5"))
            painter.drawText(QRect(0, name_box.bottom() + 4, self.width(), 24),
                             Qt.AlignmentFlag.AlignHCenter, self.caption)
