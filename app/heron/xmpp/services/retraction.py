# XEP-0424: Message Retraction (version 0.4.2, urn:xmpp:message-retract:1)
"""Delete one's own message for everyone, and honour the peer's deletions of theirs.

Sending (XEP-0424 §3): ``<retract id='…'/>`` names the original's ``id`` attribute, as the XEP
asks for one-to-one chats; Heron gives every message the same UUID as id and origin-id, so
clients that match either (Conversations, Dino, Gajim) find it. The body is fallback text for
clients without retraction, marked so by a XEP-0428 ``<fallback for='…'/>``, and a XEP-0334
``<store/>`` hint asks the archive to keep the retraction for clients that catch up later.
slixmpp's xep_0424 plugin gives the stanza classes; its ``send_retraction`` is not used (its
``<fallback/>`` names no namespace).

Receiving, live, as a carbon or from the archive: the retraction applies only when it comes
from the sender of the message it names (``policy.retraction_ok``: the same bare JID; ours from
another of our clients arrives as a carbon or in our archive) and that message exists; anything
else is dropped and logged. One that names no stored message is still remembered by storage
(only for that sender in that conversation): history paged backwards from the archive brings a
retraction before its message, which then arrives as a tombstone instead of coming back.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from heron.core.events import Direction, MessageUpdated, StoredMessage
from heron.xmpp import policy
from heron.xmpp.services import room_retractions
from heron.xmpp.services.retraction_outbox import NS, RetractionOutbox

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

RETRACT_TAG = f"{{{NS}}}retract"
MAX_ID_CHARS = 256  # an id longer than this names nothing Heron sent or stored


@dataclass(frozen=True, slots=True)
class Retraction:
    """A XEP-0424 retraction, before policy and storage decide whether it applies."""

    peer: str  # the conversation (bare JID)
    direction: Direction  # who retracted: the peer (in) or we (out)
    target_id: str  # the retracted message's id (or origin-id)
    sender: str  # the retraction's sender as the stanza says (compared by policy)


def retract_id(xml: Any) -> str:
    """The id a message's ``<retract/>`` names, "" when it has none (or an unusable one)."""
    element = xml.find(RETRACT_TAG)
    target = element.get("id", "") if element is not None else ""
    return target if 0 < len(target) <= MAX_ID_CHARS else ""


class RetractionService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        # slixmpp's "message" event needs a body, and a retraction may have none (Dino sends
        # none): xep_0424 fires this one for every live <retract/>; the chat service reads the
        # conversation and direction as for any message, then calls apply().
        session.client.add_event_handler(
            "message_retract",
            lambda msg: session.chat.handle_message(msg, Direction.INCOMING))
        self.queued = RetractionOutbox(session)  # ours wait there until the server has them

    async def retract(self, message: StoredMessage) -> StoredMessage | None:
        """Delete one of our own sent messages for everyone: the retraction goes to the peer
        (and, through our archive and carbons, to our other clients), and the message becomes a
        tombstone here. None when it cannot be retracted (not ours, never sent, already gone).
        Offline, the retraction waits in the outbox for the next session."""
        if await room_retractions.is_room(self.session, message.peer):  # names the room's id
            return await room_retractions.retract(self.session, message)
        target = message.message_id or message.origin_id or ""
        if message.direction is not Direction.OUTGOING or message.retracted or not target:
            return None
        return await self.queued.retract(message, target)

    async def apply(self, retraction: Retraction) -> StoredMessage | None:
        """Believe a retraction or drop it (policy), then store the tombstone and tell the
        views. Returns the tombstone, None when nothing changed."""
        own = self.session.jid
        repo = self.session.repos.messages
        original = (await repo.find_by_id(own, retraction.peer, retraction.target_id,
                                          direction=retraction.direction)
                    or await repo.find_by_id(own, retraction.peer, retraction.target_id))
        if original is None:
            sender, direction = "", None
        else:
            direction = original.direction
            sender = own if direction is Direction.OUTGOING else original.peer
        verdict = policy.retraction_ok(sender, direction, retraction.sender,
                                       retraction.direction)
        if not verdict:
            policy.log_rejected("retraction", verdict.reason, sender=retraction.sender,
                                peer=retraction.peer, id=retraction.target_id)
            if verdict.reason != "no-such-message":
                return None
            # Kept by storage for that sender's message of that id, should it come later.
        tombstone = await repo.retract(own, retraction.peer, retraction.direction,
                                       retraction.target_id, time.time())
        if tombstone is not None:
            log.info("message %s in %s retracted", retraction.target_id, retraction.peer)
            self.session.bus.publish(MessageUpdated(own, retraction.peer, tombstone))
        return tombstone
