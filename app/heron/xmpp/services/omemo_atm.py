# XEP-0450: Automatic Trust Management (trust messages, XEP-0434, over OMEMO 2)
"""What Heron believes of the trust messages other devices send (XEP-0450 §4.2, §4.3, §5);
what it sends after the user's own decisions is omemo_atm_send.py.

A trust message is acted on only from a device whose key the user verified, and only from
inside an OMEMO 2 envelope; one of the user's own devices may name anyone's keys, a contact's
device only that contact's own (policy.trust_message_ok). A key so verified is marked with
the device that vouched for it, which the keys view shows. A key Heron does not know yet is
decided when it shows up (§5.2: a device list changes, or the keys view reads the lists
again). Trust messages in plaintext, or from a device the user has not verified, are refused
and logged, not kept; none is ever shown as a message.
"""

from __future__ import annotations

import collections
import logging
from typing import TYPE_CHECKING, Any

from slixmpp.stanza import Message
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.core.events import Direction
from heron.core.tasks import spawn
from heron.crypto.omemo import TWOMEMO, trust_message
from heron.crypto.omemo.manual_trust import TrustState
from heron.crypto.omemo.trust_message import KeyOwner
from heron.storage.repos.omemo import Encryption
from heron.storage.repos.omemo_atm import AtmRecords, Postponed
from heron.xmpp import policy
from heron.xmpp.services.omemo_atm_send import TrustAnnouncer

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)

VERIFIED = TrustState.VERIFIED.value
DEVICE_LIST_EVENTS = ("twomemo_device_list_publish", "oldmemo_device_list_publish")


class OmemoAtm:
    def __init__(self, service: OmemoService) -> None:
        self.service = service
        self.session = service.session
        #: messages between own devices lately read: the same one may come directly and as a
        #: carbon, and a second decryption would break the session
        self._seen: collections.deque[tuple[str, str]] = collections.deque(maxlen=32)
        self._device_id: int | None = None  # this device's, once OMEMO runs
        self.records = AtmRecords(service.repo)  # storage/repos/omemo_atm.py
        self._waiting: set[str] = set()  # owners with postponed decisions (this session)
        self._met: list[str] | None = None  # archive ids of trust messages read, once loaded
        self.sender = TrustAnnouncer(service, self.records)  # omemo_atm_send.py
        client = service.session.client
        # slixmpp's "message" event needs a <body>; a trust message has none (nor has it
        # a fallback body: a legacy client of the same account would show it)
        client.register_handler(Callback(
            "Heron OMEMO 2 without a body",
            MatchXPath(f"{{jabber:client}}message/{{{TWOMEMO}}}encrypted"), self._on_bodiless))
        client.register_handler(Callback(
            "Heron plaintext trust message",
            MatchXPath(f"{{jabber:client}}message/{trust_message.TAG}"), self._on_plain))
        for event in DEVICE_LIST_EVENTS:
            client.add_event_handler(event, self._on_device_list)

    async def decided(self, owner: str, info: Any, before: str, state: TrustState) -> None:
        """The user verified or distrusted a device of ``owner`` (omemo_atm_send.py)."""
        await self.sender.decided(owner, info, before, state)

    # --- receiving ---------------------------------------------------------------------------

    def _on_bodiless(self, msg: Any) -> None:
        if msg["body"]:  # with a body, the chat service's "message" event takes it
            return
        if self._device_id is None:  # learnt once, then in arrival order
            spawn(self._learn_device(msg), "OMEMO device id")
            return
        # Only what carries a key for this device: the others' heartbeats are not ours
        keys = f"{{{TWOMEMO}}}encrypted/{{{TWOMEMO}}}header/{{{TWOMEMO}}}keys/{{{TWOMEMO}}}key"
        if any(key.get("rid") == str(self._device_id) for key in msg.xml.iterfind(keys)):
            self.service.takes(msg, Direction.INCOMING)

    async def _learn_device(self, msg: Any) -> None:
        self._device_id = (await self.service.own_device()).device_id
        self._on_bodiless(msg)

    @staticmethod
    def _on_plain(msg: Any) -> None:
        # A trust message in plaintext (or beside an encrypted payload) is never believed.
        policy.log_rejected("trust message", "not-encrypted", sender=str(msg["from"]))

    async def to_self(self, msg: Message, archived: tuple[str, float] | None = None) -> None:
        """A message between the user's own devices (to the account's bare JID): read only
        for a trust message; this device's own, reflected back, is not read."""
        seen = (str(msg["from"]), str(msg["id"]))
        if msg["from"] == self.session.client.boundjid or seen in self._seen:
            return
        stanza_id = archived[0] if archived else self._own_stanza_id(msg)
        if await self.met(stanza_id):
            return
        self._seen.append(seen)
        if not msg["to"]:  # the server leaves it out on a message to one's own account
            msg["to"] = self.session.jid
        receiver = self.service.receiver
        async with receiver.holding():  # one step at a time, never amid an encryption
            result = await receiver._decrypt(msg)  # the receiver's one decryption
            opened, receiver.opened = receiver.opened, None
            if result is not None and opened:
                await self.applied(msg, result[1], opened, stanza_id)

    def _own_stanza_id(self, msg: Message) -> str:
        """The id our archive gave a live message (XEP-0359, by our bare JID)."""
        for element in msg.xml.findall("{urn:xmpp:sid:0}stanza-id"):
            if element.get("by") == self.session.jid:
                return str(element.get("id", ""))
        return ""

    async def met(self, stanza_id: str | None) -> bool:
        """Whether the trust message with this archive id was read already (catch-up brings
        the messages of the last session again; a second decryption would fail)."""
        if not stanza_id:
            return False
        if self._met is None:
            self._met = await self.records.met()
        return stanza_id in self._met

    async def _note_met(self, stanza_id: str | None) -> None:
        if stanza_id and not await self.met(stanza_id) and self._met is not None:
            self._met.append(stanza_id)
            await self.records.set_met(self._met)

    async def applied(self, msg: Message, how: Encryption, opened: Any,
                      stanza_id: str | None = None) -> bool:
        """Whether ``opened`` (a decrypted envelope's content) is a trust message; if so, what
        it may decide is applied here and it is not shown."""
        owners = trust_message.find(opened)
        if owners is None:
            return False
        await self._note_met(stanza_id)
        if msg["from"] == self.session.client.boundjid:
            return True  # this device's own, copied back
        sender, own = msg["from"].bare, self.session.jid
        verified = how.namespace == TWOMEMO and how.trust == VERIFIED
        fields = {"sender": str(msg["from"]), "device": str(how.device_id)}
        if not verified:  # one line for the whole message
            policy.log_rejected("trust message", "sender-not-verified", **fields)
            return True
        for owner in owners:
            verdict = policy.trust_message_ok(sender, own, owner.jid, verified)
            if not verdict:
                policy.log_rejected("trust message", verdict.reason, owner=owner.jid, **fields)
                continue
            await self._apply(owner, sender, how.device_id)
        return True

    async def _apply(self, owner: KeyOwner, sender: str, sender_device: int) -> None:
        """Decide on the keys ``owner`` names; those not known yet wait (XEP-0450 §5.2)."""
        found = await self._decide(owner, sender, sender_device)
        waiting = [Postponed(key, trust, sender, sender_device)
                   for keys, trust in ((owner.trust, True), (owner.distrust, False))
                   for key in keys if key not in found]
        if waiting:
            later = [e for e in await self.records.postponed(owner.jid)
                     if e.key not in {w.key for w in waiting}]
            await self.records.set_postponed(owner.jid, later + waiting)
            self._waiting.add(owner.jid)
            log.info("OMEMO: %d key(s) of %s not known yet; decided when they show up",
                     len(waiting), owner.jid)

    async def postponed(self, owner: str) -> None:
        """Apply decisions kept for keys of ``owner`` that Heron knows by now."""
        entries = await self.records.postponed(owner)
        if not entries:
            self._waiting.discard(owner)
            return
        found: set[bytes] = set()
        for entry in entries:
            found |= await self._decide(
                KeyOwner(owner, trust=(entry.key,) if entry.trust else (),
                         distrust=() if entry.trust else (entry.key,)),
                entry.by, entry.by_device)
        await self.records.set_postponed(owner, [e for e in entries if e.key not in found])

    def _on_device_list(self, msg: Any) -> None:
        owner = msg["from"].bare
        if owner in self._waiting:  # a device list changed: maybe a key named earlier
            spawn(self._refreshed(owner), "OMEMO postponed trust decisions")

    async def _refreshed(self, owner: str) -> None:
        from slixmpp import JID  # noqa: PLC0415

        await self.service.plugin.refresh_device_lists({JID(owner)}, force_download=True)
        await self.postponed(owner)

    async def _decide(self, owner: KeyOwner, sender: str, sender_device: int) -> set[bytes]:
        """Verify or distrust the known devices whose keys ``owner`` names; the keys found."""
        manager = await self.service.manager()
        this, _others = await manager.get_own_device_information()
        changed = False
        found: set[bytes] = set()
        for info in await manager.get_device_information(owner.jid):
            key = bytes(info.identity_key)
            if owner.jid == self.session.jid and info.device_id == this.device_id:
                found.add(key)
                continue  # this device's own key is not for others to decide
            state = (TrustState.DISTRUSTED if key in owner.distrust
                     else TrustState.VERIFIED if key in owner.trust else None)
            if state is None:
                continue
            found.add(key)
            if info.trust_level_name == state.value:
                continue
            await manager.set_trust(owner.jid, key, state.value)
            if state is TrustState.VERIFIED:
                await self.records.remember(owner.jid, int(info.device_id), sender,
                                            sender_device)
            else:
                await self.records.forget(owner.jid, int(info.device_id))
            log.info("OMEMO: device %s of %s is now %s, as device %s of %s said",
                     info.device_id, owner.jid, state.name, sender_device, sender)
            changed = True
        if changed and owner.jid != self.session.jid:
            await self.service.trust.announce(owner.jid)
        return found

    # --- who vouched for a key ---------------------------------------------------------------

    async def verified_by(self, owner: str) -> dict[int, tuple[str, int]]:
        """device id -> (JID, device id) of the device whose trust message verified it."""
        return await self.records.verified_by(owner)
