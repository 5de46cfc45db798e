"""The incoming call (issue 10, point 1): a small window on top with the caller's picture and
name, "Video call" or "Voice call", and Accept with video / Accept audio only / Decline; a
ringtone that loops until the call is answered, declined or gone (with the Sounds setting
on and not in "Do not disturb"); a desktop notification. Enter accepts (with video when
offered), Escape declines. When the caller gives up, or another of the user's devices
answers, the window closes by itself. Everything from the network is plain text.
"""

from __future__ import annotations

import logging
from importlib import resources
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRect, Qt, QUrl
from PySide6.QtGui import QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from heron.core.bus import Phase
from heron.core.events import CallEnded, CallIncoming
from heron.core.tasks import spawn
from heron.models.bus_scope import scoped
from heron.ui import theme
from heron.ui.avatars import paint_avatar
from heron.ui.widgets import plain_label

if TYPE_CHECKING:
    from heron.ui.main_window import MainWindow

log = logging.getLogger(__name__)
AVATAR = 84
RING_VOLUME = 0.7


def ringtone_file() -> str:
    return str(resources.files("heron") / "resources" / "ring.wav")


def _style(scheme: theme.Scheme) -> str:
    """The window's own look over the app's style sheet: a calm card, the answer green and
    the decline red, as phones have taught everyone."""
    accept = "#1f9d55" if not scheme.dark else "#2fb36a"
    return f"""
        #incomingCallWindow {{ background: {scheme.surface}; }}
        #callerName {{ color: {scheme.text}; font-size: 19pt; font-weight: 600; }}
        #callKind {{ color: {scheme.muted}; font-size: 11pt; }}
        #callerAddress, #callKeysHint {{ color: {scheme.muted}; font-size: 9pt; }}
        QPushButton {{ border-radius: 19px; padding: 0 14px;
                       border: 1px solid {scheme.field_border}; background: {scheme.raised};
                       color: {scheme.text}; }}
        QPushButton:hover {{ border-color: {scheme.muted}; }}
        QPushButton[link="true"] {{ background: transparent; border: none; color: {scheme.link};
                                    border-radius: 6px; padding: 0 10px; }}
        QPushButton[link="true"]:focus {{ border: 2px solid {scheme.accent}; }}
        QPushButton:focus {{ border: 2px solid {scheme.accent}; }}
        #declineCallButton {{ background: {scheme.danger}; color: white; border: none; }}
        #declineCallButton:focus, #acceptVideoButton:focus, #acceptAudioButton[answer="true"]:focus
            {{ border: 2px solid {scheme.text}; }}
        #acceptVideoButton, #acceptAudioButton[answer="true"]
            {{ background: {accept}; color: white; border: none; }}
    """


class _Avatar(QWidget):
    def __init__(self, jid: str, name: str, path: str) -> None:
        super().__init__()
        self.jid, self.name, self.path = jid, name, path
        self.setFixedSize(AVATAR, AVATAR)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        paint_avatar(painter, QRect(0, 0, AVATAR, AVATAR), self.jid, self.name, self.path, font)


def _centred(layout: QVBoxLayout, text: str, name: str) -> QLabel:
    label = plain_label(text, name)
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    layout.addWidget(label)
    return label


class IncomingCallWindow(QWidget):
    """One ringing call. Its buttons answer through the account's ringing service."""

    def __init__(self, window: MainWindow, event: CallIncoming) -> None:
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.main = window
        self.call = event
        bare = event.peer.split("/", 1)[0]
        row = window.roster_model.row_for(bare)
        name = row.display if row is not None else bare
        self.setObjectName("incomingCallWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = self.tr("Video call from {name}") if event.video \
            else self.tr("Voice call from {name}")
        self.setWindowTitle(title.format(name=name))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 30, 32, 26)
        layout.setSpacing(6)
        avatar = _Avatar(bare, name, row.avatar if row is not None else "")
        layout.addWidget(avatar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(10)
        kind = self.tr("Incoming video call") if event.video else self.tr("Incoming voice call")
        self.name_label = _centred(layout, name, "callerName")
        self.kind_label = _centred(layout, kind, "callKind")
        _centred(layout, bare, "callerAddress").setVisible(name != bare)
        layout.addSpacing(18)
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        self.decline_button = self._button("declineCallButton", self.tr("&Decline"),
                                           self.tr("Decline the call"))
        self.video_button = self._button("acceptVideoButton", self.tr("Accept with &video"),
                                         self.tr("Accept the call with your camera"))
        self.audio_button = self._button("acceptAudioButton",
                                         self.tr("Accept &audio only") if event.video
                                         else self.tr("&Accept"),
                                         self.tr("Accept the call without your camera")
                                         if event.video else self.tr("Accept the call"))
        answer = self.video_button if event.video else self.audio_button
        buttons.addWidget(self.decline_button)
        buttons.addWidget(answer)
        layout.addLayout(buttons)
        if event.video:  # the quieter choice, under the two big ones
            self.audio_button.setProperty("link", True)
            self.audio_button.setMinimumHeight(28)
            layout.addWidget(self.audio_button, 0, Qt.AlignmentFlag.AlignHCenter)
        else:
            self.video_button.hide()
        layout.addSpacing(4)
        _centred(layout, self.tr("Enter answers · Esc declines"), "callKeysHint")
        answer.setProperty("answer", True)
        self.setStyleSheet(_style(theme.SCHEME))
        answer.setDefault(True)
        answer.setFocus()
        self.decline_button.clicked.connect(self.decline)
        self.audio_button.clicked.connect(lambda: self.accept(video=False))
        self.video_button.clicked.connect(lambda: self.accept(video=True))
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.decline)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self, answer.click)
        self.setMinimumWidth(400)
        self.adjustSize()

    def _button(self, name: str, text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setMinimumHeight(40)
        button.setMinimumWidth(170)
        font = button.font()
        font.setBold(True)  # in the font, not the style sheet: Qt then measures it bold
        button.setFont(font)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def _jmi(self) -> Any:
        session = self.main.app.sessions.get(self.call.account)
        return session.jmi if session is not None else None

    def accept(self, video: bool) -> None:
        jmi = self._jmi()
        if jmi is not None:
            jmi.accept(self.call.sid, video=video)
        self.close()

    def decline(self) -> None:
        jmi = self._jmi()
        if jmi is not None:
            jmi.decline(self.call.sid)
        self.close()


class CallRinging(QObject):
    """Opens a window per incoming call, rings, notifies; closes them when the call ends."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.settings = window.app.settings
        self.open: dict[str, IncomingCallWindow] = {}
        self.effect: Any = None  # QSoundEffect, made at the first ring
        self.notified: dict[str, int] = {}  # sid -> the desktop's notification id
        self.playing = False  # the ringtone was asked to play and not yet to stop
        # The ring windows have no parent (they come up on their own): they go with Heron's.
        rings = self.open
        self.destroyed.connect(lambda _o=None: [r.close() for r in list(rings.values())
                                                if isValid(r)])
        bus = scoped(self, window.app.bus)  # unsubscribed when this is destroyed
        bus.subscribe(CallIncoming, self._on_incoming, Phase.UI)
        bus.subscribe(CallEnded, self._on_ended, Phase.UI)

    def _on_incoming(self, event: CallIncoming) -> None:
        if event.sid in self.open:
            return
        ring = IncomingCallWindow(self.window, event)
        ring.destroyed.connect(lambda _o=None, sid=event.sid: self._closed(sid))
        self.open[event.sid] = ring
        ring.show()
        ring.raise_()
        ring.activateWindow()
        self._ring()
        self._notify(ring)

    def _on_ended(self, event: CallEnded) -> None:
        ring = self.open.pop(event.sid, None)
        if ring is not None:
            ring.close()
        self._stop_if_quiet()

    def _closed(self, sid: str) -> None:
        if not isValid(self):  # the main window (and this) went first
            return
        self.open.pop(sid, None)
        self._stop_if_quiet()
        self._withdraw(sid)

    def _stop_if_quiet(self) -> None:
        if not self.open and self.effect is not None and isValid(self.effect):
            self.effect.stop()
            self.playing = False

    def _ring(self) -> None:
        if not self.settings.sounds or self.settings.presence_show == "dnd":
            return
        if self.effect is None:
            try:
                from PySide6.QtMultimedia import QSoundEffect  # noqa: PLC0415  first ring
            except ImportError as exc:
                log.info("no ringtone: QtMultimedia is not available (%s)", exc)
                return
            self.effect = QSoundEffect(self)
            self.effect.setSource(QUrl.fromLocalFile(ringtone_file()))
            self.effect.setVolume(RING_VOLUME)
            self.effect.setLoopCount(QSoundEffect.Loop.Infinite.value)
        self.effect.play()  # with no sound device Qt stays quiet; nothing to catch
        self.playing = True

    def _notify(self, ring: IncomingCallWindow) -> None:
        notifications = self.window.notifications
        if notifications is None or not self.settings.notifications:
            return
        sid = ring.call.sid
        self.notified[sid] = 0

        async def show() -> None:
            shown = await notifications.service.notify(
                ring.windowTitle(), ring.kind_label.text(), category="call.incoming")
            if sid in self.notified:
                self.notified[sid] = shown
            elif shown:  # answered or gone while the desktop was asked
                await notifications.service.withdraw(shown)

        spawn(show(), "call notification")

    def _withdraw(self, sid: str) -> None:
        """The call no longer rings: its notification goes away."""
        shown = self.notified.pop(sid, None)
        notifications = self.window.notifications
        if shown and notifications is not None:
            spawn(notifications.service.withdraw(shown), "withdraw call notification")
