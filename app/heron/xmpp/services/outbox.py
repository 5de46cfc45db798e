# XEP-0198 acks + a persistent outbox: messages are not lost when a stream cannot be resumed
"""Every outgoing message waits in the outbox until our server acknowledges it.

slixmpp forgets its unacked queue when resumption fails; the outbox does not. After a fresh
session every pending message is sent again with the same id and origin-id, so the receiver
(Heron or any client deduplicating by origin-id) shows it once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from heron.core.events import DeliveryState, MessageUpdated
from heron.core.tasks import spawn

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)
ACK_AFTER_SECONDS = 0.05


class OutboxService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        session.client.add_event_handler("stanza_acked", self._on_acked)

    def transmit(self, peer: str, body: str, origin_id: str) -> None:
        msg = self.session.client.make_message(mto=peer, mbody=body, mtype="chat")
        msg["id"] = origin_id
        msg["origin_id"]["id"] = origin_id
        msg["request_receipt"] = True
        msg["chat_state"] = "active"
        msg.send()
        # slixmpp's XEP-0198 filter sends <r/> *before* the stanza it counts, so the last
        # message would stay unacknowledged until something else is sent; ask once more after.
        sm = self.session.client.plugin["xep_0198"]
        asyncio.get_running_loop().call_later(ACK_AFTER_SECONDS, self._request_ack, sm)

    def _request_ack(self, sm: Any) -> None:
        if sm.enabled_out and self.session.client.transport is not None:
            sm.request_ack()

    async def flush(self, resumed: bool) -> None:
        """Send what the server has not acknowledged. After a resume slixmpp re-sends its own
        unacked stanzas, so only messages never written to this stream go out."""
        in_flight: set[str] = set()
        if resumed:
            for _seq, stanza in self.session.client.plugin["xep_0198"].unacked_queue:
                in_flight.add(str(stanza["id"]))
        for item in await self.session.repos.outbox.pending(self.session.jid):
            if item.origin_id in in_flight:
                continue
            await self.session.repos.outbox.bump_attempts(self.session.jid, item.origin_id)
            self.transmit(item.peer, item.body, item.origin_id)

    def _on_acked(self, stanza: Any) -> None:
        if stanza.name != "message" or stanza["type"] != "chat":
            return
        origin_id = str(stanza["id"])
        peer = stanza["to"].bare
        if not origin_id:
            return

        async def mark() -> None:
            await self.session.repos.outbox.acknowledge(self.session.jid, origin_id)
            updated = await self.session.repos.messages.set_state_by_origin_id(
                self.session.jid, peer, origin_id, DeliveryState.SENT
            )
            if updated is not None:
                self.session.bus.publish(MessageUpdated(self.session.jid, peer, updated))

        spawn(mark())
