"""What the other side of a call told us about it (XEP-0167 §7), said in plain words at the top
of the call window: "Bob muted their microphone", "Bob put the call on hold".

A state that lasts (muted, camera off, on hold) stays on screen while it lasts; its end ("Bob
resumed the call") shows for a few seconds, then the newest state still lasting shows again,
or nothing. The name comes from the roster: plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

PASSING_MS = 4000

_LASTING = {  # (info, media) -> the state it starts
    ("mute", "audio"): "audio", ("mute", "video"): "video", ("mute", ""): "all",
    ("hold", ""): "hold"}
_ENDING = {  # (info, media) -> the states it ends
    ("unmute", "audio"): ("audio", "all"), ("unmute", "video"): ("video",),
    ("unmute", ""): ("audio", "video", "all"), ("unhold", ""): ("hold",),
    ("active", ""): ("hold", "audio", "video", "all")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("PeerNotice", text)


def sentence(info: str, media: str, name: str) -> str:
    """The words for one informational message, "" for one not worth saying."""
    words = {
        ("mute", "audio"): _tr("%1 muted their microphone"),
        ("unmute", "audio"): _tr("%1 unmuted their microphone"),
        ("mute", "video"): _tr("%1 turned their camera off"),
        ("unmute", "video"): _tr("%1 turned their camera on"),
        ("mute", ""): _tr("%1 muted the call"),
        ("unmute", ""): _tr("%1 unmuted the call"),
        ("hold", ""): _tr("%1 put the call on hold"),
        ("unhold", ""): _tr("%1 resumed the call"),
        ("active", ""): _tr("%1 resumed the call"),
    }.get((info, media), "")
    return words.replace("%1", name)


class PeerNotice(QWidget):
    """One line on a dark translucent pill; hidden while there is nothing to say."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callPeerNotice")
        self.name = name
        self.lasting: dict[str, str] = {}  # state -> its sentence, oldest first
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 7, 16, 7)
        self.label = QLabel()
        self.label.setObjectName("callPeerNoticeText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setStyleSheet("color: white;")
        row.addWidget(self.label)
        self.passing = QTimer(self)
        self.passing.setSingleShot(True)
        self.passing.setInterval(PASSING_MS)
        self.passing.timeout.connect(self._settle)
        self.hide()

    @property
    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()

    def told(self, info: str, media: str) -> None:
        words = sentence(info, media, self.name)
        if not words:
            return
        state = _LASTING.get((info, media))
        ended = [s for s in _ENDING.get((info, media), ()) if s in self.lasting]
        for each in ended:
            del self.lasting[each]
        if state is not None:
            self.lasting.pop(state, None)
            self.lasting[state] = words
            self.passing.stop()
        elif info == "active" and not ended:
            return  # "active" with nothing on hold or muted: nothing changed
        else:
            self.passing.start()
        self._say(words)

    def _settle(self) -> None:
        self._say(next(reversed(self.lasting.values()), ""))

    def _say(self, words: str) -> None:
        self.label.setText(words)
        self.setAccessibleName(words)
        self.setVisible(bool(words))
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            self.move((parent.width() - self.width()) // 2, self.y())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(14, 16, 22, 200))
        radius = self.height() / 2
        painter.drawRoundedRect(self.rect(), radius, radius)
