"""Settings, Calls: which microphone, speaker and camera calls use, with a test tone for the
speaker and a live preview of the camera, so a person can check both before the first call.

The choices are stored in the settings (``call_microphone``, ``call_speaker``, ``call_camera``)
as Qt device ids, which is what ``MediaConfig`` takes when a call starts.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtMultimedia import (
    QAudioFormat,
    QAudioSink,
    QCamera,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoFrame,
    QVideoSink,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heron.core.settings import Settings
from heron.models.call_audio import output_device
from heron.ui.call_devices import device_id, device_lists
from heron.ui.widgets import plain_label

PREVIEW_W, PREVIEW_H = 320, 240


def tone_pcm(seconds: float = 1.0, frequency: int = 440) -> bytes:
    """A soft sine, 48 kHz stereo s16, fading in and out so it does not click."""
    count = int(48_000 * seconds)
    fade = 2400
    pcm = array("h")
    for i in range(count):
        gain = min(1.0, i / fade, (count - i) / fade) * 0.25
        sample = round(32767 * gain * math.sin(2 * math.pi * frequency * i / 48_000))
        pcm.extend((sample, sample))
    return pcm.tobytes()


class CallSettings(QWidget):
    def __init__(self, settings: Settings, on_change: Callable[[Settings], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callSettings")
        self.settings, self._on_change = settings, on_change
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(plain_label(self.tr("Calls"), "dialogTitle"))
        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(10)
        lists = device_lists()
        self.pickers: dict[str, QComboBox] = {}
        labels = {"microphone": self.tr("Microphone"), "speaker": self.tr("Speaker"),
                  "camera": self.tr("Camera")}
        for kind in ("microphone", "speaker", "camera"):
            combo = QComboBox()
            combo.setObjectName(f"call-{kind}")
            combo.setAccessibleName(labels[kind])
            combo.addItem(self.tr("System default"), "")
            for ident, description in lists[kind]:
                combo.addItem(description, ident)
            current = combo.findData(getattr(settings, f"call_{kind}"))
            combo.setCurrentIndex(max(0, current))
            combo.currentIndexChanged.connect(lambda _i, k=kind: self._chosen(k))
            self.pickers[kind] = combo
            form.addRow(labels[kind], combo)
            if kind == "speaker":
                self.tone_button = QPushButton(self.tr("Play test tone"))
                self.tone_button.setObjectName("callTestTone")
                self.tone_button.clicked.connect(self.play_test_tone)
                form.addRow("", self.tone_button)
        layout.addLayout(form)
        self.preview = QLabel()
        self.preview.setObjectName("callCameraPreview")
        self.preview.setAccessibleName(self.tr("Camera preview"))
        self.preview.setFixedSize(PREVIEW_W, PREVIEW_H)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #0f1115; color: #a7afbf; border-radius: 10px;")
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignHCenter)
        self.status = plain_label("", "conversationSubtitle")
        layout.addWidget(self.status)
        self._sink: QAudioSink | None = None
        self._tone: QBuffer | None = None
        self._camera: QCamera | None = None
        self._session = QMediaCaptureSession(self)
        self._video_sink = QVideoSink(self)
        self._video_sink.videoFrameChanged.connect(self._camera_frame)
        self._session.setVideoSink(self._video_sink)
        self.preview_frames = 0
        self._start_camera()

    def _chosen(self, kind: str) -> None:
        setattr(self.settings, f"call_{kind}", self.pickers[kind].currentData() or "")
        self._on_change(self.settings)
        if kind == "camera":
            self._start_camera()

    def play_test_tone(self) -> None:
        device = output_device(self.settings.call_speaker)
        if device.isNull():
            self.status.setText(self.tr("No speaker found to play the tone on."))
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(48_000)
        fmt.setChannelCount(2)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if self._sink is not None:
            self._sink.stop()
        self._tone = QBuffer(self)
        self._tone.setData(QByteArray(tone_pcm()))
        self._tone.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = QAudioSink(device, fmt, self)
        self._sink.start(self._tone)
        self.status.setText(self.tr("Playing a tone on %1.").replace("%1", device.description()))

    def _start_camera(self) -> None:
        if self._camera is not None:
            self._camera.stop()
            self._camera.deleteLater()
            self._camera = None
        wanted = self.settings.call_camera
        cameras = QMediaDevices.videoInputs()
        chosen = next((c for c in cameras if device_id(c.id()) == wanted), None)
        chosen = chosen or (QMediaDevices.defaultVideoInput() if cameras else None)
        if chosen is None or chosen.isNull():
            self.preview.setText(self.tr("No camera found"))
            return
        self.preview.setText(self.tr("Starting the camera…"))
        self._camera = QCamera(chosen, self)
        self._camera.errorOccurred.connect(
            lambda _e, text: self.preview.setText(self.tr("The camera could not start.")))
        self._session.setCamera(self._camera)
        self._camera.start()

    def _camera_frame(self, frame: QVideoFrame) -> None:
        image = frame.toImage()
        if image.isNull():
            return
        self.preview_frames += 1
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    def stop(self) -> None:
        """Let go of the camera and the speaker (the dialog closed)."""
        if self._camera is not None:
            self._camera.stop()
        if self._sink is not None:
            self._sink.stop()


class CallSettingsDialog(QDialog):
    def __init__(self, settings: Settings, on_change: Callable[[Settings], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callSettingsDialog")
        self.setMinimumWidth(440)
        self.setWindowTitle(self.tr("Call settings"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.page = CallSettings(settings, on_change, self)
        layout.addWidget(self.page)
        self.finished.connect(lambda _r: self.page.stop())
