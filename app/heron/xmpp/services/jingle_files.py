# XEP-0234 over XEP-0261: files sent straight to a contact's device (Jingle + In-Band Bytestreams)
"""Sender: :meth:`send` offers the file (name, size, media-type, date, sha-256); once the peer
accepts, the bytes go over an IBB stream (XEP-0047), read from disk a block at a time. Receiver:
an offer from a contact in the roster becomes ``DirectFileOffered``; :meth:`accept` writes the
bytes into a ``.part`` file in the chosen folder, hashing as they come; at the end a matching
sha-256 moves it under its sanitised name (core/filenames.py), anything else deletes it.
Either side may :meth:`cancel`. This service sits in front of the call service on the Jingle
plugin's ``on_jingle``: what is not a file transfer goes on to it unchanged.

Each transfer is also a file card in the chat (jingle_file_cards.py). Where both devices
take one, the bytes go over a data channel instead (XEP-0343, jingle_channel.py)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET

from heron.core import filenames
from heron.core.errors import ErrorKind, describe_direct_file
from heron.core.events import DirectFileEnded, DirectFileOffered
from heron.core.file_events import FileState
from heron.core.tasks import spawn
from heron.xmpp import policy
from heron.xmpp.plugins import xep_0343
from heron.xmpp.plugins.xep_0166 import ACK, JingleReply
from heron.xmpp.plugins.xep_0166 import NS as JINGLE
from heron.xmpp.plugins.xep_0234 import NS, checksum, description, offer_of
from heron.xmpp.plugins.xep_0234 import parse as parse_offer
from heron.xmpp.plugins.xep_0261 import IbbTransport, transport
from heron.xmpp.plugins.xep_0261 import parse as parse_transport
from heron.xmpp.services.jingle_channel import DataChannelFiles
from heron.xmpp.services.jingle_file_cards import DirectFileCards
from heron.xmpp.services.jingle_reasons import reason_of, reason_words
from heron.xmpp.services.jingle_transfer import Transfer

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

IQ_TIMEOUT = 30.0
# IBB blocks sent before the first is acknowledged. XEP-0047 §2.2: "The sender of a data chunk
# need not wait for these acknowledgements before sending further stanzas" (waiting is only
# RECOMMENDED, against servers' rate limits). The receiver MUST process blocks in order and
# close the stream on a gap: slixmpp's stream does both, so a few in flight are safe.
WINDOW = 8
STALL_SECONDS = 30.0  # an accepted transfer with no data for this long is given up
DATACHANNEL = True  # offer and take XEP-0343 data channels (off: in-band bytestreams only)

# How the peer's session-terminate reason reads on the card (the peer's own text is not used).
PEER_ENDINGS = {
    "decline": ErrorKind.DIRECT_FILE_DECLINED,
    "cancel": ErrorKind.DIRECT_FILE_CANCELLED,
    "media-error": ErrorKind.DIRECT_FILE_MISMATCH,
    "gone": ErrorKind.DIRECT_FILE_GONE,
}


def _file_content(jingle: ET.Element) -> ET.Element | None:
    for content in jingle.findall(f"{{{JINGLE}}}content"):
        if content.find(f"{{{NS}}}description") is not None:
            return content
    return None


class JingleFileService(DataChannelFiles):
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.client = session.client
        plugins = cast(Any, self.client.plugin)
        if "xep_0047" not in plugins:
            self.client.register_plugin("xep_0047")
        self._ibb = plugins["xep_0047"]
        self._ibb.auto_accept = False  # only streams of a transfer the user accepted
        self._jingle = plugins["xep_0166"]
        # The call service (jingle_rtp.py) took on_jingle first: what is not ours goes to it.
        self._next: Callable[[Any], JingleReply] | None = self._jingle.on_jingle
        self._jingle.on_jingle = self._on_jingle
        self._transfers: dict[str, Transfer] = {}
        plugins["xep_0030"].add_feature(NS)
        self.datachannel = DATACHANNEL
        if self.datachannel:
            plugins["xep_0030"].add_feature(xep_0343.NS)
        self._channel_devices: set[str] = set()  # devices that take a data channel
        self.client.add_event_handler("ibb_stream_data", self._on_data)
        self.client.add_event_handler("ibb_stream_end", self._on_stream_end)
        self.client.add_event_handler("presence_unavailable", self._on_unavailable)
        self.cards = DirectFileCards(session)  # the transfer's card in the chat
        self.translate: Callable[[str], str] = str  # the UI sets Qt's

    def sid_of(self, message_pk: int) -> str:
        """The live transfer whose card is the message ``message_pk`` ("" when none)."""
        return next((sid for sid, t in self._transfers.items()
                     if t.card is not None and t.card.message_pk == message_pk), "")

    # --- sending ----------------------------------------------------------------------------

    async def device_for(self, peer_bare: str) -> str:
        """The full JID of an online device of the contact ``peer_bare`` that takes files sent
        directly (XEP-0234 in its disco, answered from caps where known), or ""."""
        devices = self.session.roster.online_resources(peer_bare)  # a contact's only
        disco = cast(Any, self.client.plugin)["xep_0030"]
        for resource in devices:
            full = f"{peer_bare}/{resource}"
            try:
                info = await disco.get_info(jid=JID(full), cached=True, timeout=10)
            except (IqError, IqTimeout):
                continue
            query = info if getattr(info, "plugin_attrib", "") == "disco_info" \
                else info["disco_info"]
            features = set(query["features"])
            if NS in features:
                if xep_0343.NS in features:
                    self._channel_devices.add(full)
                return full
        return ""

    async def send(self, peer: str, path: Path) -> str:
        """Offer ``path`` to the device ``peer`` (a full JID); returns the session id."""
        offer = await asyncio.to_thread(offer_of, Path(path))
        sid = uuid.uuid4().hex
        own = str(self.client.boundjid)
        transfer = Transfer(sid, peer, own, True, offer, IbbTransport(uuid.uuid4().hex),
                            source=Path(path))
        self._transfers[sid] = transfer
        self.cards.record(transfer, FileState.DIRECT_WAITING)
        iq = self._jingle.make_jingle(peer, "session-initiate", sid, own)
        content = ET.SubElement(iq["jingle"].xml, f"{{{JINGLE}}}content",
                                {"creator": "initiator", "name": "file", "senders": "initiator"})
        content.append(description(offer))
        try:
            # A data channel where the device takes one (XEP-0343), else in-band bytestreams.
            if self.datachannel and peer in self._channel_devices:
                content.append(await self._offer_channel(transfer))
            else:
                content.append(transport(transfer.ibb))
            await iq.send(timeout=IQ_TIMEOUT)
        except (IqError, IqTimeout, ValueError):
            self._finish(transfer, "failed-application", ErrorKind.DIRECT_FILE_UNREACHABLE)
        return sid

    async def _push(self, transfer: Transfer) -> None:
        if transfer.source is None:
            return
        try:
            stream = await self._ibb.open_stream(JID(transfer.peer), sid=transfer.ibb.sid,
                                                 block_size=transfer.ibb.block_size)
            # A few blocks in flight at once: one round trip per 4 KB block is slow. They
            # still arrive in order (one stream, sequence numbers taken as they are sent).
            pending: set[asyncio.Task[int]] = set()
            with transfer.source.open("rb") as source:
                while not transfer.ended and (block := source.read(transfer.ibb.block_size)):
                    pending.add(asyncio.ensure_future(stream.send(block, timeout=IQ_TIMEOUT)))
                    if len(pending) >= WINDOW:
                        await self._acked(transfer, pending)
                while pending and not transfer.ended:
                    await self._acked(transfer, pending)
            for task in pending:
                task.cancel()
            if not transfer.ended:
                await stream.close(timeout=IQ_TIMEOUT)
        except (IqError, IqTimeout, OSError) as exc:
            if not transfer.ended:
                log.info("direct file %s: %s", transfer.sid, exc)
                await self._terminate(transfer, "failed-transport", ErrorKind.DIRECT_FILE_FAILED)

    async def _acked(self, transfer: Transfer, pending: set[asyncio.Task[int]]) -> None:
        done, _ = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            pending.discard(task)
            transfer.received += task.result()  # an IqError ends the transfer
        self.cards.progress(transfer)

    # --- receiving --------------------------------------------------------------------------

    def _on_offer(self, sid: str, sender: str, jingle: ET.Element,
                  content: ET.Element) -> JingleReply:
        offer, ibb = parse_offer(content), parse_transport(content)
        channel = xep_0343.parse(content) if self.datachannel else None
        if offer is None or (ibb is None and channel is None):
            return JingleReply("bad-request")
        bare = JID(sender).bare
        contact = self.session.roster.contact(bare)
        in_roster = contact is not None and contact.subscription in ("both", "to", "from")
        transfer = Transfer(sid, sender, jingle.get("initiator") or sender, False,
                            offer, ibb or IbbTransport(""), channel=channel)
        verdict = policy.direct_file_offer_ok(sender, in_roster)
        if not verdict:  # declined without asking the user: they never hear of it
            policy.log_rejected("jingle-file", verdict.reason, sender=sender)
            transfer.ended = True
            spawn(self._send_terminate(transfer, "decline"), "decline a file offer")
            return ACK
        transfer.expected = offer.sha256
        self._transfers[sid] = transfer
        self.cards.record(transfer, FileState.DIRECT_OFFERED)
        self.session.bus.publish(DirectFileOffered(
            self.session.jid, sid, sender, filenames.sanitise(offer.name), offer.size))
        return ACK

    async def accept(self, sid: str, folder: Path) -> None:
        transfer = self._transfers.get(sid)
        if transfer is None or transfer.outgoing or transfer.accepted or transfer.ended:
            return
        transfer.accepted = True
        transfer.folder = Path(folder)
        handle, name = tempfile.mkstemp(dir=folder, prefix=".heron-", suffix=".part")
        transfer.part = Path(name)
        transfer.sink = os.fdopen(handle, "wb")
        transfer.last_data = time.monotonic()
        self.cards.record(transfer, FileState.DIRECT_RECEIVING)
        spawn(self._watch(transfer), "give up a silent transfer")
        iq = self._jingle.make_jingle(transfer.peer, "session-accept", sid,
                                      transfer.initiator, str(self.client.boundjid))
        content = ET.SubElement(iq["jingle"].xml, f"{{{JINGLE}}}content",
                                {"creator": "initiator", "name": "file", "senders": "initiator"})
        content.append(description(transfer.offer))
        try:
            if transfer.channel is not None:  # our candidates leave only now, once accepted
                content.append(await self._answer_channel(transfer, transfer.channel))
            else:
                await self._ibb.api["preauthorize_sid"](self.client.boundjid,
                                                        transfer.ibb.sid, JID(transfer.peer))
                content.append(transport(transfer.ibb))
            await iq.send(timeout=IQ_TIMEOUT)
        except (IqError, IqTimeout, ValueError):
            self._finish(transfer, "failed-application", ErrorKind.DIRECT_FILE_UNREACHABLE)

    async def decline(self, sid: str) -> None:
        transfer = self._transfers.get(sid)
        if transfer is not None and not transfer.ended:
            await self._terminate(transfer, "decline", ErrorKind.DIRECT_FILE_DECLINED, by_me=True)

    async def cancel(self, sid: str) -> None:
        transfer = self._transfers.get(sid)
        if transfer is not None and not transfer.ended:
            await self._terminate(transfer, "cancel", ErrorKind.DIRECT_FILE_CANCELLED, by_me=True)

    def _stream_of(self, stream: Any) -> Transfer | None:
        for transfer in self._transfers.values():
            if (not transfer.outgoing and transfer.ibb.sid == stream.sid
                    and policy.jingle_action_ok(str(stream.peer_jid), transfer.peer)):
                return transfer
        return None

    def _on_data(self, stream: Any) -> None:
        transfer = self._stream_of(stream)
        if transfer is None or transfer.ended or transfer.sink is None:
            return
        while not stream.recv_queue.empty():
            if not self._take(transfer, stream.recv_queue.get_nowait()):
                return
        self.cards.progress(transfer)

    def _take(self, transfer: Transfer, block: bytes) -> bool:
        """A block of the file (either transport); False when the transfer is stopped."""
        transfer.last_data = time.monotonic()
        if transfer.ended or transfer.sink is None:
            return False
        if transfer.received + len(block) > transfer.offer.size:
            spawn(self._terminate(transfer, "failed-application",
                                  ErrorKind.DIRECT_FILE_TOO_LONG), "stop an over-long transfer")
            return False
        transfer.sink.write(block)
        transfer.digest.update(block)
        transfer.received += len(block)
        return True

    def _on_stream_end(self, stream: Any) -> None:
        transfer = self._stream_of(stream)
        if transfer is None or transfer.ended:
            return
        self._on_data(stream)  # blocks still queued
        if transfer.ended:
            return
        transfer.stream_done = True
        transfer.last_data = time.monotonic()  # the wait for a late checksum starts now
        self._check(transfer)

    def _check(self, transfer: Transfer) -> None:
        """All bytes are in: keep the file if it is the one offered. Without its checksum
        yet (sent after the data, XEP-0234 §8.1) it waits; _watch gives up after a while."""
        if transfer.received != transfer.offer.size:
            spawn(self._terminate(transfer, "failed-transport", ErrorKind.DIRECT_FILE_SHORT),
                  "end")
        elif not transfer.expected:
            log.info("direct file %s: all bytes in, waiting for its checksum", transfer.sid)
        elif transfer.digest.digest() != transfer.expected:
            spawn(self._terminate(transfer, "media-error", ErrorKind.DIRECT_FILE_MISMATCH),
                  "end")
        else:
            spawn(self._complete(transfer), "keep a received file")

    def _on_checksum(self, transfer: Transfer, digest: bytes) -> None:
        if transfer.outgoing or transfer.expected:
            return  # the offer's own hash stands: a later one may not replace it
        transfer.expected = digest
        if transfer.stream_done and not transfer.ended:
            self._check(transfer)

    async def _complete(self, transfer: Transfer) -> None:
        if transfer.sink is None or transfer.part is None or transfer.folder is None:
            return
        transfer.sink.close()
        try:
            final = filenames.place(transfer.part, transfer.folder,
                                    transfer.offer.name)
        except OSError as exc:
            log.warning("direct file %s not kept: %s", transfer.sid, exc)
            await self._terminate(transfer, "failed-application", ErrorKind.DIRECT_FILE_FAILED)
            return
        # Over before the peer hears it: its answer (closing the data channel) is no failure.
        self._finish(transfer, "success", None, path=str(final))
        await self._send_terminate(transfer, "success")

    # --- Jingle -----------------------------------------------------------------------------

    def _on_jingle(self, iq: Any) -> JingleReply:
        jingle = iq["jingle"]
        action, sid, sender = jingle["action"], jingle["sid"], str(iq["from"])
        transfer = self._transfers.get(sid)
        if transfer is None:
            content = _file_content(jingle.xml) if action == "session-initiate" else None
            if content is not None:
                return self._on_offer(sid, sender, jingle.xml, content)
            return self._next(iq) if self._next else JingleReply.unknown_session()
        verdict = policy.jingle_action_ok(sender, transfer.peer)
        if not verdict:
            policy.log_rejected("jingle-file", verdict.reason, sender=sender, action=action)
            return JingleReply.unknown_session()
        if action == "session-initiate":
            return JingleReply.out_of_order()
        if action == "session-accept" and transfer.outgoing and not transfer.accepted:
            transfer.accepted = True
            self.cards.record(transfer, FileState.DIRECT_SENDING)
            content = _file_content(jingle.xml)
            answer = xep_0343.parse(content) if content is not None else None
            if transfer.pipe is not None and answer is not None:
                spawn(self._push_channel(transfer, answer), "send a file over a data channel")
            elif transfer.pipe is not None:  # we offered a channel: the answer must be one
                spawn(self._terminate(transfer, "failed-transport",
                                      ErrorKind.DIRECT_FILE_FAILED), "end a confused transfer")
            else:
                spawn(self._push(transfer), "send a file directly")
        elif action == "session-info" and (digest := checksum(jingle.xml)) is not None:
            self._on_checksum(transfer, digest)
        elif action == "session-terminate":
            reason = reason_of(jingle.xml) or "general-error"
            if reason != "success":
                log.info("direct file %s ended by the peer: %s (%s)", sid, reason,
                         reason_words(jingle.xml))
            kind = None if reason == "success" else PEER_ENDINGS.get(
                reason, ErrorKind.DIRECT_FILE_FAILED)
            self._finish(transfer, reason, kind)
        return ACK

    def _on_unavailable(self, presence: Any) -> None:
        """The other device went offline: its transfers cannot go on (a receiver would
        otherwise wait for data that never comes)."""
        gone = str(presence["from"])
        for transfer in list(self._transfers.values()):
            if transfer.peer == gone and not transfer.ended:
                self._finish(transfer, "gone", ErrorKind.DIRECT_FILE_GONE)

    async def _watch(self, transfer: Transfer) -> None:
        """Receiver: an accepted transfer that stays silent for STALL_SECONDS is ended."""
        while not transfer.ended:
            silent = time.monotonic() - transfer.last_data
            if silent >= STALL_SECONDS:
                if transfer.stream_done:  # every byte came, the promised checksum did not
                    await self._terminate(transfer, "media-error",
                                          ErrorKind.DIRECT_FILE_UNCHECKED)
                else:
                    await self._terminate(transfer, "connectivity-error",
                                          ErrorKind.DIRECT_FILE_STALLED)
                return
            await asyncio.sleep(min(1.0, STALL_SECONDS - silent))

    async def _terminate(self, transfer: Transfer, reason: str, kind: ErrorKind,
                         by_me: bool = False) -> None:
        if transfer.ended:
            return
        self._finish(transfer, reason, kind, by_me=by_me)
        await self._send_terminate(transfer, reason)

    async def _send_terminate(self, transfer: Transfer, reason: str, text: str = "") -> None:
        iq = self._jingle.make_terminate(transfer.peer, transfer.sid, transfer.initiator,
                                         reason, text)
        with contextlib.suppress(IqError, IqTimeout):
            await iq.send(timeout=IQ_TIMEOUT)

    def _finish(self, transfer: Transfer, reason: str, kind: ErrorKind | None, *,
                by_me: bool = False, path: str = "") -> None:
        """Over: a partial or refused file is deleted, and the user is told once (the card
        says how it ended: ``kind``, None for success)."""
        if transfer.ended and transfer.sid not in self._transfers:
            return
        transfer.ended = True
        self._transfers.pop(transfer.sid, None)
        if transfer.pipe is not None:
            spawn(transfer.pipe.close(), "close a data channel")
        if transfer.sink is not None and not transfer.sink.closed:
            transfer.sink.close()
        if transfer.part is not None and not path:
            transfer.part.unlink(missing_ok=True)
        text = "" if kind is None else describe_direct_file(
            kind, self._name(transfer.peer), by_me=by_me, translate=self.translate)
        if kind is None:
            self.cards.record(transfer, FileState.DIRECT_DONE, local_path=path or None)
        else:
            self.cards.record(transfer, FileState.DIRECT_ENDED, error=text)
        self.session.bus.publish(DirectFileEnded(self.session.jid, transfer.sid,
                                                 transfer.peer, reason, text, path))

    def _name(self, peer: str) -> str:
        """The contact's name as the roster has it, else their address (plain text)."""
        bare = JID(peer).bare
        roster = self.client.client_roster
        name = roster[bare]["name"] if bare in roster else ""
        return str(name or bare)
