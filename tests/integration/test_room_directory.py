"""Finding rooms (issue 9, point 1): our server's conference service, its rooms (paged), and
what one room says about itself, against the real server with rooms a second real client made."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from heron.core.errors import ErrorKind
from heron.xmpp.services.room_directory import RoomDirectoryError
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer
from tests.room_joiner import create_room

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_the_conference_service_its_rooms_and_room_info(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    peer = await start_peer(server, bob, bob_pw)
    service = f"conference.{server.domain}"
    tag = uuid.uuid4().hex[:8]
    chess, secret = f"chess{tag}@{service}", f"secret{tag}@{service}"
    try:
        await create_room(peer, chess, roomname="Chess club",
                          roomdesc="Openings\u202e and endgames")
        await create_room(peer, secret, roomname="Back room", passwordprotectedroom="1",
                          roomsecret="s3cret")
        directory = app.sessions[alice].room_directory
        assert await directory.services() == [service]
        pages: list[int] = []
        listed = await directory.list_rooms(service, progress=lambda p: pages.append(len(p)))
        assert {chess, secret} <= {r.jid for r in listed.rooms}
        assert not listed.truncated and sum(pages) == len(listed.rooms)
        info = await directory.info(chess)
        assert (info.name, info.description) == ("Chess club", "Openings and endgames")
        assert info.occupants == 1 and not info.password and info.persistent
        assert (await directory.info(secret)).password
        # A cap: the list stops there and says it was cut.
        capped = await directory.list_rooms(service, limit=1)
        assert len(capped.rooms) == 1 and capped.truncated
    finally:
        await stop_peer(peer)
        await app.close()


async def test_a_service_that_is_not_one_is_said_in_plain_words(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    directory = app.sessions[alice].room_directory
    try:
        for address in (server.domain, f"nowhere.{server.domain}", "not a jid@@"):
            with pytest.raises(RoomDirectoryError) as caught:
                await directory.list_rooms(address)
            assert caught.value.error is not None
            assert caught.value.error.kind in (ErrorKind.ROOM_SERVICE_NOT_FOUND,
                                               ErrorKind.UNREACHABLE), address
            assert "group chat service" in str(caught.value) or "reach" in str(caught.value)
    finally:
        await app.close()
