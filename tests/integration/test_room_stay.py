"""Staying in rooms (XEP-0410 self-ping, rejoin after a new session), with real occupants:
the server drops us without our hearing of it, or the account goes offline and back; Heron is
in the room again with the same nick, and what was said meanwhile is there once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import RoomJoined
from heron.xmpp.services import muc_history
from tests.helpers import until
from tests.integration.parties import Recorder, eventually, stop_peer
from tests.integration.rooms import (
    create_room,
    enter,
    heron_with_two_occupants,
    room_address,
    say,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
MUC_USER = "{http://jabber.org/protocol/muc#user}"


async def _bodies(app: Any, account: str, room: str) -> list[str]:
    return [m.body for m in await app.repos.messages.page_before(account, room, None, 1000)]


def _nicks_seen_by(peer: Any, room: str) -> set[str]:
    """The nicks ``peer`` sees in ``room`` (its xep_0045 roster)."""
    return set(peer.plugin["xep_0045"].get_roster(room) or [])


async def test_dropped_silently_then_found_out_by_self_ping(server: Any, make_user: Callable,
                                                           tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    session = app.sessions[alice]
    muc, selfping = session.muc, session.muc_selfping
    room = room_address(server, "ping")
    try:
        await create_room(bob_peer, room, "Bob")
        await enter(carol_peer, room, "Carol")
        selfping.idle_seconds, selfping.check_every = 0.5, 0.2  # minutes, in the app
        # More history than one page: a rejoin's look further back does not bring the news.
        old = [f"old {n}" for n in range(muc_history.PAGE_SIZE + 10)]
        for text in old:
            say(bob_peer, room, text)
        await muc.join(room, "Alice")
        await eventually(lambda: _bodies(app, alice, room),
                         lambda b: b == old[-muc_history.PAGE_SIZE:])
        say(bob_peer, room, "before")
        await until(lambda: "Alice" in _nicks_seen_by(bob_peer, room))
        await eventually(lambda: _bodies(app, alice, room), lambda b: b[-1:] == ["before"])
        # The room lets us go, and the word of it is lost on the way (as over a broken link):
        # Heron still thinks it is in.
        lost: list[Any] = []

        def lose_goodbye(stanza: Any) -> Any:
            x = stanza.xml.find(f"{MUC_USER}x")
            if stanza.name == "presence" and stanza["type"] == "unavailable" and x is not None \
                    and stanza["from"].bare == room:
                lost.append(stanza)
                return None
            return stanza

        session.client.add_filter("in", lose_goodbye)
        session.client.send_presence(pto=f"{room}/Alice", ptype="unavailable")
        await until(lambda: lost)
        session.client.del_filter("in", lose_goodbye)
        await until(lambda: "Alice" not in _nicks_seen_by(bob_peer, room))
        assert room in muc.joined(), "Heron was not told"
        say(bob_peer, room, "while you were gone")
        # The self-ping finds out, and Heron is back with the same nick, silently.
        await until(lambda: "Alice" in _nicks_seen_by(bob_peer, room), 15)
        await until(lambda: room in muc.joined())
        assert muc.rooms[room].nick == "Alice"
        # What was said meanwhile is there, once (from the room's archive).
        await eventually(lambda: _bodies(app, alice, room),
                         lambda b: b[-2:] == ["before", "while you were gone"])
        say(carol_peer, room, "welcome back")
        await eventually(lambda: _bodies(app, alice, room),
                         lambda b: b[-3:] == ["before", "while you were gone", "welcome back"])
        bodies = await _bodies(app, alice, room)
        assert len(bodies) == len(set(bodies)), "nothing twice"
        # While we are in, the ping says so and nothing is rejoined.
        assert await selfping.still_in(room) is True
        assert not await selfping.check(room)
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()


async def test_rooms_rejoined_after_a_new_session(server: Any, make_user: Callable,
                                                 tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    session = app.sessions[alice]
    muc = session.muc
    room = room_address(server, "back")
    left_room = room_address(server, "left")
    try:
        await create_room(bob_peer, room, "Bob")
        await create_room(carol_peer, left_room, "Carol")
        await muc.join(room, "Alice")
        await muc.join(left_room, "Alice")
        await muc.leave(left_room)  # left on purpose: it stays left
        say(bob_peer, room, "before")
        await eventually(lambda: _bodies(app, alice, room), lambda b: b == ["before"])
        # Offline, then online again: a new session, not a resumed stream.
        await session.connection.disconnect()
        await until(lambda: "Alice" not in _nicks_seen_by(bob_peer, room))
        say(bob_peer, room, "said while you were offline")
        rejoined = Recorder(app, RoomJoined)
        session.connection.connect()
        await until(lambda: any(e.room == room for e in rejoined.of(RoomJoined)), 20)
        assert muc.rooms[room].nick == "Alice"
        await until(lambda: "Alice" in _nicks_seen_by(bob_peer, room))
        await eventually(lambda: _bodies(app, alice, room),
                         lambda b: b == ["before", "said while you were offline"])
        assert left_room not in muc.joined()
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()


