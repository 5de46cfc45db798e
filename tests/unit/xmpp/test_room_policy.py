"""Which room messages and subjects are believed (XEP-0045, policy.py)."""

from __future__ import annotations

from heron.xmpp import policy

ROOM = "lounge@conference.example.org"


def test_room_message_only_from_a_joined_room_and_with_a_nick() -> None:
    joined = {ROOM}
    assert policy.room_message_ok(f"{ROOM}/Bob", joined)
    assert policy.room_message_ok(f"{ROOM.upper()}/Bob", joined), "JIDs are normalised"
    assert policy.room_message_ok(ROOM, joined).reason == "no-nick"
    assert policy.room_message_ok("mallory@example.org/x", joined).reason == "room-not-joined"
    assert policy.room_message_ok("other@conference.example.org/Bob", joined).reason == (
        "room-not-joined")
    assert policy.room_message_ok(f"{ROOM}/Bob", set()).reason == "room-not-joined"
    assert policy.room_message_ok("", joined).reason == "no-from"


def test_subject_only_as_the_room_relays_it() -> None:
    joined = {ROOM}
    assert policy.room_subject_ok(ROOM, joined)
    assert policy.room_subject_ok(f"{ROOM}/Owner", joined)
    assert policy.room_subject_ok("mallory@example.org/x", joined).reason == "room-not-joined"
