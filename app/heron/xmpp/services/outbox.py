# XEP-0198 acks + a persistent outbox: messages are not lost when a stream cannot be resumed
"""Every outgoing message waits in the outbox until our server acknowledges it.

slixmpp forgets its unacked queue when resumption fails; the outbox does not. After a fresh
session every pending message is sent again with the same id and origin-id, so the receiver
(Heron or any client deduplicating by origin-id) shows it once. Before that, our own archive
(XEP-0313) is asked what it took in since the oldest pending message: a message the server got
just before a crash, whose ack we never read, is marked sent instead of sent twice (many
clients do not deduplicate). A re-sent message carries its original time (XEP-0203).

A server without stream management sends no acks. There a ping follows what was sent: the
server handles one stream's stanzas in order (RFC 6120 §10.1), so its answer (a result or an
error alike) means it took in every message before it; only an unanswered ping leaves them in
the outbox, for the next session.
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
from heron.xmpp.services import oob, sims
from heron.xmpp.services.mam import CLOCK_SLACK
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)
ACK_AFTER_SECONDS = 0.05
MAX_CHECK_PAGES = 20  # the archive since the oldest pending message, 5,000 messages at most
CONFIRM_TIMEOUT = 30.0  # seconds for the ping that confirms messages without acks


class OutboxService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self._acks: set[asyncio.Future[Any]] = set()  # acks being written to storage
        session.client.add_event_handler("stanza_acked", self._on_acked)
        self._unconfirmed: list[tuple[str, str]] = []  # (peer, origin-id) sent without acks
        self._confirming: asyncio.Future[Any] | None = None
        # Origin-ids written to the current stream (or to the one it resumed): slixmpp's own
        # queue re-sends those after a resume, so a flush must not send them again. A start-up
        # cut short by a drop finishes on the resumed stream and flushes beside the resumed
        # session's own flush; without this, both sent the same message.
        self._written: set[str] = set()
        self._flushing = asyncio.Lock()
        session.client.add_event_handler("session_start", self._on_new_stream)
        # After a resume, what was written before it is in slixmpp's unacked queue (re-sent
        # by slixmpp) or was lost with the old socket (the flush must send it again).
        session.client.add_event_handler("session_resumed", self._on_new_stream)

    def transmit(self, peer: str, body: str, origin_id: str,
                 written_at: float | None = None) -> None:
        """Send one message; ``written_at`` (a re-send) adds a delay stamp with that time."""
        msg = self.session.client.make_message(mto=peer, mbody=body, mtype="chat")
        msg["id"] = origin_id
        msg["origin_id"]["id"] = origin_id
        self.session.replies.decorate(msg, origin_id)  # XEP-0461, when it answers a message
        if written_at is not None:
            msg["delay"]["stamp"] = datetime.fromtimestamp(written_at, UTC)
        msg["request_receipt"] = True
        self.session.markers.request(msg)
        msg["chat_state"] = "active"
        if oob_url := self.session.files.oob_for(body):
            oob.add(msg.xml, oob_url)  # XEP-0066: other clients show a file
        if shared := self.session.files.sims_for(body):
            sims.add(msg.xml, shared)  # XEP-0385: with its name, size and type
        self._written.add(origin_id)  # also while it is being encrypted: one copy goes out
        if self.session.omemo.transmit(msg, peer, origin_id):  # encrypted (omemo_send.py)
            return
        msg.send()
        self.await_ack(peer, origin_id)

    def unwritten(self, origin_id: str) -> None:
        """A message taken by ``transmit`` that did not go out after all (its stream ended
        while it was being encrypted): the next flush sends it."""
        self._written.discard(origin_id)

    def _on_new_stream(self, _event: Any) -> None:
        """A new or resumed stream: only what is written from now on is on it for sure."""
        self._written.clear()

    def await_ack(self, peer: str, origin_id: str) -> None:
        """After sending the stanza with id ``origin_id``: make sure the server's ack (or the
        ping standing in for one) comes, then ``_acknowledged`` runs."""
        known = self.session.server_features.current
        if known is not None and not known.stream_management:
            self._confirm_later(peer, origin_id)
            return
        # slixmpp's XEP-0198 filter sends <r/> *before* the stanza it counts, so the last
        # message would stay unacknowledged until something else is sent; ask once more after.
        sm = self.session.client.plugin["xep_0198"]
        asyncio.get_running_loop().call_later(ACK_AFTER_SECONDS, self._request_ack, sm)

    def _confirm_later(self, peer: str, origin_id: str) -> None:
        self._unconfirmed.append((peer, origin_id))
        if self._confirming is None or self._confirming.done():
            self._confirming = spawn(self._confirm(), "outbox confirmation")

    async def _confirm(self) -> None:
        """One ping answers for every message sent before it (see the module's docstring)."""
        client = self.session.client
        while self._unconfirmed:
            batch, self._unconfirmed = self._unconfirmed, []
            ping = client.Iq(stype="get", sto=self.session.jid.split("@")[-1])
            ping.enable("ping")
            try:
                await send_iq(ping, timeout=CONFIRM_TIMEOUT)
            except IqError:
                pass  # an error is an answer too: it came after our messages
            except IqTimeout:
                log.info("outbox: no answer from the server; %d message(s) stay queued",
                         len(batch))
                return
            for peer, origin_id in batch:
                await self._acknowledged(peer, origin_id)

    def _request_ack(self, sm: Any) -> None:
        if sm.enabled_out and self.session.client.transport is not None:
            sm.request_ack()

    async def flush(self, resumed: bool) -> None:
        """Send what the server has not acknowledged. After a resume slixmpp re-sends its own
        unacked stanzas, so only messages never written to this stream go out."""
        try:
            async with self._flushing:  # one at a time: each sees what the last one sent
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
            if item.origin_id in in_flight or item.origin_id in self._written:
                continue
            if item.origin_id in archived:
                log.info("outbox: %s is in our archive already; not sent again", item.origin_id)
                await self._acknowledged(item.peer, item.origin_id)
                continue
            await self.session.repos.outbox.bump_attempts(self.session.jid, item.origin_id)
            await self.session.replies.restore(item.peer, item.origin_id)  # XEP-0461
            self.transmit(item.peer, item.body, item.origin_id, written_at=item.created)

    async def archived_origin_ids(self, since: float) -> set[str]:
        """Origin-ids of the messages we sent that our archive took in since ``since``
        (empty when the server has no archive or does not answer: then everything is re-sent
        and receivers deduplicate by origin-id)."""
        mam = self.session.mam
        found: set[str] = set()
        if not mam.available:
            return found
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
        confirming = self._confirming
        if confirming is not None and not confirming.done():
            # Its answer normally came before the server closed the stream; one that never
            # comes leaves the messages queued for the next session.
            done, _pending = await asyncio.wait({confirming}, timeout=1.0)
            if not done:
                confirming.cancel()
        if self._acks:
            await asyncio.gather(*list(self._acks), return_exceptions=True)

    async def _acknowledged(self, peer: str, origin_id: str) -> None:
        """Our server holds the message: it leaves the outbox and its tick becomes "sent"."""
        await self.session.repos.outbox.acknowledge(self.session.jid, origin_id)
        # Only once it has left the outbox: a retry after a bounce queues it again, and the
        # next flush must send it then.
        self._written.discard(origin_id)
        await self.session.retraction.queued.acknowledged(origin_id)  # XEP-0424's queue
        updated = await self.session.repos.messages.set_state_by_origin_id(
            self.session.jid, peer, origin_id, DeliveryState.SENT
        )
        if updated is not None:
            self.session.bus.publish(MessageUpdated(self.session.jid, peer, updated))
