"""Invitations to rooms (XEP-0249 direct, XEP-0045 §7.8 mediated) between a Heron session and
real slixmpp clients on the rig."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.core.events import RoomInvited
from tests.helpers import until
from tests.integration.parties import Peer, Recorder, stop_peer
from tests.integration.rooms import create_room, heron_with_two_occupants, room_address

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
CONFERENCE = "jabber:x:conference"
MUC_USER = "http://jabber.org/protocol/muc#user"


def invite_directly(peer: Peer, to: str, room: str, reason: str, password: str = "") -> None:
    msg = peer.make_message(mto=JID(to), mtype="normal")
    attrs = {"jid": room, "reason": reason}
    if password:
        attrs["password"] = password
    ET.SubElement(msg.xml, f"{{{CONFERENCE}}}x", attrs)
    msg.send()


def inbox(peer: Peer) -> list[Any]:
    """Every message ``peer`` receives from now on, with a body or not."""
    got: list[Any] = []
    peer.register_handler(Callback("test inbox", MatchXPath("{jabber:client}message"),
                                   got.append))
    return got


def _muc_user(msg: Any, child: str) -> Any:
    x = msg.xml.find(f"{{{MUC_USER}}}x")
    return x.find(f"{{{MUC_USER}}}{child}") if x is not None else None


async def test_direct_and_mediated_invitations_and_a_decline(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    rec = Recorder(app, RoomInvited)
    bob_inbox = inbox(bob_peer)
    room = room_address(server, "invited")
    try:
        await create_room(bob_peer, room, "Bob")
        # Direct (XEP-0249): from Bob himself, with a reason and a password, as plain text.
        invite_directly(bob_peer, alice, room, "our <b>release</b> chat", "s3cret")
        await until(lambda: len(rec.of(RoomInvited)) == 1)
        direct = rec.of(RoomInvited)[0]
        assert (direct.room, direct.inviter, direct.reason, direct.password, direct.mediated) \
            == (room, bob_peer.boundjid.bare, "our <b>release</b> chat", "s3cret", False)
        # Mediated: Bob asks the room, which relays it from its own address.
        bob_peer.plugin["xep_0045"].invite(room, alice, "join us")
        await until(lambda: len(rec.of(RoomInvited)) == 2)
        mediated = rec.of(RoomInvited)[1]
        assert (mediated.room, mediated.reason, mediated.mediated) == (room, "join us", True)
        # Who invites: Bob's address, or his nick in the room where the room hides it.
        assert mediated.inviter in (bob_peer.boundjid.bare, f"{room}/Bob")
        await asyncio.sleep(0.3)
        assert len(rec.of(RoomInvited)) == 2, "one invitation, however many forms it has"
        # Nothing of it became a chat message from Bob or from the room.
        await app.pipeline.drain()
        for peer in (room, bob_peer.boundjid.bare):
            assert await app.repos.messages.page_before(alice, peer, None, 10) == []
        # Declining goes back through the room to Bob.
        app.sessions[alice].muc_invites.decline(mediated, "busy today")
        await until(lambda: any(_muc_user(m, "decline") is not None for m in bob_inbox))
        got = next(m for m in bob_inbox if _muc_user(m, "decline") is not None)
        assert JID(_muc_user(got, "decline").get("from")).bare == alice
        assert _muc_user(got, "decline").findtext(f"{{{MUC_USER}}}reason") == "busy today"
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()


async def test_inviting_a_contact_directly_and_through_a_members_only_room(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    session = app.sessions[alice]
    open_room, closed_room = room_address(server, "open"), room_address(server, "members")
    carol = carol_peer.boundjid.bare
    received = inbox(carol_peer)
    try:
        await create_room(bob_peer, open_room, "Bob")
        await create_room(bob_peer, closed_room, "Bob", membersonly=True)
        await bob_peer.plugin["xep_0045"].set_affiliation(closed_room, "admin", jid=alice)
        await session.muc.join(open_room, "Alice")
        await session.muc.join(closed_room, "Alice")
        # An open room where Alice is nobody special: the direct invitation only.
        assert not await session.muc_invites.invite(open_room, carol, "come")
        await until(lambda: any(m.xml.find(f"{{{CONFERENCE}}}x") is not None
                                for m in received))
        direct = next(m for m in received
                      if m.xml.find(f"{{{CONFERENCE}}}x") is not None)
        assert direct["from"].bare == alice
        assert direct.xml.find(f"{{{CONFERENCE}}}x").get("jid") == open_room
        # A members-only room where Alice is admin: also through the room.
        await until(lambda: session.muc.rooms[closed_room].occupants["Alice"].affiliation
                    == "admin")
        assert await session.muc_invites.invite(closed_room, carol, "members only")
        await until(lambda: any(_muc_user(m, "invite") is not None for m in received))
        relayed = next(m for m in received if _muc_user(m, "invite") is not None)
        assert str(relayed["from"]) == closed_room
        inviter = JID(_muc_user(relayed, "invite").get("from"))
        assert inviter.bare == alice or str(inviter) == f"{closed_room}/Alice"
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()
