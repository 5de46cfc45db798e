# XEP-0353 / issue 10: the call log
"""Every call that rang, here or on another of the user's devices, becomes one call-log row in
the chat ("Missed call from Bob · 14:02", "Outgoing video call · 3 min", "Declined"). Written
when the call ends (CallEnded), from what the ringing and Jingle services said meanwhile;
stored with its timeline row (storage/repos/calls.py), then announced like a message."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from heron.core.bus import Phase
from heron.core.call_log import CallLogged, CallRecord
from heron.core.events import CallEnded, CallIncoming, CallStateChanged, MessagesAdded
from heron.core.tasks import spawn
from heron.storage.repos.calls import CallRepo

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

#: a missed call found later (the archive, history paged in) is news only this long after it;
#: older ones join the log quietly, as history does
NEWS_SECONDS = 12 * 3600.0


class CallLogService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.repo = CallRepo(session.repos.messages.db)
        # sid -> (outgoing, video, first seen, connected since or 0)
        self._calls: dict[str, tuple[bool, bool, float, float]] = {}
        bus = session.bus
        bus.subscribe(CallIncoming, self._on_incoming, Phase.CORE)
        bus.subscribe(CallStateChanged, self._on_state, Phase.CORE)
        bus.subscribe(CallEnded, self._on_ended, Phase.CORE)

    def _on_incoming(self, event: CallIncoming) -> None:
        if event.account == self.session.jid:
            self._calls.setdefault(event.sid, (False, event.video, time.time(), 0.0))

    def _on_state(self, event: CallStateChanged) -> None:
        if event.account != self.session.jid:
            return
        outgoing, video, since, connected = self._calls.get(
            event.sid, (event.outgoing, event.video, time.time(), 0.0))
        if event.state == "connected" and not connected:
            connected = time.time()
        self._calls[event.sid] = (outgoing, video and event.video, since, connected)

    def _on_ended(self, event: CallEnded) -> None:
        if event.account != self.session.jid:
            return
        now = time.time()
        outgoing, video, since, connected = self._calls.pop(
            event.sid, (False, False, now, 0.0))
        since = self.session.jmi.stamps.pop(event.sid, since)
        record = CallRecord(
            self.session.jid, event.sid, event.peer.split("/", 1)[0], outgoing, video,
            _outcome(event, outgoing, bool(connected)), since,
            now - connected if connected else 0.0)
        spawn(self._keep(record, live=event.missed and now - since < NEWS_SECONDS), "call log")

    async def _keep(self, record: CallRecord, live: bool) -> None:
        kept = await self.repo.log(record)
        if kept is None:
            return
        row, message = kept
        self.session.bus.publish(CallLogged(row))
        self.session.bus.publish(MessagesAdded(row.account, row.peer, (message,), live))


def _outcome(event: CallEnded, outgoing: bool, connected: bool) -> str:  # noqa: PLR0911  a return per outcome
    if connected:
        return "answered"
    if event.missed:
        return "missed"
    if event.elsewhere:
        return "elsewhere"
    if event.reason == "decline":
        return "rejected" if outgoing else "declined"
    if outgoing and event.reason == "cancel":
        return "cancelled"
    if event.reason == "success" and not outgoing:
        return "answered"
    return "unanswered"
