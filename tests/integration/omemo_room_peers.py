"""OMEMO test peers in a room: a members-only, non-anonymous room with real OMEMO peers who
encrypt to every occupant's real JID and decrypt by the sender's real JID, as Conversations
and Kaidan do."""

from __future__ import annotations

from typing import Any

import oldmemo.etree
import twomemo.etree
from slixmpp import JID

from heron.core.tasks import spawn
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.xmpp.plugins import xep_0420 as sce
from tests.integration.omemo_peers import OmemoPeer
from tests.integration.rooms import create_room, enter


async def private_room(owner: OmemoPeer, room: str, nick: str, members: list[str]) -> None:
    """``room``, members-only and non-anonymous, with ``members`` on its member list."""
    await create_room(owner.client, room, nick, membersonly=True, whois="anyone",
                      persistentroom=True)
    for jid in members:
        await owner.client.plugin["xep_0045"].set_affiliation(room, "member", jid=jid)


class RoomListener:
    """What ``peer`` reads in ``room``: (namespace, real sender, text) per decrypted message,
    and every groupchat stanza's plaintext body."""

    def __init__(self, peer: OmemoPeer, room: str) -> None:
        self.peer, self.room = peer, room
        self.decrypted: list[tuple[str, str, str]] = []
        self.bodies: list[str] = []
        peer.client.add_event_handler("groupchat_message", self._on_message)

    def real_jid(self, nick: str) -> str:
        jid = self.peer.client.plugin["xep_0045"].get_jid_property(JID(self.room), nick, "jid")
        return JID(jid).bare if jid else ""

    def _on_message(self, msg: Any) -> None:
        if msg["from"].bare != self.room:
            return
        self.bodies.append(str(msg["body"]))
        if any(msg.xml.find(f"{{{ns}}}encrypted") is not None for ns in self.peer.namespaces):
            spawn(self._decrypt(msg), "test peer room decryption")

    async def _decrypt(self, msg: Any) -> None:
        sender = self.real_jid(msg["from"].resource)
        if sender == self.peer.client.boundjid.bare:
            return
        read = await self.peer.read(msg, sender, self.room)
        if read is not None:
            self.decrypted.append((read[0], sender, read[1]))


async def say_encrypted(peer: OmemoPeer, room: str, readers: set[str], text: str,
                        extra: tuple[Any, ...] = ()) -> str:
    """Send ``text`` to ``room`` encrypted to the devices of ``readers`` (real bare JIDs);
    ``extra`` elements (a correction, a retraction ...) inside the envelope (OMEMO 2) or
    beside the payload (legacy), as Kaidan and Conversations send them. Returns its id."""
    chosen = TWOMEMO if TWOMEMO in peer.namespaces else OLDMEMO
    await peer.omemo.refresh_device_lists({JID(j) for j in readers}, force_download=True)
    manager = await peer.omemo.get_session_manager()
    own = peer.client.boundjid.bare
    plaintext = (sce.build([sce.body_element(text), *extra], own, room) if chosen == TWOMEMO
                 else text.encode())
    messages, _errors = await manager.encrypt(frozenset(readers), {chosen: plaintext},
                                              backend_priority_order=[chosen])
    stanza = peer.client.make_message(mto=room, mtype="groupchat",
                                      mbody="This message is OMEMO encrypted.")
    for message in messages:
        stanza.append(twomemo.etree.serialize_message(message) if message.namespace == TWOMEMO
                      else oldmemo.etree.serialize_message(message))
    if chosen != TWOMEMO:
        for element in extra:
            stanza.append(element)
    stanza.send()
    return str(stanza["id"])


__all__ = ["RoomListener", "enter", "private_room", "say_encrypted"]
