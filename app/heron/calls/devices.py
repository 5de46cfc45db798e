"""The user's microphone and camera as call tracks, through FFmpeg's capture formats (PyAV,
via aiortc's ``MediaPlayer``): PulseAudio/ALSA and Video4Linux2 on Linux, AVFoundation on macOS,
DirectShow on Windows. A device that cannot be opened becomes a ``HeronError`` with a sentence a
person understands (``ErrorKind.CALL_DEVICE``), never a crash in the middle of a call.

Device ids are what the settings store (Qt's ``QAudioDevice.id()`` / ``QCameraDevice.id()``;
on Linux those are PulseAudio source names and ``/dev/videoN`` paths); "" is the system default.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from heron.core.errors import ErrorKind, HeronError, describe

log = logging.getLogger(__name__)

VIDEO_OPTIONS = {"video_size": "640x480", "framerate": "30"}


def capture_candidates(kind: str, device: str, platform: str = sys.platform,
                       ) -> list[tuple[str, str, dict[str, str]]]:
    """(FFmpeg format, file, options) to try in order for a ``kind`` ("audio"/"video")."""
    if platform.startswith("linux"):
        if kind == "audio":
            return [("pulse", device or "default", {}), ("alsa", device or "default", {})]
        return [("v4l2", device or "/dev/video0", VIDEO_OPTIONS)]
    if platform == "darwin":
        if kind == "audio":
            return [("avfoundation", f"none:{device or 'default'}", {})]
        return [("avfoundation", f"{device or 'default'}:none", VIDEO_OPTIONS)]
    if platform == "win32":  # DirectShow has no "default": the settings name the device
        prefix = "audio" if kind == "audio" else "video"
        return [("dshow", f"{prefix}={device}", VIDEO_OPTIONS if kind == "video" else {})]
    return []


def _open(kind: str, device: str, what: str) -> Any:
    from aiortc.contrib.media import MediaPlayer

    failures: list[str] = []
    for fmt, file, options in capture_candidates(kind, device):
        try:
            player = MediaPlayer(file, format=fmt, options=dict(options))
        except Exception as exc:  # noqa: BLE001 - FFmpeg raises OSError/FFmpegError/ValueError
            failures.append(f"{fmt} {file}: {exc}")
            continue
        track = player.audio if kind == "audio" else player.video
        if track is not None:
            return track
        failures.append(f"{fmt} {file}: no {kind} stream")
    detail = "; ".join(failures) or f"no capture format for {sys.platform}"
    log.warning("could not open %s", what, extra={"detail": detail})
    error = describe(ErrorKind.CALL_DEVICE, detail, server=what)
    raise HeronError(error=error)


def open_microphone(device: str = "") -> Any:
    return _open("audio", device, "the microphone")


def open_camera(device: str = "") -> Any:
    return _open("video", device, "the camera")
