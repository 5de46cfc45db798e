# XEP-0444: Message Reactions (version 0.1, urn:xmpp:reactions:0)
"""React to a message with emoji, and show who reacted how.

A ``<reactions id='…'>`` element carries the sender's whole set for one message: it replaces
what that sender had (an empty element clears it). It names the message's ``id`` attribute
(Heron gives every message the same UUID as id and origin-id, so either matches). Received
live, as a carbon (ours from another client) or from the archive (after the page is stored),
a set counts only from the conversation's peer or from us, and only for a message of that
conversation that we hold (``policy.reaction_ok``); anything else is dropped and logged.
slixmpp's xep_0444 plugin fires the event for live stanzas without a body; the stanza itself
is built here (its helper checks values against the optional ``emoji`` package).
"""

from __future__ import annotations

import asyncio
import logging
import time
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from heron.core.events import Direction, MessageUpdated, StoredMessage
from heron.storage.repos.reactions import MAX_REACTIONS_PER_SENDER, ReactionRepo
from heron.xmpp import policy

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

NS = "urn:xmpp:reactions:0"
REACTIONS_TAG = f"{{{NS}}}reactions"
REACTION_TAG = f"{{{NS}}}reaction"
MAX_ID_CHARS = 256
#: the longest emoji sequences (families, flags of regions) stay well under this
MAX_REACTION_CHARS = 32
#: characters that glue emoji together: ZWJ, variation selectors, keycap, tags
_JOINERS = frozenset("\u200d\ufe0e\ufe0f\u20e3")
_TAGS = range(0xE0020, 0xE0080)  # subdivision flags (🏴 + tags)
_REGIONAL = range(0x1F1E6, 0x1F200)  # country flags, two letters each


@dataclass(frozen=True, slots=True)
class ReactionSet:
    """A sender's reactions to one message, before policy and storage decide."""

    peer: str  # the conversation (bare JID)
    direction: Direction  # who reacted: the peer (in) or we (out)
    target_id: str
    sender: str  # as the stanza says (compared by policy)
    emojis: tuple[str, ...]


def is_reaction(value: str) -> bool:
    """An emoji (or a short sequence of them), never words: a chip shows it as it is."""
    if not value or len(value) > MAX_REACTION_CHARS:
        return False
    symbol = False
    for ch in value:
        category = unicodedata.category(ch)
        if ch in _JOINERS or category in ("Mn", "Sk") or ord(ch) in _TAGS:
            continue
        if category == "So" or ord(ch) in _REGIONAL:
            symbol = True
            continue
        if ch in "0123456789#*" and "\u20e3" in value:  # keycaps: 1️⃣ #️⃣
            symbol = True
            continue
        return False
    return symbol


def has_reactions(xml: Any) -> bool:
    return xml.find(REACTIONS_TAG) is not None


def parse_reactions(xml: Any, peer: str, direction: Direction, sender: str) -> ReactionSet | None:
    """The set a message carries, None when it has no usable ``<reactions/>``. Values that
    are not emoji are left out; a set is cut to MAX_REACTIONS_PER_SENDER."""
    element = xml.find(REACTIONS_TAG)
    if element is None:
        return None
    target = element.get("id", "")
    if not 0 < len(target) <= MAX_ID_CHARS:
        return None
    values: list[str] = []
    for child in element.findall(REACTION_TAG):
        value = (child.text or "").strip()
        if is_reaction(value) and value not in values:
            values.append(value)
    return ReactionSet(peer, direction, target, sender, tuple(values[:MAX_REACTIONS_PER_SENDER]))


class ReactionService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.repo = ReactionRepo(session.repos.messages.db)
        # Two quick clicks read our set one after the other: the second sees the first's.
        self._toggling = asyncio.Lock()
        # slixmpp's "message" event needs a body and a reaction has none: xep_0444 fires this.
        session.client.add_event_handler(
            "reactions", lambda msg: session.chat.handle_message(msg, Direction.INCOMING))

    async def toggle(self, message: StoredMessage, emoji: str) -> StoredMessage | None:
        """Add ``emoji`` to our reactions to ``message``, or take it away when it is there."""
        async with self._toggling:
            mine = await self.repo.of_sender(message.pk, self.session.jid)
            wanted = [e for e in mine if e != emoji] if emoji in mine else [*mine, emoji]
            return await self.react(message, wanted)

    async def react(self, message: StoredMessage, emojis: list[str]) -> StoredMessage | None:
        """Send our whole set for ``message`` (it replaces the one sent before) and show it.
        None when offline, or the message cannot carry reactions (deleted, no id)."""
        if self.session.muc.is_room(message.peer):  # names the room's id: room_edits.py
            return await self.session.room_edits.react(message, emojis)
        target = message.message_id or message.origin_id or ""
        if message.retracted or not target or not self.session.connection.connected:
            return None
        emojis = [e for e in dict.fromkeys(emojis) if is_reaction(e)][:MAX_REACTIONS_PER_SENDER]
        stanza = self.session.client.make_message(mto=message.peer, mtype="chat")
        stanza["id"] = str(uuid.uuid4())
        element = ET.SubElement(stanza.xml, REACTIONS_TAG, {"id": target})
        for emoji in emojis:
            ET.SubElement(element, REACTION_TAG).text = emoji
        stanza.enable("store")  # XEP-0334: the archive keeps it for our other clients
        before = ReactionSet(message.peer, Direction.OUTGOING, target, self.session.jid,
                             tuple(await self.repo.of_sender(message.pk, self.session.jid)))
        if not self.session.omemo.own_edits.transmit(  # encrypted chat: omemo_own_edits.py
                stanza, message.peer, undo=lambda: self.apply(before)):  # refused: undone
            stanza.send()
        return await self.apply(ReactionSet(message.peer, Direction.OUTGOING, target,
                                            self.session.jid, tuple(emojis)))

    async def apply(self, reactions: ReactionSet) -> StoredMessage | None:
        """Believe a set or drop it (policy), then store it and tell the views."""
        own = self.session.jid
        repo = self.session.repos.messages
        original = await repo.find_by_id(own, reactions.peer, reactions.target_id)
        verdict = policy.reaction_ok(reactions.sender, reactions.direction, reactions.peer, own,
                                     original is not None and not original.retracted)
        if not verdict or original is None:
            policy.log_rejected("reaction", verdict.reason if not verdict else "retracted",
                                sender=reactions.sender, peer=reactions.peer,
                                id=reactions.target_id)
            return None
        sender = own if reactions.direction is Direction.OUTGOING else reactions.peer
        await self.repo.set(original.pk, sender, reactions.emojis, time.time())
        updated = await repo.get(original.pk)
        if updated is not None:
            self.session.bus.publish(MessageUpdated(own, reactions.peer, updated))
        return updated
