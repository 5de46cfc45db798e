"""Catching up on a room after a new session (issue 9, points 4 and 7): everything said while
Heron was offline comes back from the room's archive, in order and once, also when it is more
than one archive page; a very long absence stops at a cap (the newest messages first), the rest
pages in on scroll-back. Real server, Bob a real slixmpp occupant who keeps talking."""

from __future__ import annotations

import asyncio
import time as real_time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import RoomJoined
from heron.xmpp.services import chat, room_catchup
from tests.helpers import until
from tests.integration.parties import Recorder, eventually, stop_peer
from tests.integration.rooms import create_room, heron_with_two_occupants, room_address, say

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

MISSED = 130  # nearly three archive pages of 50


async def _bodies(app: Any, account: str, room: str) -> list[str]:
    return [m.body for m in await app.repos.messages.page_before(account, room, None, 1000)]


async def _offline_while_bob_talks(app: Any, alice: str, bob_peer: Any, room: str,
                                   missed: list[str]) -> None:
    """Alice goes offline (a new session follows, not a resumed stream); Bob says ``missed``;
    Alice comes back and is in the room again."""
    session = app.sessions[alice]
    await session.connection.disconnect()
    for text in missed:
        say(bob_peer, room, text)
    await bob_peer.plugin["xep_0199"].ping(jid=bob_peer.boundjid.domain, timeout=10)
    rejoined = Recorder(app, RoomJoined)
    session.connection.connect()
    await until(lambda: any(e.room == room for e in rejoined.of(RoomJoined)), 20)


@pytest.mark.parametrize("cap", [room_catchup.CAP, 100])
async def test_everything_missed_comes_back_up_to_the_cap(
        server: Any, make_user: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        cap: int) -> None:
    monkeypatch.setattr(room_catchup, "CAP", cap)
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "catch")
    try:
        if "xep_0199" not in bob_peer.plugin:
            bob_peer.register_plugin("xep_0199")
        await create_room(bob_peer, room, "Bob")
        await app.sessions[alice].muc.join(room, "Alice")
        say(bob_peer, room, "before")
        assert await eventually(lambda: _bodies(app, alice, room),
                                lambda b: b == ["before"]) == ["before"]
        missed = [f"missed {n}" for n in range(MISSED)]
        await _offline_while_bob_talks(app, alice, bob_peer, room, missed)
        # All of it when it is under the cap; else the newest ``cap`` (the gap before them is
        # left to scrolling up), and no more pages after that.
        expected = ["before", *missed[-cap:]]
        assert await eventually(lambda: _bodies(app, alice, room),
                                lambda b: b == expected, timeout=20) == expected
        await asyncio.sleep(1.0)
        assert await _bodies(app, alice, room) == expected
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()


async def test_what_was_missed_shows_after_the_last_message_seen_with_a_clock_ahead(
        server: Any, make_user: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Heron stamps a live room message with its own clock, the archive with the server's
    (often whole seconds). With this computer's clock a few seconds ahead (or only the same
    second), what Bob said while Alice was away must still show below the last line she saw."""
    ahead = type("Clock", (), {"time": staticmethod(lambda: real_time.time() + 5.0)})
    monkeypatch.setattr(chat, "time", ahead)
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    room = room_address(server, "skew")
    try:
        if "xep_0199" not in bob_peer.plugin:
            bob_peer.register_plugin("xep_0199")
        await create_room(bob_peer, room, "Bob")
        say(bob_peer, room, "before Alice came")
        await bob_peer.plugin["xep_0199"].ping(jid=bob_peer.boundjid.domain, timeout=10)
        await app.sessions[alice].muc.join(room, "Alice")
        # the join's first archive page is in: what follows is stamped live, by Heron's clock
        assert await eventually(lambda: _bodies(app, alice, room),
                                lambda b: b == ["before Alice came"]) == ["before Alice came"]
        say(bob_peer, room, "seen live")
        assert await eventually(lambda: _bodies(app, alice, room), lambda b: len(b) == 2,
                                ) == ["before Alice came", "seen live"]
        missed = ["missed one", "missed two"]
        await _offline_while_bob_talks(app, alice, bob_peer, room, missed)
        expected = ["before Alice came", "seen live", *missed]
        assert await eventually(lambda: _bodies(app, alice, room),
                                lambda b: len(b) == 4, timeout=20) == expected
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()
