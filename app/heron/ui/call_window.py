"""The in-call window: the peer's video large (or their avatar and name in an audio call), our
preview small in a corner, and a control bar (mute, camera, devices, hang up) with the duration
and the connection quality above.

It is a normal top-level window, not modal: the user can put it aside and keep chatting.
Closing it (the title bar's X, Ctrl+W, Escape) asks before hanging up, because a stray click
would otherwise cut someone off mid-sentence; the red button hangs up at once, since that is
its only meaning. Built from a ``MediaSession``, the peer's name and avatar and a hang-up
callback (wired to ``JingleCalls.hang_up``); ``call_ended`` closes it when the peer hangs up.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from heron.calls.api import MediaSession, MediaState
from heron.core.errors import HeronError
from heron.models.call_audio import Speaker
from heron.models.call_screen import ScreenGrabber
from heron.ui import theme
from heron.ui.call_controls import QualityBars, RoundButton
from heron.ui.call_devices import DeviceMenu
from heron.ui.call_notice import PeerNotice
from heron.ui.call_video_view import VideoView
from heron.ui.confirm import ConfirmDialog

log = logging.getLogger(__name__)

QUALITY_EVERY_MS = 2000
PREVIEW_WIDTH = 224
MARGIN = 20


def format_duration(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes:02}:{secs:02}"


class _Pill(QWidget):
    """A dark translucent rounded backing, legible over any picture and either theme."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(14, 16, 22, 190))
        radius = min(self.height() / 2, 20)
        painter.drawRoundedRect(self.rect(), radius, radius)


class CallWindow(QWidget):
    def __init__(self, media: MediaSession, peer_jid: str, peer_name: str,
                 avatar_path: str = "", *, video: bool,
                 on_hang_up: Callable[[], object], own_jid: str = "", own_name: str = "",
                 speaker: str = "", on_told: Callable[[str, bool], object] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.media, self.video = media, video
        self._on_hang_up = on_hang_up
        # What the signalling tells the peer (XEP-0167 §7, and content-add for a screen):
        # ("microphone" | "camera" | "hold" | "screen", on); ui/call_flow.py wires it.
        self._on_told = on_told
        self._peer_holds = False
        self._ended = False
        self._connected_at: float | None = None
        self._tasks: set[asyncio.Future[Any]] = set()
        self.setObjectName("callWindow")
        self.setWindowTitle(self.tr("Call with %1").replace("%1", peer_name))
        self.setAccessibleName(self.windowTitle())
        self.resize(960, 640 if video else 560)
        self.setMinimumSize(520, 420)
        # the window, not the first button, holds the focus: M, V and Escape work at once
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build_stage(peer_jid, peer_name, avatar_path, own_jid, own_name)
        self._build_controls(speaker)
        for keys, slot in (("M", self.mute_button.toggle), ("V", self.camera_button.toggle),
                           ("Ctrl+W", self.ask_hang_up), ("Escape", self.ask_hang_up)):
            QShortcut(QKeySequence(keys), self, slot)
        self.speaker = Speaker(speaker, self)
        self.clock = QTimer(self)
        self.clock.timeout.connect(self._tick)
        self.clock.start(1000)
        self.quality_timer = QTimer(self)
        self.quality_timer.timeout.connect(self._poll_quality)
        self.quality_timer.start(QUALITY_EVERY_MS)
        self._attach(media)
        self._no_camera(str(getattr(media, "camera_problem", "")))

    def _no_camera(self, problem: str) -> None:
        """The camera would not open: the call goes on without it, and the corner says so."""
        if not problem or not self.video:
            return
        self.camera_button.blockSignals(True)
        self.camera_button.setChecked(True)
        self.camera_button.blockSignals(False)
        self.camera_button.setToolTip(problem)
        self.preview.clear(self.tr("No camera"))

    def _build_stage(self, peer_jid: str, peer_name: str, avatar_path: str, own_jid: str,
                     own_name: str) -> None:
        video = self.video

        scheme = theme.SCHEME
        self.remote = VideoView(peer_jid, peer_name, avatar_path, parent=self)
        self.remote.setObjectName("callRemoteVideo")
        self.remote.setAccessibleName(self.tr("%1's video").replace("%1", peer_name))
        self.remote.background = QColor("#0f1115" if scheme.dark else "#e4e8ef")
        self.remote.ink = QColor("#f2f4f8" if scheme.dark else "#1d2230")
        self.remote.caption = self.tr("Connecting…")
        self.preview = VideoView(own_jid, own_name, radius=14, parent=self.remote)
        self.preview.setObjectName("callPreview")
        self.preview.setAccessibleName(self.tr("Your camera"))
        self.preview.background = QColor("#262a33")
        self.preview.setVisible(video)

        self.header = _Pill(self.remote)
        row = QHBoxLayout(self.header)
        row.setContentsMargins(16, 8, 16, 8)
        row.setSpacing(10)
        self.name_label = QLabel(peer_name)
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setStyleSheet("color: white; font-weight: 600;")
        self.duration = QLabel(self.tr("Connecting…"))
        self.duration.setObjectName("callDuration")
        self.duration.setStyleSheet("color: #c9cfdb;")
        self.quality_bars = QualityBars()
        for widget in (self.name_label, self.duration, self.quality_bars):
            row.addWidget(widget)
        self.notice = PeerNotice(peer_name, self.remote)  # "Bob muted their microphone"

    def _build_controls(self, speaker: str) -> None:
        self.bar = _Pill(self.remote)
        self.bar.setObjectName("callControls")
        controls = QHBoxLayout(self.bar)
        controls.setContentsMargins(14, 10, 14, 10)
        controls.setSpacing(12)
        self.mute_button = self._button("mic", "callMute", self.tr("Mute microphone (M)"))
        self.mute_button.toggled.connect(self._mute)
        self.camera_button = self._button("camera", "callCamera", self.tr("Turn camera off (V)"))
        self.camera_button.toggled.connect(self._camera)
        self.camera_button.setVisible(self.video)
        self.screen_button = self._button("screen", "callScreen", self.tr("Share your screen"))
        self.screen_button.toggled.connect(self._share_screen)
        # in an audio call too: sharing adds a video content (the signalling's content-add)
        self.screen_button.setVisible(hasattr(self.media, "share_screen")
                                      and (self.video or self._on_told is not None))
        self.hold_button = self._button("pause", "callHold", self.tr("Put the call on hold"))
        self.hold_button.toggled.connect(self._hold)
        self.hold_button.setVisible(self._on_told is not None)
        self.screen_grabber: ScreenGrabber | None = None
        self.screen_window_id = 0  # 0: the whole screen
        self.devices_button = self._button("more", "callDevices", self.tr("Devices"),
                                           checkable=False)
        self.device_menu = DeviceMenu(self, speaker)
        self.device_menu.chosen.connect(self._device_chosen)
        self.devices_button.clicked.connect(self._show_devices)
        self.hang_up_button = self._button("hangup", "callHangUp", self.tr("Hang up"),
                                           checkable=False, danger=True)
        self.hang_up_button.clicked.connect(self.hang_up)
        for button in (self.mute_button, self.camera_button, self.screen_button,
                       self.hold_button, self.devices_button,
                       self.hang_up_button):
            controls.addWidget(button)

    def _button(self, icon: str, name: str, label: str, *, checkable: bool = True,
                danger: bool = False) -> RoundButton:
        button = RoundButton(icon, danger=danger)
        button.setObjectName(name)
        button.setCheckable(checkable)
        button.setAccessibleName(label)
        button.setToolTip(label)
        return button

    # --- media -------------------------------------------------------------------------------

    def _attach(self, media: MediaSession) -> None:
        media.on_remote_video = self.remote.converter.submit
        media.on_local_video = self.preview.converter.submit
        earlier = media.on_state  # the signalling may listen too: keep it informed

        def state(value: MediaState) -> None:
            if earlier is not None:
                earlier(value)
            self._state(value)

        media.on_state = state
        extra: Any = media  # optional hooks of AiortcMedia beyond the MediaSession contract
        if hasattr(extra, "on_remote_audio"):
            extra.on_remote_audio = self.speaker.play
        if hasattr(extra, "on_remote_camera"):
            extra.on_remote_camera = self._remote_camera

    def _state(self, state: str) -> None:
        if state == "connected" and self._connected_at is None:
            self._connected_at = time.monotonic()
            self.remote.caption = "" if self.video else self.tr("In call")
            self._tick()
        elif state == "connecting" and self._connected_at is not None:
            self.duration.setText(self.tr("Reconnecting…"))
            self._fit_header()
        elif state == "failed":
            self.duration.setText(self.tr("Connection lost"))
            self.remote.clear(self.tr("Connection lost"))

    def _remote_camera(self, on: bool) -> None:
        if not on:
            held = self.hold_button.isChecked() or self._peer_holds
            self.remote.clear(self.tr("On hold") if held else self.tr("Camera off"))

    def peer_told(self, info: str, media: str) -> None:
        """The peer's informational message (CallInfoReceived), said in plain words."""
        self.notice.told(info, media)
        self._place_notice()
        if info in ("hold", "unhold", "active"):
            self._peer_holds = info == "hold"
        if (info, media) in (("mute", "video"), ("hold", "")) and self.video:
            self._remote_camera(False)  # at once, not when the pictures stop coming

    def _place_notice(self) -> None:
        self.notice.move((self.width() - self.notice.width()) // 2,
                         MARGIN + self.header.height() + 10)

    def _tick(self) -> None:
        if self._connected_at is not None:
            since = format_duration(time.monotonic() - self._connected_at)
            self.duration.setText(self.tr("On hold · %1").replace("%1", since)
                                  if self.hold_button.isChecked() else since)
            self._fit_header()

    def _fit_header(self) -> None:
        head = self.header.sizeHint()  # hug the text: "Connecting…" was wider
        self.header.resize(head.width() + 8, head.height())

    def _spawn(self, result: object) -> None:
        if inspect.isawaitable(result):
            task = asyncio.ensure_future(result)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def _poll_quality(self) -> None:
        async def poll() -> None:
            try:
                self.quality_bars.show_quality(await self.media.quality())
            except Exception:  # a closing connection has no stats; the call goes on
                log.debug("no call statistics", exc_info=True)

        if not self._ended:
            self._spawn(poll())

    # --- controls ----------------------------------------------------------------------------

    def _tell(self, what: str, on: bool) -> None:
        if self._on_told is not None and not self._ended:
            self._spawn(self._on_told(what, on))

    def _mute(self, muted: bool) -> None:
        self.media.set_muted(muted)
        self._tell("microphone", muted)
        label = self.tr("Unmute microphone (M)") if muted else self.tr("Mute microphone (M)")
        self.mute_button.setAccessibleName(label)
        self.mute_button.setToolTip(label)

    def _camera(self, off: bool) -> None:
        try:
            self.media.set_camera(not off)
        except HeronError as exc:  # the camera would not open again: say so, stay off
            self.duration.setText(str(exc))
            self.header.adjustSize()
            self.camera_button.setChecked(True)
            return
        self._tell("camera", off)
        if off:
            self.preview.clear()
        label = self.tr("Turn camera on (V)") if off else self.tr("Turn camera off (V)")
        self.camera_button.setAccessibleName(label)
        self.camera_button.setToolTip(label)

    def _share_screen(self, on: bool) -> None:
        """Our screen replaces our camera in the picture the peer sees, and back."""
        if self.screen_grabber is not None:
            self.screen_grabber.stop()
            self.screen_grabber = None
        track = self.media.share_screen(on)  # type: ignore[attr-defined]
        if track is not None:
            self.screen_grabber = ScreenGrabber(track.push, self.screen_window_id, parent=self)
            self.screen_grabber.start()
        self._tell("screen", on)
        label = self.tr("Stop sharing your screen") if on else self.tr("Share your screen")
        self.screen_button.setAccessibleName(label)
        self.screen_button.setToolTip(label)

    def _hold(self, on: bool) -> None:
        """On hold we send nothing and hear nothing; the peer is told (and stops sending)."""
        holding = getattr(self.media, "set_holding", None)
        if holding is not None:
            holding(on)
        self._tell("hold", on)
        label = self.tr("Resume the call") if on else self.tr("Put the call on hold")
        self.hold_button.setAccessibleName(label)
        self.hold_button.setToolTip(label)
        if on:
            self.remote.clear(self.tr("On hold"))
            self.preview.clear()  # we send nothing meanwhile
        elif self.remote.caption == self.tr("On hold"):
            self.remote.clear("" if self.video else self.tr("In call"))
        self._tick()

    def _show_devices(self) -> None:
        self.device_menu.refresh()
        self.device_menu.popup(self.devices_button.mapToGlobal(QPoint(0, 0)) - QPoint(
            0, self.device_menu.sizeHint().height() + 8))

    def _device_chosen(self, kind: str, device_id: str) -> None:
        if kind == "speaker":
            self.speaker.switch(device_id)
            return
        switch = getattr(self.media, "switch_device", None)
        if switch is None:
            return

        async def run() -> None:
            try:
                await switch(kind, device_id)
            except HeronError as exc:  # the old device stays; say why in the header
                self.duration.setText(str(exc))
                self.header.adjustSize()

        self._spawn(run())

    def ask_hang_up(self) -> None:
        if self._ended:
            self.close()
            return
        dialog = ConfirmDialog(self.tr("Hang up?"),
                               self.tr("The call with %1 ends for both of you.").replace(
                                   "%1", self.name_label.text()),
                               self.tr("Hang up"), self)
        dialog.setObjectName("hangUpConfirm")
        dialog.confirmed.connect(self.hang_up)
        dialog.open()

    def hang_up(self) -> None:
        if not self._ended:
            self._ended = True
            self._spawn(self._on_hang_up())
        self.close()

    def call_ended(self, reason: str = "") -> None:
        """The call is over from the other side (CallEnded): say so, then go."""
        self._ended = True
        self.duration.setText(reason or self.tr("Call ended"))
        self.remote.clear(reason or self.tr("Call ended"))
        QTimer.singleShot(1500, self.close)

    # --- window ------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._ended:
            event.ignore()
            self.ask_hang_up()
            return
        self.clock.stop()
        self.quality_timer.stop()
        if self.screen_grabber is not None:
            self.screen_grabber.stop()
        self.remote.converter.stop()
        self.preview.converter.stop()
        self.speaker.close()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.remote.setGeometry(self.rect())
        bar = self.bar.sizeHint()
        self.bar.setGeometry(QRect((self.width() - bar.width()) // 2,
                                   self.height() - bar.height() - MARGIN,
                                   bar.width(), bar.height()))
        head = self.header.sizeHint()
        self.header.setGeometry(MARGIN, MARGIN, head.width() + 8, head.height())
        self._place_notice()
        width = min(PREVIEW_WIDTH, self.width() // 4)
        height = width * 3 // 4
        self.preview.setGeometry(self.width() - width - MARGIN,
                                 self.height() - height - MARGIN, width, height)
        super().resizeEvent(event)
