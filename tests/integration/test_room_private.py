"""Private messages between room occupants (XEP-0045 §7.5): Heron and real slixmpp occupants
on the rig. A private chat is its own conversation (room@service/nick), never the room's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID
from slixmpp.xmlstream import ET

from heron.core.events import Direction
from tests.helpers import until
from tests.integration.parties import Peer, eventually, stop_peer
from tests.integration.rooms import create_room, enter, heron_with_two_occupants, room_address

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
MUC_USER = "http://jabber.org/protocol/muc#user"


def whisper(peer: Peer, room: str, nick: str, text: str) -> None:
    """A private message to ``nick`` through ``room``, as XEP-0045 §7.5 sends it."""
    msg = peer.make_message(mto=JID(f"{room}/{nick}"), mbody=text, mtype="chat")
    ET.SubElement(msg.xml, f"{{{MUC_USER}}}x")
    msg.send()


async def rows(app: Any, account: str, peer: str) -> list[Any]:
    return list(await app.repos.messages.page_before(account, peer, None, 100))


async def test_private_messages_both_ways_are_their_own_conversation(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "pm")
    session = app.sessions[alice]
    sent: list[Any] = []
    session.client.add_filter("out", lambda stanza: sent.append(stanza) or stanza)
    try:
        await create_room(bob_peer, room, "Bob")
        await enter(carol_peer, room, "Carol")
        await session.muc.join(room, "Alice")
        whisper(bob_peer, room, "Alice", "just between us")
        private = f"{room}/Bob"
        stored = await eventually(lambda: rows(app, alice, private), bool)
        assert [(m.body, m.direction, m.sender_resource) for m in stored] == [
            ("just between us", Direction.INCOMING, "Bob")]
        assert await rows(app, alice, room) == [], "not in the room's public conversation"
        assert await rows(app, alice, bob_peer.boundjid.bare) == [], "nor as Bob's own chat"
        # The answer goes to the occupant through the room, tagged as a private message.
        assert await session.chat.send(private, "sure")
        await until(lambda: any(str(m["body"]) == "sure" for m in bob_peer.received))
        got = next(m for m in bob_peer.received if str(m["body"]) == "sure")
        assert str(got["from"]) == f"{room}/Alice" and got["type"] == "chat"
        assert not any(str(m["body"]) == "sure" for m in carol_peer.received)
        out = next(s for s in sent if s.xml.find("{jabber:client}body") is not None
                   and s.xml.find("{jabber:client}body").text == "sure")
        assert out.xml.find(f"{{{MUC_USER}}}x") is not None
        assert [m.body for m in await rows(app, alice, private)] == ["just between us", "sure"]
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()
