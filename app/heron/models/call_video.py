"""Decoded call video to QImages, off the GUI thread.

The media session hands over every decoded frame on the loop (cheap: a reference). A worker
thread converts the newest one to an RGB QImage already scaled to the size it will be shown at
(PyAV's swscale and Qt's scaling both release the GIL), and tells the GUI by a queued signal.
When the GUI is behind, frames are dropped: the newest wins, so the picture stays live instead
of drifting behind the sound. The GUI thread only blits the finished image.

Frames stay opaque here (``Any``, an ``av.VideoFrame``): this module never imports av.
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage

_names = itertools.count(1)


def frame_to_image(frame: Any, fit: QSize | None = None) -> QImage:
    """An RGB copy of ``frame`` (row stride = the plane's line size), scaled to fit ``fit``."""
    rgb = frame.reformat(format="rgb24")
    plane = rgb.planes[0]
    image = QImage(bytes(plane), rgb.width, rgb.height, plane.line_size,
                   QImage.Format.Format_RGB888)
    if fit is not None and fit.isValid() and fit != image.size():
        return image.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio,
                            Qt.TransformationMode.SmoothTransformation)
    return image.copy()  # detach from the Python bytes


class FrameConverter(QObject):
    """Latest-wins conversion of one video stream; ``ready`` fires (queued, on the GUI thread)
    when ``take()`` has a new image."""

    ready = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Condition()
        self._frame: Any = None
        self._image: QImage | None = None
        self._fit: QSize | None = None
        self._signalled = False
        self._stopped = False
        self._thread: threading.Thread | None = None
        self.converted = 0
        self.dropped = 0  # frames never shown because a newer one came first

    def set_fit(self, size: QSize) -> None:
        """The size the picture is shown at (the GUI tells it when the widget resizes)."""
        with self._lock:
            self._fit = QSize(size)

    def submit(self, frame: Any) -> None:
        """Called on the loop for each decoded frame; never blocks on conversion."""
        with self._lock:
            if self._stopped:
                return
            if self._frame is not None:
                self.dropped += 1
            self._frame = frame
            self._lock.notify()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True,
                                            name=f"heron-video-{next(_names)}")
            self._thread.start()

    def take(self) -> QImage | None:
        """The newest converted image, once (GUI thread)."""
        with self._lock:
            image, self._image, self._signalled = self._image, None, False
            return image

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._frame is None and not self._stopped:
                    self._lock.wait()
                if self._stopped:
                    return
                frame, self._frame, fit = self._frame, None, self._fit
            image = frame_to_image(frame, fit)
            with self._lock:
                if self._stopped:
                    return
                if self._image is not None:
                    self.dropped += 1
                self._image = image
                self.converted += 1
                signal, self._signalled = not self._signalled, True
            if signal:
                self.ready.emit()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._frame = None
            self._lock.notify()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
