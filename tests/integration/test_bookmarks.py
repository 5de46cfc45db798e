"""Bookmarks (issue 9, point 2): joining a room bookmarks it with autojoin, leaving clears
autojoin; bookmarks another client of the SAME account adds, changes or retracts join and leave
here; autojoin rooms are joined at login. Real server, real rooms (made by a second person's
real client), the other client a real slixmpp client on the same account."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID

from tests.helpers import until
from tests.integration.bookmark_parties import (
    bookmark_world,
    other_client,
    publish_bookmark,
    retract_bookmark,
    stored_bookmarks,
)
from tests.integration.parties import account_for, eventually, start_heron, start_peer, stop_peer
from tests.room_joiner import SlixJoiner, create_room

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _room(server: Any, name: str) -> str:
    return f"{name}{uuid.uuid4().hex[:6]}@conference.{server.domain}"


def _in_room(peer: Any, room: str) -> list[str]:
    return list(peer.plugin["xep_0045"].get_roster(JID(room)) or [])


async def test_joining_bookmarks_and_leaving_clears_autojoin(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    world = await bookmark_world(server, make_user, tmp_path / "alice")
    room = _room(server, "plaza")
    try:
        await create_room(world.host, room)
        await world.session.bookmarks.join(room, "Alice")
        await until(lambda: "Alice" in _in_room(world.host, room))
        stored = await eventually(lambda: stored_bookmarks(world.phone), lambda s: room in s)
        assert stored[room] == (True, "Alice")
        assert world.latest()[0].autojoin
        await world.session.bookmarks.leave(room)
        await until(lambda: "Alice" not in _in_room(world.host, room))
        stored = await eventually(lambda: stored_bookmarks(world.phone),
                                  lambda s: not s[room][0])
        assert stored[room] == (False, "Alice")  # the bookmark stays, without autojoin
        assert [b.autojoin for b in world.latest()] == [False]
    finally:
        await world.close()


async def test_the_other_clients_bookmarks_join_and_leave_here(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    world = await bookmark_world(server, make_user, tmp_path / "alice")
    host, phone, joiner = world.host, world.phone, world.joiner
    room, quiet = _room(server, "cafe"), _room(server, "quiet")
    try:
        await create_room(host, room)
        await create_room(host, quiet)
        await publish_bookmark(phone, room, autojoin=True, nick="Ali", name="Café")
        await until(lambda: "Ali" in _in_room(host, room), 15)
        await until(lambda: room in joiner.joined())
        await until(lambda: any(b.jid == room and b.name == "Café" for b in world.latest()))
        # A bookmark without autojoin is listed but not joined.
        await publish_bookmark(phone, quiet, autojoin=False)
        await until(lambda: len(world.latest()) == 2)
        assert quiet not in joiner.joined()
        # Autojoin turned off elsewhere (the user left there): we leave too (XEP-0402 §4.5).
        await publish_bookmark(phone, room, autojoin=False, nick="Ali")
        await until(lambda: "Ali" not in _in_room(host, room), 15)
        assert room not in joiner.joined()
    finally:
        await world.close()


@pytest.mark.server("prosody", reason="ejabberd 23.01 sends no event for a retracted PEP item "
                    "to the account's other resources (checked: nothing arrives, even with "
                    "notify='true' and pubsub#notify_retract set)")
async def test_a_bookmark_retracted_elsewhere_leaves_the_room(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    world = await bookmark_world(server, make_user, tmp_path / "alice")
    room = _room(server, "gone")
    try:
        await create_room(world.host, room)
        await publish_bookmark(world.phone, room, autojoin=True, nick="Ali")
        await until(lambda: room in world.joiner.joined()
                    and "Ali" in _in_room(world.host, room), 15)
        await retract_bookmark(world.phone, room)
        await until(lambda: "Ali" not in _in_room(world.host, room), 15)
        assert room not in world.joiner.joined()
        await until(lambda: world.latest() == ())
    finally:
        await world.close()


async def test_autojoin_rooms_are_joined_at_login(server: Any, make_user: Any,
                                                  tmp_path: Path) -> None:
    alice, pw = make_user()
    bob, bob_pw = make_user()
    bob_client = await start_peer(server, bob, bob_pw)
    phone = await other_client(server, alice, pw)
    rooms = [_room(server, f"r{n}") for n in range(4)]
    try:
        for n, room in enumerate(rooms):
            await create_room(bob_client, room)
            await publish_bookmark(phone, room, autojoin=n < 3, nick=f"A{n}")
        app = await start_heron(tmp_path / "alice", account_for(server, alice), pw,
                                connect=False)
        app.start_account(alice)
        session = app.sessions[alice]
        joiner = SlixJoiner(session.client)
        session.muc = joiner  # type: ignore[attr-defined]
        try:
            await until(lambda: joiner.joined() == set(rooms[:3]), 20)
            for n in range(3):
                assert f"A{n}" in _in_room(bob_client, rooms[n])
            await asyncio.sleep(0.5)
            assert rooms[3] not in joiner.joined()
        finally:
            await app.close()
    finally:
        await stop_peer(phone)
        await stop_peer(bob_client)
