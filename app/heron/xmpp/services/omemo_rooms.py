# XEP-0384 §5.6 / XEP-0045: OMEMO in group rooms (members-only, non-anonymous rooms only)
"""Encrypted room messages, both ways.

OMEMO encrypts to people's devices, so a room can be encrypted only where everyone who may read
it is known by their real address: the room must be members-only (nobody joins unseen) and
non-anonymous (the room tells every occupant each other's real JID). Elsewhere the room stays
plaintext and the lock says why (``why_not``).

Sending: the recipients are the occupants' real JIDs (from the room's presence) and the room's
member list (owners, admins, members; read when we may). The message is encrypted to each of
their devices, in the version each device publishes, and to our own other devices. When any
recipient has no device we may encrypt to, nothing is sent and the bubble names them: never a
plaintext fallback.

Receiving: the sender's devices are looked up by the occupant's real JID that the room's
presence gave us, never by the nick; a message from a nick whose real JID we do not know shows
the placeholder. Our own message reflected by the room is not decrypted (it was not encrypted
for this device): it marks our stored copy as sent.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.stanza import Message

from heron.core.errors import ErrorKind
from heron.core.events import (
    DeliveryState,
    Direction,
    MessagesAdded,
    MessageUpdated,
)
from heron.core.tasks import spawn
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.xmpp.services import omemo_own_edits as own_edits
from heron.xmpp.services.omemo_receive import MAX_BODY_CHARS, encrypted_namespaces, placeholder
from heron.xmpp.services.omemo_room_edits import decrypted_edit

if TYPE_CHECKING:
    from heron.xmpp.services.muc import RoomState
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)

MEMBERS_ONLY = "muc_membersonly"
NON_ANONYMOUS = "muc_nonanonymous"
#: the affiliations whose members may read the room (and so get our messages' keys)
READERS = ("owner", "admin", "member")


class RoomNotPrivateError(Exception):
    """The room is not members-only and non-anonymous: it cannot be encrypted."""


class OmemoRooms:
    def __init__(self, service: OmemoService) -> None:
        self.service = service
        self.session = service.session
        self._features: dict[str, frozenset[str]] = {}
        self._queue: asyncio.Queue[tuple[Message, str, str]] = asyncio.Queue()
        self._worker: asyncio.Future[Any] | None = None
        self._incoming: asyncio.Queue[tuple[Message, RoomState]] = asyncio.Queue()
        self._reader: asyncio.Future[Any] | None = None

    # --- which rooms can be encrypted ----------------------------------------------------------

    def room_features(self, room: str, features: set[str]) -> None:
        """What the room's disco#info says (room_features.py, at every join)."""
        self._features[room] = frozenset(features)

    def why_not(self, room: str) -> str:
        """"" when ``room`` can be encrypted; else which of the two conditions fails:
        "members-only", "non-anonymous" or "unknown" (its features not read yet)."""
        features = self._features.get(room)
        if features is None:
            return "unknown"
        if MEMBERS_ONLY not in features:
            return "members-only"
        if NON_ANONYMOUS not in features:
            return "non-anonymous"
        return ""

    async def chat_encrypted(self, room: str) -> bool:
        """Whether our messages to ``room`` are encrypted: never where the room cannot be;
        else the user's choice, by default on once another reader publishes OMEMO devices."""
        if self.why_not(room):
            return False
        chosen = await self.service.choice(room)
        if chosen is not None:
            return chosen
        others = await self.readers(room)
        if not others or not any([await self.service.has_devices(jid) for jid in others]):
            return False
        await self.service.set_chat_encryption(room, True)  # encrypted once, encrypted on
        return True

    async def readers(self, room: str) -> set[str]:
        """The real bare JIDs of everyone but us who may read ``room``: its occupants and,
        when the room lets us read it, its member list."""
        own = self.session.jid
        jids = {o.jid for o in self.session.muc.occupants(room) if o.jid}
        for affiliation in READERS:
            try:
                listed = await self.session.muc_admin.affiliated(room, affiliation)
            except Exception as exc:  # noqa: BLE001  not allowed to read it: occupants only
                log.debug("room %s: %s list not read: %r", room, affiliation, exc)
                continue
            jids.update(entry.jid for entry in listed)
        jids.discard(own)
        return {JID(jid).bare for jid in jids if jid}

    # --- sending -------------------------------------------------------------------------------

    def transmit(self, msg: Message, room: str, origin_id: str) -> bool:
        """Take ``msg`` (to ``room``, in plaintext) to encrypt and send it, unless the room
        cannot be encrypted and the user never asked for it; True when taken."""
        if self.why_not(room) and self.service.choice_known(room) is not True:
            return False
        self._queue.put_nowait((msg, room, origin_id))
        if self._worker is None or self._worker.done():
            self._worker = spawn(self._work(), "OMEMO room sending")
        return True

    async def drain(self) -> None:
        await self._queue.join()
        await self._incoming.join()

    async def _work(self) -> None:
        while not self._queue.empty():
            msg, room, origin_id = self._queue.get_nowait()
            try:
                await self._send(msg, room, origin_id)
            except Exception:
                log.exception("an outgoing room message could not be handled")
            finally:
                self._queue.task_done()

    async def _send(self, msg: Message, room: str, origin_id: str) -> None:
        sender = self.service.sender
        if self.why_not(room):  # the user chose encryption, the room no longer allows it
            await self._refuse(room, origin_id, ErrorKind.OMEMO_ROOM_NOT_PRIVATE, "")
            return
        try:
            encrypt = await self.chat_encrypted(room)
        except Exception as exc:  # noqa: BLE001  OMEMO not available: only a default room goes plain
            log.info("room %s: OMEMO not available: %r", room, exc)
            if await self.service.repo.chat_choice(room):
                await self._refuse(room, origin_id, ErrorKind.OMEMO_ENCRYPT_FAILED, "")
                return
            encrypt = False
        if not encrypt:
            msg.send()
            return
        readers = await self.readers(room)
        missing = sorted([jid for jid in readers if not await self.service.has_devices(jid)])
        if missing or not readers:
            await self._refuse(room, origin_id, ErrorKind.OMEMO_ROOM_NO_DEVICES,
                               ", ".join(missing) or room)
            return
        try:
            namespace = await self._encrypt(msg, room, readers)
        except Exception as exc:  # noqa: BLE001  whatever failed, the message is not sent
            log.info("room %s: encrypting failed: %r", room, exc)
            await self._refuse(room, origin_id, own_edits.refusal_kind(  # a reaction: why
                msg.xml, ErrorKind.OMEMO_ENCRYPT_FAILED) if isinstance(exc, LookupError)
                or type(exc).__name__ == "NoEligibleDevices" else ErrorKind.OMEMO_ENCRYPT_FAILED,
                "")
            return
        await sender._note(room, origin_id, namespace)
        if self.session.connection.connected:
            msg.send()

    async def _encrypt(self, msg: Message, room: str, readers: set[str]) -> str:
        text = str(msg["body"])
        manager = await self.service.manager()
        for jid in readers:  # device lists read before OMEMO knew them (omemo_send.py too)
            await self.service.device_lists.feed(manager, jid)
        spoken = own_edits.namespaces_for(  # a reaction: OMEMO 2 only (omemo_own_edits.py)
            msg.xml, [ns for ns in (TWOMEMO, OLDMEMO) if ns in self.service.plugin.namespaces])
        # XEP-0420 in a room: <from> is our real JID, <to> the room's; edits inside
        plaintexts = {TWOMEMO: own_edits.envelope(msg.xml, text, self.session.jid, room),
                      OLDMEMO: text.encode("utf-8")}
        async with self.service.receiver.stepping:  # not amid a decrypt-and-store
            messages, errors = await manager.encrypt(
                frozenset(readers), {ns: plaintexts[ns] for ns in spoken},
                backend_priority_order=spoken)
        for error in errors:
            log.info("OMEMO: device %s of %s left out: %r", error.device_id, error.bare_jid,
                     error.exception)
        reached = {key.bare_jid for m in messages for key, _exchange in m.keys}
        if not messages or not readers <= reached:
            raise LookupError(f"no device reached for {sorted(readers - reached)}")
        self.service.sender._replace_content(msg, messages)
        own_edits.hide_edits(msg.xml, messages)
        used = {m.namespace for m in messages}
        return TWOMEMO if TWOMEMO in used else OLDMEMO

    async def _refuse(self, room: str, origin_id: str, kind: ErrorKind, who: str) -> None:
        """Not sent: the bubble says why, naming who has no device (``who``)."""
        log.warning("not sending %s to room %s unencrypted: %s %s", origin_id, room,
                    kind.value, who)
        account = self.session.jid
        updated = await self.session.repos.messages.set_bounced(
            account, room, origin_id, kind.value, who)
        if updated is not None:
            self.session.bus.publish(MessageUpdated(account, room, updated))
        await self.service.own_edits.refused(room, origin_id, kind)  # an edit of ours

    # --- receiving -----------------------------------------------------------------------------

    def takes(self, msg: Message, state: RoomState) -> bool:
        """Whether ``msg`` (a room message) is encrypted; if so it is handled here."""
        if not encrypted_namespaces(msg.xml):
            return False
        self._incoming.put_nowait((msg, state))
        if self._reader is None or self._reader.done():
            self._reader = spawn(self._read(), "OMEMO room decryption")
        return True

    async def _read(self) -> None:
        while not self._incoming.empty():
            msg, state = self._incoming.get_nowait()
            try:
                await self.receive(msg, state)
            except Exception:  # one bad message must not stop the others
                log.exception("an encrypted room message could not be handled")
            finally:
                self._incoming.task_done()

    async def receive(self, msg: Message, state: RoomState) -> None:
        nick, room, own = msg["from"].resource, state.room, self.session.jid
        origin = msg["origin_id"]["id"] if msg.get_plugin("origin_id", check=True) else ""
        if nick == state.nick and origin:  # ours, reflected: not encrypted for this device
            await self._reflected(room, origin, msg)
            return
        new = self.session.chat.to_new_message(msg, room, Direction.INCOMING,
                                               stanza_id_archive=room)
        occupant_id, sender_jid = self.session.room_edits.identity(room, nick, msg.xml)
        new = dataclasses.replace(new, sender_resource=nick, state=DeliveryState.RECEIVED,
                                  markable=False, occupant_id=occupant_id,
                                  sender_jid=sender_jid, reply_to="")
        occupant = state.occupants.get(nick)
        real = occupant.jid if occupant is not None else ""
        receiver = self.service.receiver
        async with receiver.holding():  # the ratchet's step is stored with the message
            if real:
                result = await receiver._decrypt(msg, sender=real, recipient=room)
            else:  # a nick without a real JID: whose devices these are is unknown
                first = encrypted_namespaces(msg.xml)[0]
                result = placeholder(nick), receiver.unread(msg.xml, first)
            if result is None or not result[0]:
                return
            body, how = result
            opened, receiver.opened = receiver.opened, None
            edit = decrypted_edit(msg, body, opened, how) if real else None
            if edit is not None and await self.session.room_edits.take_decrypted(msg, state, edit):
                return  # a correction, retraction or reaction (omemo_room_edits.py)
            stored = await receiver.store(
                dataclasses.replace(new, body=body[:MAX_BODY_CHARS]), how)
        if stored is not None:
            self.session.bus.publish(MessagesAdded(own, room, (stored,), True))
            self.service.files.received(stored)

    async def _reflected(self, room: str, origin_id: str, msg: Message) -> None:
        own, repo = self.session.jid, self.session.repos.messages
        if await repo.find_by_id(own, room, origin_id, direction=Direction.OUTGOING):
            # Our stored copy adopts the room's stanza-id: what our retractions and everyone's
            # reactions name (its own row is kept: the echo's body is only the notice)
            echo = self.session.chat.to_new_message(msg, room, Direction.OUTGOING,
                                                    stanza_id_archive=room)
            if echo.stanza_id:
                await repo.add_many([echo])
        updated = await self.session.repos.messages.set_state_by_origin_id(
            self.session.jid, room, origin_id, DeliveryState.SENT)
        if updated is not None:
            self.session.bus.publish(MessageUpdated(self.session.jid, room, updated))
