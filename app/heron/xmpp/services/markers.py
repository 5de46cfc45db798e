# XEP-0333: Chat Markers
"""Our messages ask for markers (<markable/>); the contact's <received/> and <displayed/>
move their ticks to DELIVERED and READ; we send <displayed/> for what the user really saw
(the window decides when: ui/read_tracker.py).

A <displayed/> also reaches us as a copy, as a carbon or from our archive: the contact's
marker sent to another of our clients (applied as a live one), or our other client's marker
for the contact's message (the user read it there: the conversation's read point moves)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slixmpp.stanza import Message

from heron.core.events import ConversationRead, DeliveryState, Direction, MessageUpdated
from heron.core.tasks import spawn
from heron.storage.repos.read_elsewhere import read_elsewhere_on
from heron.xmpp import policy

if TYPE_CHECKING:
    from heron.storage.repos.read_state import MarkerTarget
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

NS = "urn:xmpp:chat-markers:0"
HINTS = "urn:xmpp:hints"


@dataclass(frozen=True, slots=True)
class CopiedMarker:
    """A <displayed/> found inside a carbon or an archive result: ``sender`` and ``peer`` as
    the inner stanza says; INCOMING is the contact's, OUTGOING our other client's."""

    sender: str
    peer: str
    direction: Direction
    message_id: str


def copied_marker(inner: Any, peer: str, direction: Direction) -> CopiedMarker | None:
    """The <displayed/> of a forwarded stanza, None when it has none (or names no id)."""
    displayed = inner.xml.find(f"{{{NS}}}displayed")
    if displayed is None or not displayed.get("id"):
        return None
    return CopiedMarker(str(inner["from"]), peer, direction, str(displayed.get("id")))


class ChatMarkerService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        client = session.client
        client.register_plugin("xep_0333")  # its stanzas, handlers and disco feature
        client.add_event_handler("marker_displayed", self._on_displayed)
        client.add_event_handler("marker_received", self._on_received)

    @staticmethod
    def request(msg: Message) -> None:
        """Ask the contact's client for markers on an outgoing message (it carries an id)."""
        msg.enable("markable")

    @staticmethod
    def wants_markers(msg: Message) -> bool:
        return msg.xml.find(f"{{{NS}}}markable") is not None

    # --- inbound -------------------------------------------------------------------------------

    def _on_displayed(self, msg: Message) -> None:
        self._on_marker(msg, str(msg["displayed"]["id"]), DeliveryState.READ)

    def _on_received(self, msg: Message) -> None:
        self._on_marker(msg, str(msg["received"]["id"]), DeliveryState.DELIVERED)

    def _on_marker(self, msg: Message, message_id: str, state: DeliveryState) -> None:
        if msg["type"] not in ("chat", "normal") or not message_id:
            return
        spawn(self.apply(str(msg["from"]), message_id, state), "chat marker")

    async def apply(self, sender: str, message_id: str, state: DeliveryState) -> None:
        """A marker from ``sender`` for our message ``message_id``: believed only from the
        contact that message went to (policy.marker_ok); READ covers earlier messages too."""
        account = self.session.jid
        repos = self.session.repos
        original = await repos.messages.find_outgoing(account, message_id)
        verdict = policy.marker_ok(sender, original.peer if original else "", account)
        if not verdict or original is None:
            policy.log_rejected("chat-marker", verdict.reason, sender=sender, id=message_id)
            return
        if state is DeliveryState.READ:
            changed = await repos.read_state.read_by_peer(account, original.peer, message_id)
        else:
            updated = await repos.messages.set_state_by_message_id(account, original.peer,
                                                                   message_id, state)
            changed = [updated] if updated is not None else []
        for message in changed:
            self.session.bus.publish(MessageUpdated(account, original.peer, message))

    async def apply_copy(self, marker: CopiedMarker) -> None:
        """A marker from a carbon or our archive, with the rules of a live one."""
        if marker.direction is Direction.INCOMING:
            await self.apply(marker.sender, marker.message_id, DeliveryState.READ)
        else:
            await self.read_elsewhere(marker.sender, marker.peer, marker.message_id)

    async def read_elsewhere(self, sender: str, peer: str, message_id: str) -> None:
        """Our other client displayed the contact's message ``message_id``: believed only from
        our own account (policy.read_elsewhere_ok), never moves the read point back."""
        account = self.session.jid
        verdict = policy.read_elsewhere_ok(sender, peer, account)
        if not verdict:
            policy.log_rejected("own-chat-marker", verdict.reason, sender=sender, id=message_id)
            return
        unread = await self.session.repos.messages.db.run(
            lambda c: read_elsewhere_on(c, account, peer, message_id))
        if unread is None:
            log.info("our other client's marker for %s names no stored message", peer)
            return
        self.session.bus.publish(ConversationRead(account, peer, unread))

    # --- outbound ------------------------------------------------------------------------------

    def send_displayed(self, peer: str, target: MarkerTarget) -> bool:
        """<displayed/> for the newest message the user saw, to the resource that sent it (a
        full JID that went offline falls back to the bare JID, RFC 6121 §8.5.3.2.1). Only
        the marker and a storage hint: it is archived for the contact's other clients."""
        if not self.session.connection.connected:
            return False
        to = f"{peer}/{target.resource}" if target.resource else peer
        msg = self.session.client.make_message(mto=to, mtype="chat")
        msg["displayed"]["id"] = target.message_id
        msg.xml.append(msg.xml.makeelement(f"{{{HINTS}}}store", {}))
        msg.send()
        return True
