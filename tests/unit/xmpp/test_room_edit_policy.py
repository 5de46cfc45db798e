"""policy.room_edit_ok: a correction or retraction in a room only from the same occupant."""

from __future__ import annotations

import pytest

from heron.core.events import Direction
from heron.xmpp import policy

IN, OUT = Direction.INCOMING, Direction.OUTGOING
BOB = ("heron-stay:1", "")
CAROL_AS_BOB = ("heron-stay:2", "")


@pytest.mark.parametrize(("original", "editor", "reason"), [
    (BOB, BOB, "ok"),  # the same stay of the nick
    (BOB, CAROL_AS_BOB, "not-same-occupant"),  # the nick taken again by someone else
    (("oid-bob", ""), ("oid-bob", ""), "ok"),  # XEP-0421 id
    (("oid-bob", ""), ("oid-carol", ""), "not-same-occupant"),
    (("", ""), ("", ""), "not-same-occupant"),  # nobody known: the nick alone never counts
    (("a", "bob@example.org"), ("b", "bob@example.org/phone"), "ok"),  # the same real JID
    (("a", "bob@example.org"), ("a", "carol@example.org"), "not-same-occupant"),
    (("a", "bob@example.org"), ("a", ""), "ok"),  # JID unknown now: the room's id decides
])
def test_occupants_are_compared_by_id_or_real_jid(original: tuple[str, str],
                                                  editor: tuple[str, str], reason: str) -> None:
    assert policy.room_edit_ok(original, IN, editor, IN).reason == reason


def test_ours_only_from_us_and_no_edit_without_a_message() -> None:
    assert policy.room_edit_ok(("", ""), OUT, ("", ""), OUT)
    assert policy.room_edit_ok(BOB, IN, BOB, OUT).reason == "names-another-senders-message"
    assert policy.room_edit_ok(("", ""), OUT, BOB, IN).reason == "names-another-senders-message"
    assert policy.room_edit_ok(None, None, BOB, IN).reason == "no-such-message"


ROOM = "lounge@conference.example.org"


def test_a_moderation_only_from_the_rooms_own_bare_jid() -> None:
    joined = {ROOM}
    assert policy.moderation_ok(ROOM, joined)
    assert policy.moderation_ok(f"{ROOM}/Mallory", joined).reason == "not-from-room"
    assert policy.moderation_ok("mallory@example.org", joined).reason == "room-not-joined"
    assert policy.moderation_ok(ROOM, set()).reason == "room-not-joined"
