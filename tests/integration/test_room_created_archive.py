"""A room Heron creates learns its features once it exists (issue 9, point 5 and 4): before the
room is created there is nothing to ask, so after its configuration (the room's form, or the
instant defaults) Heron reads the room's disco#info again. Both test servers archive rooms
(MUC MAM) by default, so the new room's history and catch-up come from its archive."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.integration.parties import stop_peer
from tests.integration.rooms import heron_with_two_occupants, room_address

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_a_room_heron_creates_knows_it_has_an_archive(server: Any, make_user: Callable,
                                                            tmp_path: Path) -> None:
    app, alice, bob_peer, carol_peer = await heron_with_two_occupants(server, make_user,
                                                                      tmp_path / "alice")
    session = app.sessions[alice]
    admin, muc = session.muc_admin, session.muc
    configured, instant = room_address(server, "formed"), room_address(server, "instant")
    try:
        assert await admin.create(configured, "Alice", instant=False)
        assert not muc.rooms[configured].archive  # nothing known before it is configured
        form = await admin.get_config(configured)
        await admin.set_config(configured, form, {"muc#roomconfig_roomname": ["Formed"]})
        assert muc.rooms[configured].archive
        assert await admin.create(instant, "Alice", instant=True)
        assert muc.rooms[instant].archive
    finally:
        await stop_peer(bob_peer)
        await stop_peer(carol_peer)
        await app.close()
