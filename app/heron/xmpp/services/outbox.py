# XEP-0198 acks + a persistent outbox: messages are not lost when a stream cannot be resumed
"""Every outgoing message waits in the outbox until our server acknowledges it.

slixmpp forgets its unacked queue when resumption fails; the outbox does not. After a fresh
session every pending message is sent again with the same id and origin-id, so the receiver
(Heron or any client deduplicating by origin-id) shows it once. Before that, our own archive
(XEP-0313) is asked what it took in since the oldest pending message: a message the server got
just before a crash, whose ack we never read, is marked sent instead of sent twice (many
clients do not deduplicate). A re-sent message carries its original time (XEP-0203).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from slixmpp.exceptions import IqError, IqTimeout

from heron.core.events import DeliveryState, MessageUpdated
from heron.core.tasks import spawn
from heron.storage.errors import STORAGE_ERRORS, report_storage_failure
from heron.xmpp.services.mam import CLOCK_SLACK

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)
ACK_AFTER_SECONDS = 0.05
MAX_CHECK_PAGES = 20  # the archive since the oldest pending message, 5,000 messages at most


class OutboxService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self._acks: set[asyncio.Future[Any]] = set()  # acks being written to storage
        session.client.add_event_handler("stanza_acked", self._on_acked)

    def transmit(self, peer: str, body: str, origin_id: str,
                 written_at: float | None = None) -> None:
        """Send one message; ``written_at`` (a re-send) adds a delay stamp with that time."""
        msg = self.session.client.make_message(mto=peer, mbody=body, mtype="chat")
        msg["id"] = origin_id
        msg["origin_id"]["id"] = origin_id
        if written_at is not None:
            msg["delay"]["stamp"] = datetime.fromtimestamp(written_at, UTC)
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
        try:
            await self._flush(resumed)
        except STORAGE_ERRORS as exc:  # what was not sent stays queued for the next session
            report_storage_failure(self.session.bus, self.session.jid, exc)

    async def _flush(self, resumed: bool) -> None:
        pending = await self.session.repos.outbox.pending(self.session.jid)
        if not pending:
            return
        in_flight: set[str] = set()
        archived: set[str] = set()
        if resumed:
            for _seq, stanza in self.session.client.plugin["xep_0198"].unacked_queue:
                in_flight.add(str(stanza["id"]))
        else:
            archived = await self.archived_origin_ids(min(i.created for i in pending))
        for item in pending:
            if item.origin_id in in_flight:
                continue
            if item.origin_id in archived:
                log.info("outbox: %s is in our archive already; not sent again", item.origin_id)
                await self._acknowledged(item.peer, item.origin_id)
                continue
            await self.session.repos.outbox.bump_attempts(self.session.jid, item.origin_id)
            self.transmit(item.peer, item.body, item.origin_id, written_at=item.created)

    async def archived_origin_ids(self, since: float) -> set[str]:
        """Origin-ids of the messages we sent that our archive took in since ``since``
        (empty when the server has no archive or does not answer: then everything is re-sent
        and receivers deduplicate by origin-id)."""
        mam = self.session.mam
        found: set[str] = set()
        after = ""
        try:
            for _ in range(MAX_CHECK_PAGES):
                page = await mam.query(start=None if after else since - CLOCK_SLACK,
                                       after=after)
                found.update(o for o in page.origin_ids if o)
                if page.complete or not page.last_id:
                    break
                after = page.last_id
        except (IqError, IqTimeout) as exc:
            log.warning("outbox: could not check the archive before re-sending: %s", exc)
        return found

    def _on_acked(self, stanza: Any) -> None:
        if stanza.name != "message" or stanza["type"] != "chat":
            return
        origin_id = str(stanza["id"])
        peer = stanza["to"].bare
        if not origin_id:
            return
        task = spawn(self._acknowledged(peer, origin_id), "outbox ack")
        self._acks.add(task)
        task.add_done_callback(self._acks.discard)

    async def confirm(self, timeout: float = 1.0) -> None:
        """Before our </stream>: ask the server to acknowledge what it has not yet, and wait
        (``timeout`` at most) for its answer. Not every server acknowledges on its own when a
        stream closes (Prosody does; ejabberd 23.01 just closes), and a message the server
        took but never acknowledged would stay "pending" and be checked and re-sent later."""
        sm: Any = self.session.client.plugin["xep_0198"]
        if not (sm.enabled_out and sm.unacked_queue and self.session.client.transport):
            return
        sm.request_ack()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while sm.unacked_queue and sm.enabled_out:
                    await asyncio.sleep(0.01)

    async def settle(self) -> None:
        """Wait for the acks already received to be stored: the server's acks for our last
        messages often arrive while the stream closes, just before the database does."""
        if self._acks:
            await asyncio.gather(*list(self._acks), return_exceptions=True)

    async def _acknowledged(self, peer: str, origin_id: str) -> None:
        """Our server holds the message: it leaves the outbox and its tick becomes "sent"."""
        await self.session.repos.outbox.acknowledge(self.session.jid, origin_id)
        updated = await self.session.repos.messages.set_state_by_origin_id(
            self.session.jid, peer, origin_id, DeliveryState.SENT
        )
        if updated is not None:
            self.session.bus.publish(MessageUpdated(self.session.jid, peer, updated))
