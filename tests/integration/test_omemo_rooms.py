"""OMEMO in rooms (issue 11 point 5): in a members-only, non-anonymous room Heron encrypts to
every occupant's devices (legacy or OMEMO 2, as each speaks) and reads what they encrypt, by
their real JIDs; a room where someone has no device gets nothing in plaintext; an open room is
not encrypted, and Heron says why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.events import DeliveryState, MessagesAdded, MessageUpdated
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.models.messages import delivery_problem
from tests.helpers import until
from tests.integration.omemo_peers import heron_and_peer, start_omemo_peer
from tests.integration.omemo_room_peers import (
    RoomListener,
    enter,
    private_room,
    say_encrypted,
)
from tests.integration.parties import stop_peer
from tests.integration.rooms import create_room, room_address, start_occupant

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _stored(chat, room: str) -> list:  # type: ignore[no-untyped-def]
    return await chat.app.repos.messages.page_before(chat.alice, room, None, 100)


async def test_private_room_is_encrypted_to_every_occupant_and_read_by_real_jid(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
        carol_jid, carol_pw = make_user()
        carol = await start_omemo_peer(server, carol_jid, carol_pw, "omemo2")
        try:
            room = room_address(server, "secret")
            await private_room(chat.peer, room, "Bob", [chat.alice, carol_jid])
            await enter(carol.client, room, "Carol")
            bob_hears, carol_hears = RoomListener(chat.peer, room), RoomListener(carol, room)
            session = chat.session
            await session.muc.join(room, "Alice")
            assert session.omemo.rooms.why_not(room) == ""
            await until(lambda: {o.jid for o in session.muc.occupants(room)} >= {
                chat.bob, carol_jid}, 15)

            assert await session.muc.send(room, "The plan: <b>Tuesday</b>")
            await until(lambda: bob_hears.decrypted and carol_hears.decrypted, 30)
            assert bob_hears.decrypted == [(OLDMEMO, chat.alice, "The plan: <b>Tuesday</b>")]
            assert carol_hears.decrypted == [(TWOMEMO, chat.alice, "The plan: <b>Tuesday</b>")]
            assert not any("Tuesday" in body for body in bob_hears.bodies + carol_hears.bodies)
            mine = (await _stored(chat, room))[0]
            await until(lambda: any(e.message.pk == mine.pk
                                    and e.message.state is DeliveryState.SENT
                                    for e in chat.shown.of(MessageUpdated)), 15)

            # (a legacy-only Bob and an OMEMO-2-only Carol cannot read each other)
            await say_encrypted(chat.peer, room, {chat.alice}, "from Bob, legacy")
            await say_encrypted(carol, room, {chat.alice}, "from Carol, OMEMO 2")
            shown = lambda: [m for e in chat.shown.of(MessagesAdded)  # noqa: E731
                             for m in e.messages if m.peer == room and m.direction.value == "in"]
            await until(lambda: len(shown()) == 2, 30)
            by_nick = {m.sender_resource: m for m in shown()}
            assert by_nick["Bob"].body == "from Bob, legacy"
            assert by_nick["Carol"].body == "from Carol, OMEMO 2"
            for nick, namespace, peer in (("Bob", OLDMEMO, chat.peer), ("Carol", TWOMEMO, carol)):
                how = await session.omemo.repo.encryption_of(by_nick[nick].pk)
                assert how is not None
                assert (how.namespace, how.device_id) == (namespace, await peer.device_id())
        finally:
            await stop_peer(carol.client)


async def test_room_where_an_occupant_has_no_device_sends_nothing_and_names_them(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        dave_jid, dave_pw = make_user()
        dave = await start_occupant(server, dave_jid, dave_pw)  # no OMEMO at all
        try:
            room = room_address(server, "halfsecret")
            await private_room(chat.peer, room, "Bob", [chat.alice, dave_jid])
            await enter(dave, room, "Dave")
            bob_hears = RoomListener(chat.peer, room)
            session = chat.session
            await session.muc.join(room, "Alice")
            await until(lambda: dave_jid in {o.jid for o in session.muc.occupants(room)}, 15)

            assert await session.muc.send(room, "not for Dave's eyes")
            await until(lambda: any(e.message.state is DeliveryState.BOUNCED
                                    for e in chat.shown.of(MessageUpdated)), 30)
            stored = (await _stored(chat, room))[0]
            assert stored.failure_condition == "omemo-room-no-devices"
            line = delivery_problem(stored)
            assert line.startswith(f"Not sent: {dave_jid} in this room have no device")
            await say_encrypted(chat.peer, room, {chat.alice}, "marker")  # after ours, if sent
            await until(lambda: len(bob_hears.bodies) >= 1, 15)
            assert not any("Dave's eyes" in body for body in bob_hears.bodies)
        finally:
            await stop_peer(dave)


async def test_open_room_is_not_encrypted_and_says_why(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        room = room_address(server, "open")
        await create_room(chat.peer.client, room, "Bob", whois="anyone")
        bob_hears = RoomListener(chat.peer, room)
        session = chat.session
        await session.muc.join(room, "Alice")
        assert session.omemo.rooms.why_not(room) == "members-only"
        assert not await session.omemo.rooms.chat_encrypted(room)
        assert await session.muc.send(room, "hello, everyone")
        await until(lambda: "hello, everyone" in bob_hears.bodies, 15)

