"""Copies of private messages through a room (carbons, our archive) keep their own
conversation: room@service/nick, not the room's public one (newer ejabberd archives and
copies them; they used to land in the room's conversation)."""

from __future__ import annotations

from slixmpp import JID

from heron.xmpp.services.muc_private import private_peer

ROOM = "lounge@conference.example.org"


def test_an_occupant_of_a_joined_room_is_a_private_chat() -> None:
    assert private_peer(JID(f"{ROOM}/Bob"), {ROOM}) == f"{ROOM}/Bob"


def test_anything_else_stays_with_the_bare_address() -> None:
    assert private_peer(JID("bob@example.org/phone"), {ROOM}) is None
    assert private_peer(JID(f"{ROOM}/Bob"), set()) is None  # not a room we are in
    assert private_peer(JID(ROOM), {ROOM}) is None  # the room itself: no nick
