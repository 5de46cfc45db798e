# XEP-0384 §5: sending OMEMO messages (OMEMO 2 through XEP-0420 where a device speaks it)
"""Outgoing 1:1 messages: encrypted whenever the chat is, never sent in plaintext instead.

The outbox hands every message it is about to send here (``transmit``). A chat is encrypted
when the user turned encryption on for it, or, by default, when the contact publishes OMEMO
devices; then the message is encrypted to each of the contact's devices and to the user's own
other devices, each in the version it publishes (OMEMO 2 preferred), and sent with only a
short notice as its plaintext body. When encrypting fails (no device, every device untrusted,
bundles missing ...) the message is not sent: it is marked failed with a sentence that says
why and what to do (ErrorKind.OMEMO_*, shown on the bubble like a bounce) and leaves the
outbox, so no later flush sends it in plaintext either. Only a chat the user turned encryption
off for, or one whose contact has no OMEMO device at all, is sent in plaintext.

Messages to one contact go out one at a time, in the order they were written; a message
held by one chat (OMEMO still starting) does not hold up another chat's.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from slixmpp.stanza import Message

from heron.core.errors import ErrorKind
from heron.core.events import MessageUpdated
from heron.core.tasks import spawn
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.storage.repos.omemo import Encryption
from heron.xmpp.services import omemo_own_edits as own_edits

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)

#: The plaintext body of an encrypted message, for clients that cannot decrypt it
NOTICE = "This message is encrypted with OMEMO; your client cannot read it."
EME_NS = "urn:xmpp:eme:0"  # XEP-0380: says which encryption a message uses
#: Plaintext elements that would tell the server what the encrypted text says
LEAKY = ("{jabber:x:oob}x", "{urn:xmpp:reference:0}reference")
OWN_TRUST = "OWN"  # the trust recorded for what this device sent
#: how long a message waits at most to learn whether its chat is encrypted (the contact's
#: device lists, omemo_device_lists.py, answer in a round trip); past it only a chat never
#: encrypted before is sent in plaintext
DECIDE_SECONDS = 15.0


class EncryptionRefusedError(Exception):
    """The message cannot be encrypted; ``kind`` says why, for the user."""

    def __init__(self, kind: ErrorKind, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


class OmemoSender:
    def __init__(self, service: OmemoService) -> None:
        self.service = service
        self.session = service.session
        self._queues: dict[str, asyncio.Queue[tuple[Message, str, str]]] = {}  # per contact
        self._workers: dict[str, asyncio.Future[Any]] = {}

    def transmit(self, msg: Message, peer: str, origin_id: str) -> bool:
        """Take ``msg`` (ready to send, in plaintext) unless this chat is known to be
        unencrypted; True when taken (then it is encrypted and sent, or refused, here)."""
        if self.service.choice_known(peer) is False:
            return False
        queue = self._queues.setdefault(peer, asyncio.Queue())
        queue.put_nowait((msg, peer, origin_id))
        worker = self._workers.get(peer)
        if worker is None or worker.done():
            self._workers[peer] = spawn(self._work(queue), "OMEMO sending")
        return True

    async def drain(self) -> None:
        for queue in list(self._queues.values()):
            await queue.join()

    async def _work(self, queue: asyncio.Queue[tuple[Message, str, str]]) -> None:
        while not queue.empty():
            msg, peer, origin_id = queue.get_nowait()
            try:
                await self._send(msg, peer, origin_id)
            except Exception:
                log.exception("an outgoing message could not be handled")
            finally:
                queue.task_done()

    async def _send(self, msg: Message, peer: str, origin_id: str) -> None:
        try:
            encrypt = await asyncio.wait_for(self.service.chat_encrypted(peer), DECIDE_SECONDS)
        except Exception as exc:  # noqa: BLE001  OMEMO not available: only a default chat goes plain
            if await self.service.repo.chat_choice(peer):
                await self._refuse(peer, origin_id, EncryptionRefusedError(
                    ErrorKind.OMEMO_ENCRYPT_FAILED, f"OMEMO is not available: {exc!r}"))
                return
            encrypt = False
        if not encrypt:
            self._send_plain(msg, peer, origin_id)
            return
        try:
            namespace = await self._encrypt(msg, peer)
        except EncryptionRefusedError as refused:
            await self._refuse(peer, origin_id, refused)
            return
        await self._note(peer, origin_id, namespace)  # before its ticks change: they show it
        if not self.session.connection.connected:
            self.session.outbox.unwritten(origin_id)
            return  # stays in the outbox: encrypted again at the next flush
        msg.send()
        self.session.outbox.await_ack(peer, origin_id)

    def _send_plain(self, msg: Message, peer: str, origin_id: str) -> None:
        if self.session.connection.connected:
            msg.send()
            self.session.outbox.await_ack(peer, origin_id)
        else:
            self.session.outbox.unwritten(origin_id)

    async def _encrypt(self, msg: Message, peer: str) -> str:
        """Replace the body of ``msg`` by its OMEMO payloads; returns the namespace used for
        the contact's devices (OMEMO 2 when any of them speaks it)."""
        from omemo.session_manager import (  # noqa: PLC0415  the OMEMO stack loads after login
            NoEligibleDevices,
            StillUndecided,
            TrustDecisionFailed,
        )

        text = str(msg["body"])
        own = self.session.jid
        manager = await self.service.manager()
        # A chat decided by its stored choice did not wait for the contact's device lists:
        # they come now (bounded), and the session manager learns what it missed.
        await self.service.device_lists.has_devices(peer)
        await self.service.device_lists.feed(manager, peer)
        # OMEMO 2: an edit travels inside the envelope (XEP-0420); Kaidan reads it only there
        plaintexts = {
            TWOMEMO: own_edits.envelope(msg.xml, text, own, peer),
            OLDMEMO: text.encode("utf-8"),
        }
        spoken = own_edits.namespaces_for(  # a reaction: OMEMO 2 only (omemo_own_edits.py)
            msg.xml, [ns for ns in (TWOMEMO, OLDMEMO) if ns in self.service.plugin.namespaces])
        from heron.crypto.omemo.manual_trust import leaving_out  # noqa: PLC0415

        left_out: set[tuple[str, bytes]] = set()
        try:
            with leaving_out() as left_out:  # devices awaiting the user's decision
                # not amid a decrypt-and-store: the session it steps would go to disk with
                # the other's ratchet step before its message is stored (omemo_receive.py)
                async with self.service.receiver.stepping:
                    messages, errors = await manager.encrypt(
                        frozenset({peer}), {ns: plaintexts[ns] for ns in spoken},
                        backend_priority_order=spoken)
        except NoEligibleDevices as exc:
            raise EncryptionRefusedError(own_edits.refusal_kind(
                msg.xml, ErrorKind.OMEMO_NO_DEVICES), repr(exc)) from exc
        except (StillUndecided, TrustDecisionFailed) as exc:
            raise EncryptionRefusedError(ErrorKind.OMEMO_NO_DEVICES, repr(exc)) from exc
        except Exception as exc:
            raise EncryptionRefusedError(ErrorKind.OMEMO_ENCRYPT_FAILED, repr(exc)) from exc
        finally:
            if left_out:
                await self.service.trust.left_out(left_out)
        for error in errors:
            log.info("OMEMO: device %s of %s left out: %r", error.device_id, error.bare_jid,
                     error.exception)
        if not messages:
            raise EncryptionRefusedError(ErrorKind.OMEMO_NO_DEVICES, "nothing was encrypted")
        # The version the contact's devices got (our own other devices may differ)
        used = {m.namespace for m in messages
                if any(key.bare_jid == peer for key, _exchange in m.keys)}
        if not used and own_edits.refusal_kind(msg.xml, ErrorKind.OMEMO_NO_DEVICES) \
                is ErrorKind.OMEMO_REACTION_LEGACY:  # only our own OMEMO 2 devices got it
            raise EncryptionRefusedError(ErrorKind.OMEMO_REACTION_LEGACY, "no OMEMO 2 device")
        self._replace_content(msg, messages)
        own_edits.hide_edits(msg.xml, messages)  # no legacy device needs it beside the payload
        return TWOMEMO if TWOMEMO in used else OLDMEMO

    @staticmethod
    def _replace_content(msg: Message, messages: Any) -> None:
        import oldmemo.etree  # noqa: PLC0415  the OMEMO stack loads after login
        import twomemo.etree  # noqa: PLC0415

        msg["body"] = NOTICE
        for tag in LEAKY:
            for element in msg.xml.findall(tag):
                msg.xml.remove(element)
        for message in messages:
            msg.xml.append(twomemo.etree.serialize_message(message)
                           if message.namespace == TWOMEMO
                           else oldmemo.etree.serialize_message(message))
        msg.enable("store")
        eme = msg.xml.makeelement(f"{{{EME_NS}}}encryption",
                                  {"namespace": next(m.namespace for m in messages),
                                   "name": "OMEMO"})
        msg.xml.append(eme)

    async def _refuse(self, peer: str, origin_id: str, refused: EncryptionRefusedError) -> None:
        """Not sent: the bubble says why (like a bounce) and the outbox lets it go."""
        log.warning("not sending %s to %s unencrypted: %s", origin_id, peer, refused)
        account = self.session.jid
        repo = self.session.repos.messages
        updated = await repo.set_bounced(account, peer, origin_id, refused.kind.value, "")
        await self.session.repos.outbox.acknowledge(account, origin_id)
        if updated is not None:
            self.session.bus.publish(MessageUpdated(account, peer, updated))
        await self.service.own_edits.refused(peer, origin_id, refused.kind)  # an edit of ours

    async def _note(self, peer: str, origin_id: str, namespace: str) -> None:
        stored = await self.session.repos.messages.find_by_id(self.session.jid, peer, origin_id)
        if stored is None:
            return
        own = await self.service.own_device()
        await self.service.repo.note(stored.pk, Encryption(namespace, own.device_id, OWN_TRUST))
