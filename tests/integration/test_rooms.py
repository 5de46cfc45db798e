"""Group rooms (XEP-0045) between a Heron session and real slixmpp occupants, on the rig."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.errors import ErrorKind, RoomJoinError
from heron.core.events import (
    DeliveryState,
    Direction,
    MessagesAdded,
    OccupantsChanged,
    RoomJoined,
    RoomLeft,
    RoomSubjectChanged,
)
from heron.xmpp.services import muc_history
from tests.helpers import until
from tests.integration.parties import (
    Recorder,
    account_for,
    eventually,
    start_heron,
    stop_peer,
)
from tests.integration.rooms import (
    create_room,
    enter,
    heron_with_two_occupants,
    room_address,
    say,
    start_occupant,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _room_rows(app, account: str, room: str):  # type: ignore[no-untyped-def]
    return await app.repos.messages.page_before(account, room, None, 1000)


async def test_join_talk_and_leave_with_two_others(server, make_user: Callable,
                                                   tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    rec = Recorder(app, MessagesAdded, OccupantsChanged, RoomJoined, RoomLeft,
                   RoomSubjectChanged)
    room = room_address(server, "talk")
    try:
        await create_room(bob_peer, room, "Bob")
        await enter(carol_peer, room, "Carol")
        muc = app.sessions[alice].muc
        assert await muc.default_nick(room) == alice.split("@")[0]
        await muc.join(room, "Alice")
        assert muc.joined() == {room}
        assert rec.of(RoomJoined)[-1].nick == "Alice"
        await until(lambda: {o.nick for o in muc.occupants(room)} == {"Alice", "Bob", "Carol"})
        await until(lambda: rec.of(OccupantsChanged))
        # The occupant list shows who is who: Bob created the room, so he owns and moderates it.
        bob_there = next(o for o in muc.occupants(room) if o.nick == "Bob")
        assert (bob_there.affiliation, bob_there.role) == ("owner", "moderator")
        say(bob_peer, room, "Hello <b>room</b>")
        await until(lambda: [m.body for e in rec.of(MessagesAdded) if e.peer == room
                             for m in e.messages] == ["Hello <b>room</b>"])
        say(carol_peer, room, "Hi all")
        await until(lambda: [m.body for e in rec.of(MessagesAdded) if e.peer == room
                             for m in e.messages] == ["Hello <b>room</b>", "Hi all"])
        rows = await _room_rows(app, alice, room)
        assert [(m.sender_resource, m.body, m.direction) for m in rows] == [
            ("Bob", "Hello <b>room</b>", Direction.INCOMING),
            ("Carol", "Hi all", Direction.INCOMING)]
        # Our own message goes to everyone, comes back from the room and is stored once.
        assert await muc.send(room, "Hi Bob and Carol")
        await until(lambda: any(str(m["body"]) == "Hi Bob and Carol"
                                for m in carol_peer.received))
        rows = await eventually(lambda: _room_rows(app, alice, room), lambda rows: any(
            m.direction is Direction.OUTGOING and m.state is DeliveryState.SENT for m in rows))
        ours = [m for m in rows if m.body == "Hi Bob and Carol"]
        assert len(ours) == 1 and ours[0].sender_resource == "Alice"
        assert ours[0].direction is Direction.OUTGOING and ours[0].state is DeliveryState.SENT
        # The subject, set by the owner, reaches us as plain text.
        bob_peer.plugin["xep_0045"].set_subject(room, "Plans <i>for</i> Friday")
        await until(lambda: any(e.subject == "Plans <i>for</i> Friday"
                                for e in rec.of(RoomSubjectChanged)))
        # The room is not a stranger asking to be a contact.
        assert room not in await app.strangers(alice)
        await muc.leave(room)
        assert muc.joined() == set()
        assert rec.of(RoomLeft)[-1].room == room
        stored = await app.repos.rooms.get(alice, room)
        assert stored is not None and stored.nick == "Alice" and not stored.joined
        # A later join proposes the nick used there.
        assert await muc.default_nick(room) == "Alice"
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()


async def test_join_refusals_in_plain_words(server, make_user: Callable, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    bob_peer = await start_occupant(server, bob, bob_pw)
    muc = app.sessions[alice].muc
    try:
        # Nickname taken.
        open_room = room_address(server, "open")
        await create_room(bob_peer, open_room, "Bob")
        with pytest.raises(RoomJoinError) as taken:
            await muc.join(open_room, "Bob")
        assert taken.value.error is not None
        assert taken.value.error.kind is ErrorKind.ROOM_NICK_TAKEN
        assert "already uses this nickname" in str(taken.value)
        assert muc.joined() == set()
        # No such room: said so, and created only when asked.
        missing = room_address(server, "missing")
        with pytest.raises(RoomJoinError) as none:
            await muc.join(missing, "Alice")
        assert none.value.error is not None and none.value.error.kind is ErrorKind.ROOM_NOT_FOUND
        await muc.join(missing, "Alice", create=True)
        assert missing in muc.joined()
        # The new room is open (the instant form was accepted): Bob can come in.
        await enter(bob_peer, missing, "Bob")
        # Password.
        secret = room_address(server, "secret")
        await create_room(bob_peer, secret, "Bob", passwordprotectedroom=True,
                          roomsecret="s3cret")
        with pytest.raises(RoomJoinError) as password:
            await muc.join(secret, "Alice")
        assert password.value.error is not None
        assert password.value.error.kind is ErrorKind.ROOM_PASSWORD
        await muc.join(secret, "Alice", "s3cret")
        assert secret in muc.joined()
        # Members only.
        members = room_address(server, "members")
        await create_room(bob_peer, members, "Bob", membersonly=True)
        with pytest.raises(RoomJoinError) as closed:
            await muc.join(members, "Alice")
        assert closed.value.error is not None
        assert closed.value.error.kind is ErrorKind.ROOM_MEMBERS_ONLY
        # Banned.
        banned = room_address(server, "banned")
        await create_room(bob_peer, banned, "Bob")
        await bob_peer.plugin["xep_0045"].set_affiliation(banned, "outcast", jid=alice)
        with pytest.raises(RoomJoinError) as ban:
            await muc.join(banned, "Alice")
        assert ban.value.error is not None and ban.value.error.kind is ErrorKind.ROOM_BANNED
        # A service that does not exist.
        with pytest.raises(RoomJoinError) as nowhere:
            await muc.join(f"room@conference.nowhere.{server.domain}", "Alice")
        assert nowhere.value.error is not None
        assert nowhere.value.error.kind is ErrorKind.ROOM_UNREACHABLE
    finally:
        await stop_peer(bob_peer)
        await app.close()


async def test_nick_change_and_conflict(server, make_user: Callable, tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "nicks")
    muc = app.sessions[alice].muc
    try:
        await create_room(bob_peer, room, "Bob")
        await enter(carol_peer, room, "Carol")
        await muc.join(room, "Alice")
        with pytest.raises(RoomJoinError) as taken:
            await muc.change_nick(room, "Carol")
        assert taken.value.error is not None
        assert taken.value.error.kind is ErrorKind.ROOM_NICK_TAKEN
        await muc.change_nick(room, "Alicia")
        assert muc.rooms[room].nick == "Alicia"
        await until(lambda: {o.nick for o in muc.occupants(room)} == {"Alicia", "Bob", "Carol"})
        stored = await app.repos.rooms.get(alice, room)
        assert stored is not None and stored.nick == "Alicia"
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()


async def test_history_comes_from_the_room_archive_once(server, make_user: Callable,
                                                        tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "history")
    muc = app.sessions[alice].muc
    try:
        await create_room(bob_peer, room, "Bob")
        await enter(carol_peer, room, "Carol")
        for i, (peer, text) in enumerate(((bob_peer, "first"), (carol_peer, "second"),
                                          (bob_peer, "third"))):
            say(peer, room, text)
            await until(lambda i=i: len(bob_peer.received) > i)  # archived in this order
        sent: list[Any] = []  # what Heron puts on the wire
        app.sessions[alice].client.add_filter("out", lambda x: sent.append(x) or x)
        await muc.join(room, "Alice")
        join = next(x for x in sent if x.name == "presence" and str(x["to"]).startswith(room))
        history = join.xml.find("{http://jabber.org/protocol/muc}x/"
                                "{http://jabber.org/protocol/muc}history")
        assert history is not None and history.get("maxstanzas") == "0", "the archive fills it"
        rows = await eventually(lambda: _room_rows(app, alice, room),
                                lambda rows: len(rows) >= 3)
        assert [(m.sender_resource, m.body) for m in rows] == [
            ("Bob", "first"), ("Carol", "second"), ("Bob", "third")]
        assert all(m.stanza_id for m in rows), "the archive's ids: what dedups a later copy"
        # Live, then the archive again (scrolling up): nothing twice.
        say(bob_peer, room, "fourth")
        await eventually(lambda: _room_rows(app, alice, room), lambda rows: len(rows) == 4)
        stored, _complete = await muc_history.fetch_page(app.sessions[alice], room, "Alice")
        assert stored == 0
        rows = await _room_rows(app, alice, room)
        assert [m.body for m in rows] == ["first", "second", "third", "fourth"]
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()
