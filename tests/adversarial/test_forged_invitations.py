"""Invitations that speak for a room they are not (XEP-0045 §7.8.2): a mediated invitation is
believed only from the room's bare address; from anyone else it is dropped and logged."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID
from slixmpp.xmlstream import ET

from heron.core.events import RoomInvited
from tests.adversarial.test_forged_stanzas import _rejections
from tests.helpers import until
from tests.integration.parties import Recorder, stop_peer
from tests.integration.rooms import heron_with_two_occupants, room_address

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
MUC_USER = "http://jabber.org/protocol/muc#user"


async def test_a_mediated_invitation_from_a_person_is_not_believed(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "heron.policy")
    app, alice, mallory, bob_peer = await heron_with_two_occupants(server, make_user,
                                                                   tmp_path / "alice")
    rec = Recorder(app, RoomInvited)
    room = room_address(server, "trap")
    try:
        # Mallory's client writes the room's form of an invitation, "from Bob", to a room.
        msg = mallory.make_message(mto=JID(alice), mtype="normal",
                                   mbody=f"Bob invites you to {room}")
        x = ET.SubElement(msg.xml, f"{{{MUC_USER}}}x")
        ET.SubElement(x, f"{{{MUC_USER}}}invite", {"from": str(bob_peer.boundjid.bare)})
        ET.SubElement(x, f"{{{MUC_USER}}}password").text = "give me your password"
        msg.send()
        await until(lambda: _rejections(caplog, "invitation") == ["not-bare"])
        await asyncio.sleep(0.2)
        assert rec.of(RoomInvited) == []
        await app.pipeline.drain()
        stored = await app.repos.messages.page_before(alice, mallory.boundjid.bare, None, 10)
        assert stored == [], "nor shown as a chat message"
    finally:
        await stop_peer(mallory)
        await stop_peer(bob_peer)
        await app.close()
