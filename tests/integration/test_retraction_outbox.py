"""A message deleted for everyone while offline (XEP-0424) waits in the outbox: the bubble
shows it waiting, and the retraction reaches the contact once Heron is back online, also
after a restart, and only once when two flushes race. Real server, real second client."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import ConnectionState, DeliveryState, StoredMessage
from heron.xmpp.services.retraction import NS
from tests.helpers import until
from tests.integration.files_helpers import heron_and_peer
from tests.integration.parties import (
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
    wait_state,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _messages(app: Any, account: str, peer: str) -> list[StoredMessage]:
    """In the order they were written (the archive's whole-second times may tie)."""
    rows = await app.repos.messages.page_before(account, peer, None, 100)
    return sorted(rows, key=lambda m: m.pk)


def _settled(rows: list[StoredMessage]) -> bool:
    return all(m.state is not DeliveryState.PENDING for m in rows)


def _retracted_ids(peer: Any) -> list[str]:
    return [r.get("id") for m in peer.received
            if (r := m.xml.find(f"{{{NS}}}retract")) is not None]


async def test_a_retraction_made_offline_is_sent_on_reconnect(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    profile = tmp_path / "alice"
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    peer = await start_peer(server, bob, bob_pw)
    try:
        session = app.sessions[alice]
        thoughts = ["first thought", "second thought", "third thought"]
        for text in thoughts:
            await session.chat.send(bob, text)
        await until(lambda: peer.bodies() == thoughts)
        first_id, second_id, third_id = (str(m["id"]) for m in peer.received)
        sent = await eventually(lambda: _messages(app, alice, bob),
                                lambda ms: all(m.state is DeliveryState.DELIVERED for m in ms))

        await session.disconnect()
        await wait_state(app, alice, ConnectionState.OFFLINE)
        tombstone = await session.retraction.retract(sent[0])
        assert tombstone is not None and tombstone.retracted
        assert tombstone.state is DeliveryState.PENDING  # the tombstone says it is waiting

        session.connect()  # back online: the queued retraction goes out
        await until(lambda: _retracted_ids(peer) == [first_id], 15)
        stored = await eventually(lambda: _messages(app, alice, bob), _settled)
        assert [(m.retracted, m.state) for m in stored] == [
            (True, DeliveryState.DELIVERED), (False, DeliveryState.DELIVERED),
            (False, DeliveryState.DELIVERED)]
        # Online, the same queue: the tick comes back with the server's ack.
        assert await session.retraction.retract(stored[2]) is not None
        await until(lambda: _retracted_ids(peer) == [first_id, third_id], 15)
        stored = await eventually(lambda: _messages(app, alice, bob), _settled)
        assert [(m.retracted, m.state) for m in stored][2] == (True, DeliveryState.DELIVERED)

        # Offline again, and Heron quits before it is back: the queue outlives it.
        await session.disconnect()
        await wait_state(app, alice, ConnectionState.OFFLINE)
        assert await session.retraction.retract(stored[1]) is not None
    finally:
        await app.close()
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    try:
        await until(lambda: _retracted_ids(peer) == [first_id, third_id, second_id], 15)
        assert [(m.retracted, m.state) for m in await eventually(
            lambda: _messages(app, alice, bob), _settled)] == [
            (True, DeliveryState.DELIVERED)] * 3
        assert await app.sessions[alice].retraction.queued.repo.pending(alice) == []
    finally:
        await stop_peer(peer)
        await app.close()


async def test_a_retraction_flushed_twice_at_once_reaches_the_contact_once(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    """A start-up cut short by a drop finishes on the resumed stream, so two flushes of the
    retraction queue can run at once (its own and the resumed session's). The contact must
    get each retraction once."""
    async with heron_and_peer(server, make_user, tmp_path) as (app, peer, _watch):
        alice, bob = app.accounts[0].jid, str(peer.boundjid.bare)
        session = app.sessions[alice]
        for n in range(3):
            await session.chat.send(bob, f"regret {n}")
        await until(lambda: len(peer.bodies()) == 3)
        sent_ids = [str(m["id"]) for m in peer.received]
        sent = await eventually(lambda: _messages(app, alice, bob), lambda ms: len(ms) == 3)
        for message in sent:  # in the queue, as if made offline: not sent yet
            target = message.message_id or message.origin_id or ""
            assert await session.retraction.queued.retract(message, target, send=False)
        await asyncio.gather(session.retraction.queued.flush(True),
                             session.retraction.queued.flush(True),
                             session.retraction.queued.flush(False))
        # Sent after the flushes on the same stream: the server delivers in order, so when it
        # arrives any second copy would have arrived before it.
        await session.chat.send(bob, "after the flush")
        await until(lambda: "after the flush" in peer.bodies(), 10)
        assert sorted(_retracted_ids(peer)) == sorted(sent_ids)
        # And nothing stays queued to go out a third time later: every tombstone got its tick.
        stored = await eventually(lambda: _messages(app, alice, bob), _settled)
        assert [m.retracted for m in stored] == [True, True, True, False]
        assert await session.retraction.queued.repo.pending(alice) == []
