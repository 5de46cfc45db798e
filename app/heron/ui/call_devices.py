"""Microphone, speaker and camera choices, from Qt Multimedia's device lists.

Ids are the text form of ``QAudioDevice.id()`` / ``QCameraDevice.id()``, which is what the
settings store and what ``calls/devices.py`` hands to FFmpeg; "" is the system default.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtMultimedia import QMediaDevices
from PySide6.QtWidgets import QMenu, QWidget


def device_id(raw: QByteArray) -> str:
    return bytes(raw.data()).decode(errors="replace")


def device_lists() -> dict[str, list[tuple[str, str]]]:
    """(id, description) per kind: "microphone", "speaker", "camera"."""
    return {
        "microphone": [(device_id(d.id()), d.description()) for d in QMediaDevices.audioInputs()],
        "speaker": [(device_id(d.id()), d.description()) for d in QMediaDevices.audioOutputs()],
        "camera": [(device_id(d.id()), d.description()) for d in QMediaDevices.videoInputs()],
    }


class DeviceMenu(QMenu):
    """Three sub-menus of checkable devices; ``chosen(kind, id)`` when the user picks one."""

    chosen = Signal(str, str)

    def __init__(self, parent: QWidget, speaker: str = "", microphone: str = "",
                 camera: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("callDeviceMenu")
        self.current = {"microphone": microphone, "speaker": speaker, "camera": camera}
        self.titles = {"microphone": self.tr("Microphone"), "speaker": self.tr("Speaker"),
                       "camera": self.tr("Camera")}
        self.refresh()

    def refresh(self) -> None:
        """Rebuilt each time it opens: a headset plugged in mid-call shows up."""
        self.clear()
        for kind, devices in device_lists().items():
            menu = self.addMenu(self.titles[kind])
            menu.setObjectName(f"callDeviceMenu-{kind}")
            group = QActionGroup(menu)
            for ident, description in [("", self.tr("System default")), *devices]:
                action = QAction(description, menu)
                action.setCheckable(True)
                action.setChecked(ident == self.current[kind])
                action.triggered.connect(
                    lambda _=False, k=kind, i=ident: self._choose(k, i))
                group.addAction(action)
                menu.addAction(action)

    def _choose(self, kind: str, ident: str) -> None:
        self.current[kind] = ident
        self.chosen.emit(kind, ident)
