"""The peer's voice to the speaker, through Qt Multimedia (QAudioSink).

aiortc's Opus decoder gives packed signed 16-bit stereo at 48 kHz; those bytes go into the sink
as they are (no resampling). When the sink's buffer is full (the device runs slower than the
network delivers), the oldest audio is not queued up: the frame is dropped, so the delay stays
short. A machine without an output device gets ``available == False`` and stays silent; it never
raises in the middle of a call. Frames stay opaque (``Any``).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QIODevice, QObject
from PySide6.QtMultimedia import QAudioDevice, QAudioFormat, QAudioSink, QMediaDevices, QtAudio

log = logging.getLogger(__name__)


def output_device(device_id: str) -> QAudioDevice:
    """The output with the settings' ``device_id``, else the system default."""
    for device in QMediaDevices.audioOutputs():
        if device_id and bytes(device.id().data()).decode(errors="replace") == device_id:
            return device
    return QMediaDevices.defaultAudioOutput()


class Speaker(QObject):
    def __init__(self, device_id: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sink: QAudioSink | None = None
        self._io: QIODevice | None = None
        self.dropped = 0
        self.switch(device_id)

    @property
    def available(self) -> bool:
        return self._io is not None

    def switch(self, device_id: str) -> None:
        """Play on another output from now on (the call window's speaker menu)."""
        self.close()
        device = output_device(device_id)
        if device.isNull():
            log.info("no audio output: the call stays silent here")
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(48_000)
        fmt.setChannelCount(2)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(fmt):
            log.warning("audio output %s cannot play 48 kHz stereo", device.description())
            return
        self._sink = QAudioSink(device, fmt, self)
        self._sink.setBufferSize(48_000 * 4 // 5)  # 200 ms
        self._io = self._sink.start()
        if self._sink.error() != QtAudio.Error.NoError:
            log.warning("audio output %s failed: %s", device.description(), self._sink.error())
            self.close()

    def play(self, frame: Any) -> None:
        if self._io is None or self._sink is None:
            return
        pcm = bytes(frame.planes[0])[: frame.samples * 4]
        if self._sink.bytesFree() < len(pcm):
            self.dropped += 1
            return
        self._io.write(pcm)

    def close(self) -> None:
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
        self._sink, self._io = None, None
