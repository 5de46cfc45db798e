"""Starting a call from a one-to-one chat (issue 10, point 1): a voice and a video call button
in the header, usable only when one of the contact's online devices says it takes calls
(XEP-0353 or Jingle RTP in its disco/caps; otherwise disabled, and the tooltip says why), and
a "Calling Bob…" line under the header with Cancel while the contact's devices ring.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QToolButton

from heron.core.bus import Phase
from heron.core.events import CallEnded, CallStateChanged, PresenceChanged
from heron.core.tasks import spawn
from heron.models.call_index import CallIndex
from heron.ui import call_log_row, theme
from heron.ui.widgets import plain_label, tool_button

if TYPE_CHECKING:
    from heron.ui.conversation import ConversationPane


translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")


def _icon_button(name: str, icon: str, tip: str) -> QToolButton:
    button = tool_button(name, "", tip)
    button.setIcon(QIcon(str(resources.files("heron") / "resources" / icon)))
    button.setIconSize(QSize(20, 20))
    button.hide()
    return button


class CallControls(QObject):
    def __init__(self, pane: ConversationPane) -> None:
        super().__init__(pane)
        self.pane = pane
        self.app = pane.app
        self.current: tuple[str, str] | None = None
        self.sid = ""  # the call this window is placing, while it rings
        self.reason = ""  # why the buttons are off ("" when they are on): what a test reads
        self._generation = 0  # a later check wins over an earlier one still running
        self.log: CallIndex | None = None  # the open chat's call-log rows
        self.audio_button = _icon_button("audioCallButton", "call-audio.svg",
                                         translate("CallControls", "Voice call"))
        self.video_button = _icon_button("videoCallButton", "call-video.svg",
                                         translate("CallControls", "Video call"))
        self.audio_button.clicked.connect(lambda: self.call(video=False))
        self.video_button.clicked.connect(lambda: self.call(video=True))
        self.banner = QFrame()
        self.banner.setObjectName("outgoingCallBanner")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(20, 8, 16, 8)
        self.banner_label = plain_label("", "outgoingCallText")
        self.banner_label.setWordWrap(False)
        row.addWidget(self.banner_label, 1)
        self.cancel_button = QPushButton(translate("CallControls", "Cancel"))
        self.cancel_button.setObjectName("cancelCallButton")
        self.cancel_button.setAccessibleName(translate("CallControls", "Cancel the call"))
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.cancel_button)
        self.banner.hide()
        bus = self.app.bus
        detach = (bus.subscribe(PresenceChanged, self._on_presence, Phase.UI),
                  bus.subscribe(CallStateChanged, self._on_state, Phase.UI),
                  bus.subscribe(CallEnded, self._on_ended, Phase.UI))
        # Deleted with its window while the sessions still end after: stop listening then.
        self.destroyed.connect(lambda _o=None: [unsubscribe() for unsubscribe in detach])

    def open(self, account: str, peer: str) -> None:
        self.current = (account, peer)
        if self.log is not None:
            self.log.close()
        model = self.pane.message_model
        self.log = call_log_row.attach(self.app, model, account, peer, self) if model else None
        session = self.app.sessions.get(account)
        one_to_one = session is None or not session.muc.is_room(peer)
        self.audio_button.setVisible(one_to_one)
        self.video_button.setVisible(one_to_one)
        if one_to_one:
            self.refresh()

    def _name(self, peer: str) -> str:
        row = self.pane.roster_model.row_for(peer)
        return row.display if row is not None else peer

    def refresh(self) -> None:
        if self.current is None:
            return
        self._generation += 1
        account, peer = self.current
        session = self.app.sessions.get(account)
        if session is None or not session.set_up:
            self._enable(translate("CallControls", "Calls need your account to be online"))
            return
        self._enable(translate("CallControls", "Finding out whether {name} can take calls…").format(
            name=self._name(peer)))
        spawn(self._check(self._generation, account, peer), "can the contact take calls")

    async def _check(self, generation: int, account: str, peer: str) -> None:
        session = self.app.sessions.get(account)
        answer = await session.jmi.reachable(peer) if session is not None else "offline"
        if generation != self._generation:
            return  # another chat, or a newer presence: its own check decides
        name = self._name(peer)
        self._enable({
            "ok": "",
            "offline": translate("CallControls",
                                 "{name} is offline: a call needs one of their devices online"),
            "unsupported": translate("CallControls", "{name}'s apps do not take calls"),
        }.get(answer, "").format(name=name))

    def _enable(self, reason: str) -> None:
        self.reason = reason
        for button, tip in ((self.audio_button, translate("CallControls", "Voice call")),
                            (self.video_button, translate("CallControls", "Video call"))):
            button.setEnabled(not reason and not self.sid)
            button.setToolTip(reason or tip)

    def _on_presence(self, event: PresenceChanged) -> None:
        if self.current == (event.account, event.jid):
            self.refresh()

    # --- placing a call ----------------------------------------------------------------------

    def call(self, video: bool) -> None:
        if self.current is None or self.sid:
            return
        account, peer = self.current
        session = self.app.sessions.get(account)
        if session is None:
            return
        self.sid = session.jmi.call(peer, video=video)
        self._say(translate("CallControls", "Calling {name}…").format(name=self._name(peer)))
        self._enable(self.reason)

    def cancel(self) -> None:
        session = self.app.sessions.get(self.current[0]) if self.current else None
        if session is not None and self.sid:
            session.jmi.cancel(self.sid)

    def _say(self, text: str) -> None:
        scheme = theme.SCHEME
        self.banner.setStyleSheet(
            f"#outgoingCallBanner {{ background: {scheme.accent_soft};"
            f" border-bottom: 1px solid {scheme.border}; }}"
            f" #outgoingCallText {{ color: {scheme.text}; font-weight: 600; }}")
        self.banner_label.setText(text)
        self.banner.show()

    def _on_state(self, event: CallStateChanged) -> None:
        if event.sid != self.sid or self.current is None:
            return
        name = self._name(self.current[1])
        if event.state == "ringing":
            self._say(translate("CallControls", "Ringing {name}…").format(name=name))
        elif event.state == "proceeding":
            self._say(translate("CallControls", "{name} answered, connecting…").format(name=name))
        elif event.state == "connected":  # the call window has it from here
            self.banner.hide()

    def _on_ended(self, event: CallEnded) -> None:
        if event.sid == self.sid:
            self.sid = ""
            self.banner.hide()
            self._enable(self.reason)

