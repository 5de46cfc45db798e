"""Whose private message is an occupant's (XEP-0045 §7.5, policy.room_private_ok), and the
private chat's address."""

from __future__ import annotations

from heron.core.rooms import private_address, split_address
from heron.xmpp import policy

ROOM = "lounge@conference.example.org"


def test_a_private_message_is_an_occupants_only_through_a_joined_room() -> None:
    joined = {ROOM}
    assert policy.room_private_ok(f"{ROOM}/Bob", joined)
    assert policy.room_private_ok(ROOM, joined).reason == "no-nick"
    assert policy.room_private_ok("mallory@example.org/Bob", joined).reason == "room-not-joined"
    assert policy.room_private_ok("other@conference.example.org/Bob", joined).reason == (
        "room-not-joined")
    assert policy.room_private_ok(f"{ROOM}/Bob", set()).reason == "room-not-joined"


def test_the_private_chats_address() -> None:
    assert private_address(ROOM, "Bob / the 2nd") == f"{ROOM}/Bob / the 2nd"
    assert split_address(f"{ROOM}/Bob / the 2nd") == (ROOM, "Bob / the 2nd")
    assert split_address(ROOM) is None
    assert split_address(f"{ROOM}/") is None
    assert split_address("conference.example.org/x") is None
