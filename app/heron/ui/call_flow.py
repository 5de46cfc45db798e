"""Opens the call window when a call's media starts, for caller and callee alike, and tells it
when the other side ended the call. The window itself (ui/call_window.py, with Qt Multimedia)
loads with the first call, not at start-up."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from shiboken6 import isValid

from heron.core.bus import Phase
from heron.core.events import CallEnded, CallInfoReceived, CallStateChanged

if TYPE_CHECKING:
    from heron.ui.main_window import MainWindow

#: The Jingle states in which the call has media to show (calls/api.py, jingle_rtp.py).
MEDIA_STATES = ("connecting", "connected")


def told_by(jingle: Any, sid: str, media: Any) -> Callable[[str, bool], Awaitable[None]]:
    """What the call window's buttons tell the other side, through the Jingle service."""

    async def told(what: str, on: bool) -> None:
        if what in ("microphone", "camera"):  # XEP-0167 §7 mute / unmute of that content
            await jingle.mute(sid, on, "audio" if what == "microphone" else "video")
        elif what == "hold":
            await jingle.hold(sid, on)
        elif what == "screen" and on and not getattr(media, "sends_video", True):
            await jingle.add_video(sid)  # a screen shared in an audio call: content-add

    return told


class CallWindows(QObject):
    """One call window per running call, keyed by the call's session id."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.open: dict[str, Any] = {}  # sid -> CallWindow
        calls = self.open
        detach = (window.app.bus.subscribe(CallStateChanged, self._on_state, Phase.UI),
                  window.app.bus.subscribe(CallEnded, self._on_ended, Phase.UI),
                  window.app.bus.subscribe(CallInfoReceived, self._on_info, Phase.UI))

        def gone(_o: object = None) -> None:
            # Call windows are top-level windows of their own: quitting Heron hangs them up
            # (a plain close would stop to ask), and the bus stops calling this deleted object.
            for unsubscribe in detach:
                unsubscribe()
            for call in list(calls.values()):
                if isValid(call):
                    call.hang_up()

        self.destroyed.connect(gone)

    def _on_state(self, event: CallStateChanged) -> None:
        if event.state not in MEDIA_STATES or event.sid in self.open:
            return
        session = self.window.app.sessions.get(event.account)
        media = session.jingle.media(event.sid) if session is not None else None
        if media is None:
            return
        from heron.ui.call_window import CallWindow  # noqa: PLC0415  Qt Multimedia: first call

        bare = event.peer.split("/", 1)[0]
        row = self.window.roster_model.row_for(bare)
        jingle = session.jingle if session is not None else None

        async def hang_up() -> None:
            if jingle is not None:
                await jingle.hang_up(event.sid)

        call = CallWindow(media, bare, row.display if row is not None else bare,
                          row.avatar if row is not None else "", video=event.video,
                          on_hang_up=hang_up, own_jid=event.account,
                          own_name=event.account.split("@", 1)[0],
                          speaker=self.window.app.settings.call_speaker,
                          on_told=told_by(jingle, event.sid, media))
        call.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        call.destroyed.connect(lambda _o=None, sid=event.sid: self._closed(sid))
        self.open[event.sid] = call
        call.show()
        call.raise_()
        call.activateWindow()

    def _on_ended(self, event: CallEnded) -> None:
        call = self.open.get(event.sid)
        if call is not None and isValid(call):
            hung_up = event.by_peer and event.reason == "success"
            call.call_ended(self.tr("%1 hung up.").replace("%1", call.name_label.text())
                            if hung_up else event.text)

    def _on_info(self, event: CallInfoReceived) -> None:
        call = self.open.get(event.sid)
        if call is not None and isValid(call):
            call.peer_told(event.info, event.media)

    def _closed(self, sid: str) -> None:
        if isValid(self):
            self.open.pop(sid, None)
