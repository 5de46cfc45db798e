"""XEP-0198: after a dropped connection that Heron resumes, the roster still shows who is
online (a second real client stays online throughout)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import DeliveryState, Direction, NewMessage, PresenceChanged
from heron.models.roster import RosterModel, RosterRoles
from tests.helpers import until
from tests.integration.parties import Recorder, account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _shown(model: RosterModel, jid: str) -> Any:
    """The presence the roster row shows for ``jid`` (what the user sees)."""
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(RosterRoles.Jid) == jid:
            return index.data(RosterRoles.Show)
    return None


async def _online_pair(server: Any, make_user: Any, profile: Path
                       ) -> tuple[Any, Any, RosterModel, str, str]:
    """Heron (alice) with Bob in her roster, both online; the roster model the window uses."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    model = RosterModel(app.bus)
    peer = await start_peer(server, bob, bob_pw)  # approves alice's request by itself
    await app.sessions[alice].roster.add(bob, "Bob", ())
    await until(lambda: _shown(model, bob) == "available", 10)
    return app, peer, model, alice, bob


async def _drop_and_resume(app: Any, alice: str) -> None:
    session = app.sessions[alice]
    resumed: list[bool] = []
    session.connection.on_session(resumed.append)
    session.client.transport.abort()  # the TCP connection breaks; the server hibernates us
    await until(lambda: resumed == [True], 15)


@pytest.mark.parametrize("grace", ["kept-while-reconnecting", "hidden-then-restored"])
async def test_contacts_stay_online_after_a_resumed_stream(grace, server, make_user,
                                                           tmp_path: Path):
    app, peer, model, alice, bob = await _online_pair(server, make_user, tmp_path / "alice")
    try:
        presence = app.sessions[alice].presence
        if grace == "hidden-then-restored":
            presence.grace_seconds = 0.05  # shorter than Heron's first reconnect delay
        rec = Recorder(app, PresenceChanged)
        await _drop_and_resume(app, alice)
        await until(lambda: not presence._dirty, 2)  # the coalesced repaint went out
        assert presence.best(bob)[0] == "available"
        shows = [e.show for e in rec.of(PresenceChanged) if e.jid == bob]
        if grace == "hidden-then-restored":
            assert shows[0] == "offline"  # shown offline while away, back after resuming
        else:
            assert "offline" not in shows  # a short drop does not flicker
        assert not shows or shows[-1] == "available"
        await until(lambda: _shown(model, bob) == "available", 2)
        # ... and the roster keeps following the contact after the resumption.
        peer.send_presence(pshow="away")
        await until(lambda: _shown(model, bob) == "away", 10)
    finally:
        await stop_peer(peer)
        await app.close()


async def test_contacts_go_offline_when_the_account_does(server, make_user, tmp_path: Path):
    app, peer, model, alice, bob = await _online_pair(server, make_user, tmp_path / "alice")
    try:
        await app.sessions[alice].disconnect()
        await until(lambda: _shown(model, bob) == "offline", 5)
    finally:
        await stop_peer(peer)
        await app.close()


async def test_contact_that_left_during_an_unresumable_drop_is_shown_offline(server_class,
                                                                              tmp_path: Path):
    """The server restarts (so our stream cannot be resumed) and Bob does not come back:
    the fresh session must not keep showing him online from before."""
    with server_class(tmp_path / "srv") as server:
        users = iter(["alice", "bob"])
        app, peer, model, alice, bob = await _online_pair(
            server, lambda: (server.register(next(users), "pw"), "pw"), tmp_path / "alice")
        try:
            resumed: list[bool] = []
            app.sessions[alice].connection.on_session(resumed.append)
            server.restart()  # Bob's plain client does not reconnect; Heron does
            await until(lambda: resumed == [False], 20)
            # Bob stays a contact (ejabberd answers the versioned roster request with an
            # empty result, "nothing changed"), shown offline, also in the cache.
            await until(lambda: _shown(model, bob) == "offline", 5)
            assert [e.jid for e in await app.repos.roster.load(alice)] == [bob]
        finally:
            await stop_peer(peer)
            await app.close()


async def test_a_message_flushed_twice_at_once_reaches_the_contact_once(server, make_user,
                                                                       tmp_path: Path):
    """A start-up cut short by a drop finishes on the resumed stream, so two outbox flushes
    can run at once (its own and the resumed session's). The contact must get one copy."""
    app, peer, _model, alice, bob = await _online_pair(server, make_user, tmp_path / "alice")
    try:
        session = app.sessions[alice]
        for n in range(3):
            waiting = NewMessage(
                account=alice, peer=bob, direction=Direction.OUTGOING, body=f"queued {n}",
                timestamp=time.time(), origin_id=f"queued-{n}", message_id=f"queued-{n}",
                state=DeliveryState.PENDING)
            await session.repos.outbox.add_and_enqueue(waiting)  # in the outbox, not sent
        await asyncio.gather(session.outbox.flush(True), session.outbox.flush(True),
                             session.outbox.flush(False))
        # Sent after the flushes on the same stream: the server delivers in order, so when it
        # arrives any second copy would have arrived before it.
        await session.chat.send(bob, "after the flush")
        await until(lambda: "after the flush" in peer.bodies(), 10)
        assert sorted(peer.bodies()) == ["after the flush", "queued 0", "queued 1", "queued 2"]
        for _ in range(200):  # and nothing stays queued to go out a third time later
            if not await session.repos.outbox.pending(alice):
                break
            await asyncio.sleep(0.05)
        assert await session.repos.outbox.pending(alice) == []
    finally:
        await stop_peer(peer)
        await app.close()
