# RFC 6121 §5: one-to-one chat, with XEP-0308 corrections and XEP-0359 ids
"""Incoming and outgoing 1:1 messages."""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slixmpp.stanza import Message

from heron.core.events import (
    DeliveryState,
    Direction,
    MessagesAdded,
    MessageUpdated,
    NewMessage,
    StoredMessage,
)
from heron.core.tasks import spawn
from heron.core.timestamps import clamp_stamp, parse_stamp
from heron.storage.errors import (
    STORAGE_ERRORS,
    report_storage_failure,
    report_storage_recovered,
)
from heron.xmpp import policy
from heron.xmpp.services import edge
from heron.xmpp.services.markers import ChatMarkerService, copied_marker
from heron.xmpp.services.muc_invites import is_invitation
from heron.xmpp.services.muc_private import private_peer
from heron.xmpp.services.omemo_edits import plain_correction_refused
from heron.xmpp.services.reactions import has_reactions, parse_reactions
from heron.xmpp.services.replies import reply_parts
from heron.xmpp.services.retraction import Retraction, retract_id

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

MAX_BODY_CHARS = 64 * 1024  # longer bodies are cut: a hostile peer must not stall the UI
CHAT_TYPES = ("chat", "normal")


DELAY_TAG = "{urn:xmpp:delay}delay"


def delay_stamp(xml: Any) -> float | None:
    """The XEP-0203 stamp of an element (a stanza or a ``<forwarded/>``), None when missing
    or malformed. Read from the attribute: slixmpp's parser raises on a malformed stamp,
    which dropped the whole message."""
    delay = xml.find(DELAY_TAG)
    return parse_stamp(delay.get("stamp")) if delay is not None else None


@dataclass(frozen=True, slots=True)
class Correction:
    """A XEP-0308 replacement, before policy and storage decide whether it applies."""

    peer: str  # the conversation
    direction: Direction  # who sent the correction: the peer (in) or we (out)
    replace_id: str
    body: str
    sender: str  # the correction's sender as the stanza says (compared by policy)
    encrypted: bool = False  # it came (or went) OMEMO-encrypted (omemo_edits.py)


class ChatService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self._storage_failed = False  # the last send could not be stored (told to the window)
        client = session.client
        client.plugin["xep_0184"].auto_request = True
        client.plugin["xep_0184"].auto_ack = True
        edge.install(client)  # before any handler reads an address
        #: archives (bare JIDs) whose disco announced urn:xmpp:sid:0 (XEP-0359 §4); kept
        #: across reconnects of this session, empty until the first answer
        self.sid_archives: set[str] = set()
        # Messages that arrive before that answer (the offline backlog follows our first
        # presence at once) wait for it, in order: their archive ids and times then count.
        self._held: list[tuple[Message, Direction]] | None = None
        client.add_event_handler("message", self._on_message)
        client.add_event_handler("session_start", self._on_session_start)

    def _on_session_start(self, _event: Any) -> None:
        # A plain function: slixmpp runs it inline, before the first presence goes out.
        if self._held is None:
            self._held = []
        spawn(self._discover_archive(), "disco of our archive")

    async def _discover_archive(self) -> None:
        """Believe our archive's stanza-ids only once it said it stamps them (discovery)."""
        own = self.session.jid
        try:
            known = await self.session.server_features.known()
            if known.stanza_ids:
                self.sid_archives.add(own)
            else:
                self.sid_archives.discard(own)
        finally:
            held, self._held = self._held or [], None
            for msg, direction in held:
                self.handle_message(msg, direction)

    # --- inbound -------------------------------------------------------------------------------

    def _on_message(self, msg: Message) -> None:
        if self.session.omemo.takes(msg, Direction.INCOMING):  # encrypted: omemo_receive.py
            return
        if msg["type"] not in CHAT_TYPES or not msg["body"]:
            return
        if retract_id(msg.xml) or has_reactions(msg.xml):
            return  # the retraction or reaction service's handler takes it
        if is_invitation(msg.xml):
            return  # an invitation to a room (muc_invites.py), whatever its body says
        if self.session.muc_private.takes(msg):  # a room occupant's private message
            return
        self.handle_message(msg, Direction.INCOMING)

    def handle_message(self, msg: Message, direction: Direction, carbon: bool = False) -> None:  # noqa: PLR0911  a return per kind of message
        """A live message (or a carbon copy of one) already checked by the caller's policy."""
        if msg["type"] not in CHAT_TYPES:
            return
        if self.session.omemo.takes(msg, direction):  # encrypted (its <body> is a fallback)
            return
        if self._held is not None:
            self._held.append((msg, direction))
            return
        own = self.session.jid
        other = msg["from"] if direction is Direction.INCOMING else msg["to"]
        peer = other.bare
        if not peer or peer == own:
            return
        # A copy of a private message through a room: its own conversation, not the room's.
        peer = private_peer(other, self.session.muc.joined()) or peer
        sender = str(msg["from"]) if direction is Direction.INCOMING else self.session.jid
        # XEP-0333 in a carbon: only carbons come here without a body (live markers go
        # through markers.py, archived ones through mam.py)
        marker = copied_marker(msg, peer, direction) if not msg["body"] else None
        if marker is not None:
            spawn(self.session.markers.apply_copy(marker), "copied chat marker")
            return
        if self.session.muc.is_room(peer) and (retract_id(msg.xml) or has_reactions(msg.xml)
                                               or msg.get_plugin("replace", check=True)):
            # A private message through a room edits nothing of the room (room_edits.py).
            policy.log_rejected("room edit", "private-message", sender=str(msg["from"]))
            return
        target = retract_id(msg.xml)
        if target:  # XEP-0424: its body is fallback text, never a message
            spawn(self.session.retraction.apply(Retraction(peer, direction, target, sender)),
                  "retraction")
            return
        reactions = parse_reactions(msg.xml, peer, direction, sender)
        if reactions is not None or has_reactions(msg.xml):  # XEP-0444: never a message
            if reactions is not None:
                spawn(self.session.reactions.apply(reactions), "reaction")
            return
        replace_id = msg["replace"]["id"] if msg.get_plugin("replace", check=True) else ""
        if replace_id:
            correction = Correction(peer, direction, str(replace_id),
                                    reply_parts(msg.xml, str(msg["body"]))[0], sender)
            spawn(self.apply_correction(correction), "correction")
            return
        if not msg["body"]:
            return
        new = self.to_new_message(msg, peer, direction, stanza_id_archive=own)
        self.session.pipeline.submit(new, live=True)

    def to_new_message(self, msg: Message, peer: str, direction: Direction, *,
                       stanza_id_archive: str, stanza_id: str | None = None,
                       timestamp: float | None = None) -> NewMessage:
        origin = msg["origin_id"]["id"] if msg.get_plugin("origin_id", check=True) else ""
        if stanza_id is None:
            sid = msg.get_plugin("stanza_id", check=True)
            if sid is not None:
                verdict = policy.stanza_id_trusted(str(sid["by"]), stanza_id_archive,
                                                   self.sid_archives)
                if verdict:
                    stanza_id = str(sid["id"]) or None
                else:
                    policy.log_rejected("stanza-id", verdict.reason, by=str(sid["by"]),
                                        sender=str(msg["from"]))
        if timestamp is None:
            # The sender picks the delay stamp: it is believed (clamped) only on a message our
            # archive took in; any other live message sorts by the time it arrived.
            received = time.time()
            timestamp = clamp_stamp(delay_stamp(msg.xml), received) if stanza_id else received
            if received - timestamp < 1.0:  # a server's stamp in whole seconds (ejabberd):
                timestamp = received  # it came now, after what we sent a moment ago
        body, reply_to = reply_parts(msg.xml, str(msg["body"]))  # XEP-0461
        return NewMessage(
            account=self.session.jid,
            peer=peer,
            direction=direction,
            body=body[:MAX_BODY_CHARS],
            timestamp=timestamp,
            origin_id=origin or None,
            stanza_id=stanza_id,
            message_id=str(msg["id"]) or None,
            sender_resource=(msg["from"].resource if direction is Direction.INCOMING else ""),
            state=DeliveryState.RECEIVED if direction is Direction.INCOMING else DeliveryState.SENT,
            markable=direction is Direction.INCOMING and ChatMarkerService.wants_markers(msg),
            reply_to=reply_to,
        )

    async def apply_correction(self, correction: Correction) -> None:
        """XEP-0308, live or from the archive: only the original sender may correct.
        policy.correction_ok decides (and logs); the SQL update matches the sender again."""
        own = self.session.jid
        repo = self.session.repos.messages
        original = await repo.find_by_id(own, correction.peer, correction.replace_id)
        if original is None:
            policy.log_rejected("correction", "no-such-message", peer=correction.peer)
            return
        original_sender = own if original.direction is Direction.OUTGOING else original.peer
        verdict = policy.correction_ok(original_sender, original.direction, correction.sender,
                                       correction.direction)
        if not verdict:
            policy.log_rejected("correction", verdict.reason, sender=correction.sender)
            return
        if not correction.encrypted and await plain_correction_refused(self.session.omemo,
                                                                       original):
            return
        updated = await repo.apply_correction(own, correction.peer, correction.direction,
                                              correction.replace_id,
                                              correction.body[:MAX_BODY_CHARS])
        if updated is None:
            policy.log_rejected("correction", "no-such-message-from-sender",
                                peer=correction.peer)
            return
        self.session.bus.publish(MessageUpdated(own, correction.peer, updated))

    # --- outbound ------------------------------------------------------------------------------

    async def send(self, peer: str, text: str, reply_to: StoredMessage | None = None) -> bool:
        """Store first (as pending, in the outbox), then send: a crash loses nothing.
        False when it could not be stored: nothing was sent, the failure is published
        (ErrorReported with a STORAGE_FAILED UserError) and the caller keeps the text.
        ``reply_to``: the message this one answers (XEP-0461)."""
        origin_id = str(uuid.uuid4())
        target = self.session.replies.prepare(origin_id, reply_to) if reply_to else ""
        new = NewMessage(
            account=self.session.jid, peer=peer, direction=Direction.OUTGOING, body=text,
            timestamp=time.time(), origin_id=origin_id, message_id=origin_id,
            state=DeliveryState.PENDING, reply_to=target,
        )
        # Message and outbox entry in one transaction: a crash between them loses nothing.
        try:
            stored = await self.session.repos.outbox.add_and_enqueue(new)
        except STORAGE_ERRORS as exc:
            report_storage_failure(self.session.bus, self.session.jid, exc)
            self._storage_failed = True
            return False
        if self._storage_failed:  # this write worked: the window stops saying it fails
            self._storage_failed = False
            report_storage_recovered(self.session.bus, self.session.jid)
        if stored is None:
            return True
        self.session.bus.publish(MessagesAdded(self.session.jid, peer, (stored,), True))
        if self.session.connection.connected:
            self.session.outbox.transmit(peer, text, origin_id)
        return True

    async def retry(self, message: StoredMessage) -> bool:
        """Send again a message that did not get through (not sent, or bounced by a server),
        with the same id and origin-id: it waits in the outbox like a new one. False when it
        could not be re-queued."""
        try:
            updated = await self.session.repos.outbox.requeue(message)
        except STORAGE_ERRORS as exc:
            report_storage_failure(self.session.bus, self.session.jid, exc)
            return False
        if updated is None:
            return False
        self.session.bus.publish(MessageUpdated(self.session.jid, updated.peer, updated))
        if self.session.connection.connected and updated.origin_id:
            await self.session.replies.restore(updated.peer, updated.origin_id)
            self.session.outbox.transmit(updated.peer, updated.body, updated.origin_id)
        return True

    async def correct_last(self, peer: str, replace_id: str, text: str) -> None:
        if self.session.muc.is_room(peer):  # a room: room_edits.py
            await self.session.room_edits.correct(peer, replace_id, text)
            return
        msg = self.session.client.make_message(mto=peer, mbody=text, mtype="chat")
        msg["replace"]["id"] = replace_id
        encrypted = self.session.omemo.transmit(msg, peer, str(msg["id"]))
        if not encrypted:  # encrypted chat: sent there
            msg.send()
        await self.apply_correction(
            Correction(peer, Direction.OUTGOING, replace_id, text, self.session.jid, encrypted))
