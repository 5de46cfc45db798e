"""The screen (or one window) as call video: Qt grabs it, calls/ sends it.

A timer grabs the picture ``fps`` times a second on the GUI thread (``QScreen.grabWindow``;
about as costly as one repaint of the area), scales it to fit 1280x720 and pushes packed RGB
rows into the call's ``PushedVideoTrack``; Qt stays out of calls/ and PyAV out of models/.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QImage

MAX_SIZE = QSize(1280, 720)


class ScreenGrabber(QObject):
    def __init__(self, push: Callable[[bytes, int, int, int], None], window_id: int = 0,
                 fps: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._push = push
        self.window_id = window_id  # 0: the whole primary screen
        self.timer = QTimer(self)
        self.timer.setInterval(1000 // fps)
        self.timer.timeout.connect(self.grab)
        self.grabs = 0

    def start(self) -> None:
        self.grab()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def grab(self) -> None:
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            return
        image = screen.grabWindow(self.window_id).toImage()
        if image.isNull():
            return
        if image.width() > MAX_SIZE.width() or image.height() > MAX_SIZE.height():
            image = image.scaled(MAX_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        # even sizes: the encoder's 4:2:0 chroma halves them
        image = image.copy(0, 0, image.width() // 2 * 2, image.height() // 2 * 2)
        rgb = image.convertToFormat(QImage.Format.Format_RGB888)
        self._push(bytes(rgb.constBits()), rgb.width(), rgb.height(), rgb.bytesPerLine())
        self.grabs += 1
