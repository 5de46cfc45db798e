# XEP-0424 (Message Retraction) through the outbox: a deletion is not lost offline
"""A retraction made while offline, or sent but never acknowledged, waits in its own queue
(storage/repos/retraction_outbox.py) and goes out at the next session, as the messages of the
outbox do; acknowledgements come through the outbox service (XEP-0198 acks, or the ping that
stands in for them). The tombstone shows "waiting to be sent" until then."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from heron.core.events import MessageUpdated, StoredMessage
from heron.storage.repos.retraction_outbox import QueuedRetraction, RetractionOutboxRepo

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

NS = "urn:xmpp:message-retract:1"
#: what a client without retraction shows (XEP-0424 §3 suggests a /me line)
FALLBACK_BODY = "/me retracted a previous message, but it's unsupported by your client."


class RetractionOutbox:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.repo = RetractionOutboxRepo(session.repos.messages.db)
        # The queued ids, so that the ack of every ordinary message costs no database query.
        self._queued: set[str] = set()
        # As in the message outbox (outbox.py): the ids written to the current stream (or to
        # the one it resumed). A start-up cut short by a drop finishes on the resumed stream
        # and flushes beside the resumed session's own flush; without these, both sent the
        # same retraction. Kept after the ack too: an acknowledged one has left the queue.
        self._written: set[str] = set()
        self._flushing = asyncio.Lock()
        session.client.add_event_handler("session_start", self._on_new_stream)
        session.client.add_event_handler("session_resumed", self._on_new_stream)

    def _on_new_stream(self, _event: Any) -> None:
        """A new or resumed stream: only what is written from now on is on it for sure."""
        self._written.clear()

    async def retract(self, message: StoredMessage, target: str,
                      send: bool = True) -> StoredMessage | None:
        """Tombstone now, retraction queued, sent at once when connected (and ``send``: a
        room's waits until we are back in the room, room_retractions.py)."""
        origin_id = str(uuid.uuid4())
        tombstone = await self.repo.retract_and_queue(self.session.jid, message.peer, target,
                                                      origin_id)
        if tombstone is None:
            return None
        self._queued.add(origin_id)
        self.session.bus.publish(MessageUpdated(self.session.jid, message.peer, tombstone))
        if send and self.session.connection.connected:
            self._transmit(message.peer, target, origin_id)
        return tombstone

    def _transmit(self, peer: str, target: str, origin_id: str) -> None:
        """XEP-0424 §3: ``<retract id='…'/>`` with a fallback body marked by XEP-0428 and a
        store hint (XEP-0334) so the archive keeps it for clients that catch up later."""
        stanza = self.session.client.make_message(mto=peer, mbody=FALLBACK_BODY, mtype="chat")
        stanza["id"] = origin_id
        stanza["origin_id"]["id"] = origin_id
        stanza["retract"]["id"] = target
        stanza["fallback"]["for"] = NS
        stanza.enable("store")
        self._written.add(origin_id)
        if self.session.omemo.own_edits.transmit(stanza, peer):  # encrypted chat: sent there
            return
        stanza.send()
        self.session.outbox.await_ack(peer, origin_id)

    async def flush(self, resumed: bool) -> None:
        """At each session: what the server has not acknowledged goes out (after a resume,
        slixmpp re-sends what it wrote to this stream itself)."""
        rooms = {row.room for row in await self.session.repos.rooms.all(self.session.jid)}

        async def send(queued: QueuedRetraction) -> bool:
            if queued.peer in rooms:  # rooms: when we are back in them
                return False
            self._transmit(queued.peer, queued.target_id, queued.origin_id)
            return True

        await self.send_unwritten(send, resumed)

    async def send_unwritten(self, send: Callable[[QueuedRetraction], Awaitable[bool]],
                             resumed: bool) -> None:
        """``send`` each queued retraction not yet on this stream (True: it wrote it). One
        flush at a time, each seeing what the last one wrote: two flushes at once (a resumed
        session's beside a start-up's, a room joined twice) send each retraction once."""
        async with self._flushing:
            in_flight: set[str] = set()
            if resumed:
                in_flight = {str(stanza["id"]) for _seq, stanza
                             in self.session.client.plugin["xep_0198"].unacked_queue}
            for queued in await self.repo.pending(self.session.jid):
                self._queued.add(queued.origin_id)
                if queued.origin_id in in_flight or queued.origin_id in self._written:
                    continue
                if await send(queued):
                    self._written.add(queued.origin_id)

    async def acknowledged(self, origin_id: str) -> None:
        """Called by the outbox service for every acknowledged message id."""
        if origin_id not in self._queued:
            return
        self._queued.discard(origin_id)
        tombstone = await self.repo.acknowledge(self.session.jid, origin_id)
        if tombstone is not None:
            self.session.bus.publish(MessageUpdated(self.session.jid, tombstone.peer,
                                                    tombstone))
