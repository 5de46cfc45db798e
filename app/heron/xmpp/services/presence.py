# RFC 6121 §3-4: Presence and subscriptions
"""Contacts' presence (best resource wins, storms coalesced) and our own presence."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from slixmpp.stanza import Presence

from heron.core.events import OwnPresenceChanged, PresenceChanged, SubscriptionRequested
from heron.xmpp.services.muc import is_room_presence

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

# Higher is "more available": the contact shows as its most available resource.
_RANK = {"chat": 5, "available": 4, "away": 3, "xa": 2, "dnd": 1, "offline": 0}
COALESCE_SECONDS = 0.05
GRACE_SECONDS = 30.0


class PresenceService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.show = "available"
        self.status = ""
        # bare JID -> resource -> (show, status)
        self._resources: dict[str, dict[str, tuple[str, str]]] = {}
        self._dirty: set[str] = set()
        self._flush_handle: asyncio.TimerHandle | None = None
        c = session.client
        # slixmpp names the event after <show/>: presence_away, presence_dnd ...
        for show in ("available", "chat", "away", "xa", "dnd"):
            c.add_event_handler(f"presence_{show}", self._on_available)
        c.add_event_handler("presence_unavailable", self._on_unavailable)
        c.add_event_handler("presence_subscribe", self._on_subscribe)
        c.add_event_handler("disconnected", self._on_disconnected)
        c.add_event_handler("session_start", self._on_new_session)
        c.add_event_handler("session_resumed", self._on_resumed)
        # After a drop, contacts keep their presence this long while Heron reconnects.
        self.grace_seconds = GRACE_SECONDS
        self._grace: asyncio.TimerHandle | None = None
        self._held: dict[str, dict[str, tuple[str, str]]] = {}  # hidden, kept for a resume

    def best(self, jid: str) -> tuple[str, str]:
        resources = self._resources.get(jid)
        if not resources:
            return ("offline", "")
        return max(resources.values(), key=lambda s: _RANK.get(s[0], 0))

    def announce(self) -> None:
        self._send_own()

    def set_own(self, show: str, status: str = "") -> None:
        self.show, self.status = show, status
        if self.session.connection.connected:
            self._send_own()
        self.session.bus.publish(OwnPresenceChanged(self.session.jid, show, status))

    def _send_own(self) -> None:
        pshow = None if self.show == "available" else self.show
        self.session.client.send_presence(pshow=pshow, pstatus=self.status or None)

    def _on_available(self, presence: Presence) -> None:
        sender = presence["from"]
        if sender.bare == self.session.jid or is_room_presence(presence):
            return  # our own other clients; room occupants are muc.py's
        show = presence["show"] or "available"
        if show not in _RANK:
            show = "available"
        status = str(presence["status"] or "")[:1024]
        self._resources.setdefault(sender.bare, {})[sender.resource] = (show, status)
        self._mark(sender.bare)

    def _on_unavailable(self, presence: Presence) -> None:
        if is_room_presence(presence):
            return
        sender = presence["from"]
        resources = self._resources.get(sender.bare)
        if resources is not None:
            resources.pop(sender.resource, None)
            self._mark(sender.bare)

    def _on_subscribe(self, presence: Presence) -> None:
        sender = presence["from"].bare
        if sender == self.session.jid:
            return
        self.session.bus.publish(SubscriptionRequested(self.session.jid, sender))

    def _on_disconnected(self, _reason: Any) -> None:
        """A drop that Heron reconnects from may end in a resumed stream (XEP-0198): the
        server kept our session and queues the presences that change meanwhile, so what we
        know stays true and is not sent again. Clearing it here left everyone grey after every
        resumed reconnect. So: forget at once only when the session is over; otherwise keep
        showing it for a short grace, then show everyone offline but hold it for a resume.
        A server without stream management cannot resume: the next session starts afresh and
        brings everyone's presence again, so nothing is held for a resume that cannot come."""
        known = self.session.server_features.current
        if not self.session.connection.wanted or (known is not None
                                                  and not known.stream_management):
            self._forget_all()
        elif self._grace is None:
            loop = asyncio.get_event_loop()
            self._grace = loop.call_later(self.grace_seconds, self._hide_while_away)

    def _hide_while_away(self) -> None:
        self._grace = None
        if self.session.connection.connected:
            return
        for bare, resources in self._resources.items():
            if resources:
                self._held.setdefault(bare, {}).update(resources)
                resources.clear()
                self._mark(bare)

    def _on_resumed(self, _event: Any) -> None:
        # Runs before the stanzas the server queued for us are handled: they apply on top.
        self._stop_grace()
        held, self._held = self._held, {}
        for bare, resources in held.items():
            known = self._resources.setdefault(bare, {})
            for resource, value in resources.items():
                known.setdefault(resource, value)
            self._mark(bare)

    def _on_new_session(self, _event: Any) -> None:
        # Not resumed: the server sends everyone's presence again after our initial presence.
        self._forget_all()

    def _forget_all(self) -> None:
        self._stop_grace()
        self._held = {}
        for bare in list(self._resources):
            if self._resources[bare]:
                self._resources[bare].clear()
                self._mark(bare)

    def _stop_grace(self) -> None:
        if self._grace is not None:
            self._grace.cancel()
            self._grace = None

    def _mark(self, bare: str) -> None:
        """Coalesce: a presence storm repaints the roster once per 50 ms, not per stanza."""
        self._dirty.add(bare)
        if self._flush_handle is None:
            loop = asyncio.get_event_loop()
            self._flush_handle = loop.call_later(COALESCE_SECONDS, self._flush)

    def _flush(self) -> None:
        self._flush_handle = None
        dirty, self._dirty = self._dirty, set()
        for bare in dirty:
            show, status = self.best(bare)
            self.session.bus.publish(PresenceChanged(self.session.jid, bare, show, status))
