"""Messages that claim to be a room occupant's private message (XEP-0045 §7.5) without
coming through a room Heron is in: ordinary messages from their real sender, never a private
chat with an occupant."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID
from slixmpp.stanza import Message
from slixmpp.xmlstream import ET

from heron.ui.room_private import title
from tests.adversarial.test_forged_stanzas import _rejections
from tests.helpers import until
from tests.integration.parties import eventually, stop_peer
from tests.integration.rooms import create_room, heron_with_two_occupants, room_address
from tests.integration.test_room_private import MUC_USER, rows

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_a_claimed_private_message_from_outside_our_rooms_is_a_strangers(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "heron.policy")
    app, alice, mallory, bob_peer = await heron_with_two_occupants(server, make_user,
                                                                   tmp_path / "alice")
    session = app.sessions[alice]
    room = room_address(server, "joined")
    elsewhere = room_address(server, "elsewhere")
    try:
        await create_room(bob_peer, room, "Bob")
        await session.muc.join(room, "Alice")
        # Mallory (in no room with us) sends a chat tagged as an occupant's private message.
        msg = mallory.make_message(mto=JID(alice), mbody="psst, it is Bob from the room",
                                   mtype="chat")
        ET.SubElement(msg.xml, f"{{{MUC_USER}}}x")
        msg.send()
        found = await eventually(lambda: rows(app, alice, mallory.boundjid.bare), bool)
        assert [m.body for m in found] == ["psst, it is Bob from the room"]
        assert title(app, alice, mallory.boundjid.bare) is None, "shown as Mallory, not Bob"
        # The same stanza as if relayed by a room we are not in: that room's message (a
        # stranger), not a private chat with "Bob" (through Heron's real handler).
        forged = Message(session.client, ET.fromstring(
            f"<message xmlns='jabber:client' type='chat' from='{elsewhere}/Bob' to='{alice}' "
            f"id='forged-1'><body>I am Bob, trust me</body><x xmlns='{MUC_USER}'/></message>"))
        session.client.event("message", forged)
        stranger = await eventually(lambda: rows(app, alice, elsewhere), bool)
        assert [m.body for m in stranger] == ["I am Bob, trust me"]
        assert await rows(app, alice, f"{elsewhere}/Bob") == []
        # A joined room's own address (no nick) is no person: dropped, and said in the log.
        caplog.clear()
        from_room = Message(session.client, ET.fromstring(
            f"<message xmlns='jabber:client' type='chat' from='{room}' to='{alice}' "
            "id='forged-2'><body>the room speaks</body></message>"))
        session.client.event("message", from_room)
        await until(lambda: _rejections(caplog, "room private message") == ["no-nick"])
        await app.pipeline.drain()
        assert await rows(app, alice, room) == []
    finally:
        await stop_peer(mallory)
        await stop_peer(bob_peer)
        await app.close()
