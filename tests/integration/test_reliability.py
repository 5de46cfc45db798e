"""Offline and back: MAM catch-up without duplicates, the outbox, stream resumption."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from heron.core.events import ConnectionState, DeliveryState, Direction
from tests.helpers import until
from tests.integration.parties import (
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
    wait_state,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _stored(app, alice, bob):  # type: ignore[no-untyped-def]
    return await app.repos.messages.page_before(alice, bob, None, 10_000)


async def test_missed_messages_arrive_once_after_reconnect(server, make_user, tmp_path: Path):
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    account = account_for(server, alice)
    app = await start_heron(tmp_path / "alice", account, alice_pw)
    bob_client = await start_peer(server, bob, bob_pw)
    try:
        bob_client.send_message(mto=alice, mbody="live one", mtype="chat")
        await eventually(lambda: _stored(app, alice, bob), lambda r: len(r) == 1)
        await app.close()  # Heron quits
        await asyncio.sleep(1.1)  # server stamps (XEP-0203) have whole seconds only

        for i in range(5):  # ...while Bob goes on writing
            bob_client.send_message(mto=alice, mbody=f"while away {i}", mtype="chat")
        await asyncio.sleep(0.5)

        # Restart: offline delivery and MAM both carry these; each must show once.
        app = await start_heron(tmp_path / "alice", account, alice_pw)
        stored = await eventually(lambda: _stored(app, alice, bob), lambda r: len(r) >= 6)
        await asyncio.sleep(1.0)
        stored = await _stored(app, alice, bob)
        assert [m.body for m in stored] == ["live one"] + [f"while away {i}" for i in range(5)]

        # And again: a reconnect's catch-up adds nothing twice.
        session = app.sessions[alice]
        session.client.abort()
        await wait_state(app, alice, ConnectionState.CONNECTED, 20)
        await asyncio.sleep(1.0)
        assert len(await _stored(app, alice, bob)) == 6
    finally:
        await stop_peer(bob_client)
        await app.close()


async def test_message_sent_while_link_is_down_arrives_exactly_once(server, make_user,
                                                                   tmp_path: Path):
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    bob_client = await start_peer(server, bob, bob_pw)
    try:
        session = app.sessions[alice]
        session.client.abort()  # the TCP link drops (no clean close)
        await until(lambda: session.connection.state is not ConnectionState.CONNECTED)
        await session.chat.send(bob, "typed in the tunnel")
        stored = await _stored(app, alice, bob)
        assert stored[-1].state is DeliveryState.PENDING
        await wait_state(app, alice, ConnectionState.CONNECTED, 20)
        await until(lambda: "typed in the tunnel" in bob_client.bodies(), 15)
        await asyncio.sleep(1.0)
        assert bob_client.bodies().count("typed in the tunnel") == 1
        stored = await eventually(lambda: _stored(app, alice, bob),
                                  lambda r: r[-1].state is not DeliveryState.PENDING)
        assert stored[-1].state in (DeliveryState.SENT, DeliveryState.DELIVERED)
        assert await eventually(lambda: app.repos.outbox.pending(alice), lambda r: r == []) == []
    finally:
        await stop_peer(bob_client)
        await app.close()


async def test_outbox_survives_a_restart(server, make_user, tmp_path: Path):
    """A message written while offline is sent at the next start, once."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    account = account_for(server, alice)
    app = await start_heron(tmp_path / "alice", account, alice_pw, connect=False)
    app.start_account(alice)  # a session object exists, but we send before it is online
    await app.sessions[alice].chat.send(bob, "written offline")
    await app.close()
    bob_client = await start_peer(server, bob, bob_pw)
    try:
        app = await start_heron(tmp_path / "alice", account, alice_pw)
        await until(lambda: "written offline" in bob_client.bodies(), 15)
        await asyncio.sleep(0.5)
        assert bob_client.bodies() == ["written offline"]
        stored = await _stored(app, alice, bob)
        assert [(m.direction, m.body) for m in stored] == [(Direction.OUTGOING, "written offline")]
    finally:
        await stop_peer(bob_client)
        await app.close()


async def test_scrolling_up_pages_history_from_the_archive(server, make_user, tmp_path: Path):
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    bob_client = await start_peer(server, bob, bob_pw)
    for i in range(120):
        bob_client.send_message(mto=alice, mbody=f"history {i:03d}", mtype="chat")
    await asyncio.sleep(1.0)
    # A fresh profile: the catch-up takes the newest page, older pages come on demand.
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    try:
        session = app.sessions[alice]
        await eventually(lambda: _stored(app, alice, bob), lambda r: len(r) >= 1)
        total = len(await _stored(app, alice, bob))
        while await session.mam.fetch_older(bob) > 0:
            pass
        # The offline backlog may still be arriving (it is read in slices): wait for all of
        # it, then nothing may be missing, doubled or out of order.
        stored = await eventually(lambda: _stored(app, alice, bob), lambda r: len(r) >= 120)
        bodies = [m.body for m in stored]
        assert bodies == [f"history {i:03d}" for i in range(120)], (total, len(bodies))
    finally:
        await stop_peer(bob_client)
        await app.close()
