"""An encrypted room's own archive (issue 11 points 5 and 7): what Bob encrypted to the room
while Heron was not in it is read from the room's archive (XEP-0313 on the room) when Heron
joins, decrypted by Bob's real JID and shown in order, as incoming from Bob, with the room's
plaintext messages between them; never as the fallback body. A sender whom the archive does
not name by real JID (a room that hides real JIDs from us) shows the clear placeholder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.errors import ErrorKind, describe
from heron.core.events import Direction
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from tests.integration.omemo_peers import FALLBACK, heron_and_peer
from tests.integration.omemo_room_peers import private_room, say_encrypted
from tests.integration.parties import eventually
from tests.integration.rooms import create_room, room_address

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

SENDS = {"legacy": OLDMEMO, "omemo2": TWOMEMO}


# Bob still in the room (his real JID also in its occupant list), or gone (only the
# archive's own record of his real JID says whose devices wrote it).
@pytest.mark.parametrize(("kind", "bob_stays"), [("legacy", True), ("omemo2", False)])
async def test_room_archive_is_decrypted_in_order_as_incoming_from_the_sender(
        server, make_user: Callable, tmp_path: Path, kind: str, bob_stays: bool) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", kind) as chat:
        room = room_address(server, "archived")
        await private_room(chat.peer, room, "Bob", [chat.alice])
        said = ["first, while you were out", "plain hello", "second, while you were out",
                "third, while you were out"]
        for text in said:
            if text == "plain hello":
                chat.peer.client.send_message(mto=room, mbody=text, mtype="groupchat")
            else:
                await say_encrypted(chat.peer, room, {chat.alice}, text)
        if not bob_stays:
            chat.peer.client.plugin["xep_0045"].leave_muc(room, "Bob")
            # a round trip after the leave: the room has processed it
            await chat.peer.client.plugin["xep_0030"].get_info(jid=room)

        session = chat.session
        await session.muc.join(room, "Alice")  # the room's archive fills the history
        rows = await eventually(
            lambda: chat.app.repos.messages.page_before(chat.alice, room, None, 100),
            lambda r: len(r) >= len(said), 60)
        assert [m.body for m in rows] == said
        present = {o.jid for o in session.muc.occupants(room)}
        assert (chat.bob in present) is bob_stays
        assert all(m.direction is Direction.INCOMING and m.sender_resource == "Bob"
                   for m in rows)
        assert FALLBACK not in [m.body for m in rows]
        encryption = await session.omemo.repo.encryption_in(room)
        bob_device = await chat.peer.device_id()
        for row in rows:
            if row.body == "plain hello":
                assert row.pk not in encryption
            else:
                how = encryption[row.pk]
                assert (how.namespace, how.device_id) == (SENDS[kind], bob_device)


async def test_archived_message_from_an_unknown_real_jid_shows_the_placeholder(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat:
        room = room_address(server, "halfhidden")
        # Members-only, but real JIDs only for moderators: Alice cannot learn Bob's.
        await create_room(chat.peer.client, room, "Bob", membersonly=True,
                          whois="moderators", persistentroom=True)
        await chat.peer.client.plugin["xep_0045"].set_affiliation(room, "member",
                                                                  jid=chat.alice)
        await say_encrypted(chat.peer, room, {chat.alice}, "whose words are these")

        await chat.session.muc.join(room, "Alice")
        rows = await eventually(
            lambda: chat.app.repos.messages.page_before(chat.alice, room, None, 100),
            lambda r: len(r) >= 1, 60)
        assert len(rows) == 1
        unreadable = describe(ErrorKind.OMEMO_UNDECRYPTABLE, server="Bob").message
        assert rows[0].body.startswith(unreadable)
        assert "whose words" not in rows[0].body
        assert FALLBACK not in rows[0].body
