# XEP-0045 §7.5: private messages between occupants of a room
"""A private message goes to ``room@service/nick`` as ``type='chat'`` and is its own
conversation, keyed by that full address (the room's bare JID is the public conversation).

Incoming: only a message from a room we are in, with a nick, is an occupant's
(``policy.room_private_ok``); ChatService hands those here. Anything else that claims to be
one (a ``<x muc#user/>`` from any other sender) stays an ordinary message from its sender.
Outgoing: the chat service sends as usual; an outgoing filter adds the ``<x muc#user/>`` tag
XEP-0045 asks for, so re-sends from the outbox carry it too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.stanza import Message
from slixmpp.xmlstream import ET

from heron.core.events import Direction
from heron.xmpp import policy

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

MUC_USER = "http://jabber.org/protocol/muc#user"


def private_peer(other: JID, rooms: set[str]) -> str | None:
    """``room@service/nick`` when a one-to-one message with ``other`` (a copy from our other
    client, or from our archive) is a private message through a room we are in; None for an
    ordinary chat (a tag claiming a room proves nothing: only the room's address does)."""
    return str(other) if other.resource and other.bare in rooms else None


class MucPrivateService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        session.client.add_filter("out", self._tag_outgoing)

    def joined(self) -> set[str]:
        muc = getattr(self.session, "muc", None)
        return muc.joined() if muc is not None else set()

    def takes(self, msg: Message) -> bool:
        """An incoming one-to-one message from an occupant of a room we are in: handled here
        (stored as a private chat), not as a chat with the room's bare JID."""
        sender = msg["from"]
        if sender.bare not in self.joined():
            return False
        verdict = policy.room_private_ok(sender, self.joined())
        if not verdict:  # the room itself, with no nick: not a person
            policy.log_rejected("room private message", verdict.reason, sender=str(sender))
            return True
        new = self.session.chat.to_new_message(msg, str(sender), Direction.INCOMING,
                                               stanza_id_archive=self.session.jid)
        self.session.pipeline.submit(new, live=True)
        return True

    def _tag_outgoing(self, stanza: Any) -> Any:
        if not isinstance(stanza, Message) or stanza["type"] != "chat":
            return stanza
        to = stanza["to"]
        if isinstance(to, JID) and to.resource and to.bare in self.joined() \
                and stanza.xml.find(f"{{{MUC_USER}}}x") is None:
            ET.SubElement(stanza.xml, f"{{{MUC_USER}}}x")
        return stanza
