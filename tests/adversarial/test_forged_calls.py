"""Ringing that someone else tries to steer (XEP-0353; issue 10's rules): a stranger's call
does not ring unless the user allowed it, and a call is moved on (retracted, proceeded) only
by its own peer; a second proposal of a running session id cannot take the call over. The
hostile party is a real slixmpp client on the real server."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from heron.calls.api import CallRequest
from heron.demo.rig import RigServer
from tests.adversarial.hostile_parties import callee_and_stranger
from tests.adversarial.test_forged_stanzas import _rejections
from tests.helpers import until
from tests.integration.call_parties import device, jmi_received, recording_jmi, send_jmi
from tests.integration.heron_process import befriend
from tests.integration.parties import Peer, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
User = tuple[str, str]


async def test_a_stranger_rings_only_when_strangers_may_call(
        server: RigServer, make_user: Callable[[], User], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "heron.policy")
    async with callee_and_stranger(server, make_user, tmp_path) as (bob, callee, mallory):
        send_jmi(mallory, bob[0], "propose", "stranger-1")
        await until(lambda: _rejections(caplog, "jmi propose") == ["stranger"])
        await asyncio.sleep(0.3)
        assert not callee.incoming("stranger-1")
        assert jmi_received(mallory) == [], "not even <ringing/> or <reject/>: nothing leaks"

        callee.app.settings.calls_from_strangers = True  # "Allow calls from people not in ..."
        send_jmi(mallory, bob[0], "propose", "stranger-2")
        await until(lambda: callee.incoming("stranger-2"))
        assert callee.incoming("stranger-2")[0].peer == str(mallory.boundjid)


@asynccontextmanager
async def _call_with_mallory_around(server: RigServer, make_user: Callable[[], User],
                                    tmp_path: Path) -> AsyncIterator[tuple[Any, Any, Peer]]:
    alice, bob, mallory_user = make_user(), make_user(), make_user()
    await befriend(server, alice, bob)
    await befriend(server, mallory_user, bob)  # a contact of Bob's, and hostile
    await befriend(server, mallory_user, alice)
    caller = await device(server, alice, tmp_path / "alice")
    callee = await device(server, bob, tmp_path / "bob")
    mallory = await start_peer(server, *mallory_user, setup=recording_jmi)
    try:
        yield caller, callee, mallory
    finally:
        await stop_peer(mallory)
        await caller.app.close()
        await callee.app.close()


async def test_only_the_caller_retracts_and_a_second_proposal_takes_nothing_over(
        server: RigServer, make_user: Callable[[], User], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "heron.policy")
    async with _call_with_mallory_around(server, make_user, tmp_path) as (
            caller, callee, mallory):
        sid = caller.jmi.call(callee.jid)
        await until(lambda: callee.incoming(sid))
        send_jmi(mallory, callee.jid, "retract", sid)
        await until(lambda: _rejections(caplog, "jmi retract") == ["not-from-peer"])
        send_jmi(mallory, callee.jid, "propose", sid)
        await until(lambda: _rejections(caplog, "jmi propose") == ["sid-taken"])
        await asyncio.sleep(0.3)
        assert not callee.ended(sid), "still ringing"
        assert len(callee.incoming(sid)) == 1

        callee.jmi.accept(sid)
        await until(lambda: caller.jingle.started)
        assert callee.jingle.expected == [CallRequest(peer=caller.full, sid=sid)]
        assert "proceed" not in jmi_received(mallory)


async def test_only_the_callee_proceeds(
        server: RigServer, make_user: Callable[[], User], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "heron.policy")
    async with _call_with_mallory_around(server, make_user, tmp_path) as (
            caller, callee, mallory):
        sid = caller.jmi.call(callee.jid, video=True)
        await until(lambda: callee.incoming(sid))
        send_jmi(mallory, caller.full, "proceed", sid)
        await until(lambda: _rejections(caplog, "jmi proceed") == ["not-from-peer"])
        await asyncio.sleep(0.3)
        assert not caller.jingle.started, "no session with Mallory's device"

        callee.jmi.accept(sid)
        await until(lambda: caller.jingle.started)
        assert caller.jingle.started == [CallRequest(peer=callee.full, sid=sid, video=True)]


def _quiet_phone(peer: Peer) -> None:
    """The callee's plain client: it keeps the JMI it gets and sends no receipt by itself."""
    recording_jmi(peer)
    peer.plugin["xep_0184"].auto_ack = False


async def test_a_receipt_to_the_proposal_from_someone_else_does_not_ring(
        server: RigServer, make_user: Callable[[], User], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """Conversations says "ringing" by a receipt to the proposal (jm-propose-<sid>); only a
    receipt from the callee's account may make the caller's Heron say the call rings."""
    from heron.core.events import CallStateChanged
    from tests.integration.parties import Recorder, account_for, start_heron

    caplog.set_level(logging.WARNING, "heron.policy")
    alice, bob, mallory_user = make_user(), make_user(), make_user()
    await befriend(server, alice, bob)
    await befriend(server, mallory_user, alice)  # a contact of Alice's, and hostile
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    phone = await start_peer(server, *bob, setup=_quiet_phone)
    mallory = await start_peer(server, *mallory_user)
    try:
        states = Recorder(app, CallStateChanged)
        caller = app.sessions[alice[0]]
        sid = caller.jmi.call(bob[0])
        await until(lambda: phone.jmi)  # type: ignore[attr-defined]

        def receipt_from(sender: Peer) -> None:
            msg = sender.make_message(mto=str(caller.client.boundjid), mtype="chat")
            msg["receipt"] = f"jm-propose-{sid}"
            msg.send()

        def rings() -> bool:
            return any(e.sid == sid and e.state == "ringing" for e in states.of(CallStateChanged))

        receipt_from(mallory)
        await until(lambda: _rejections(caplog, "jmi-receipt") == ["not-the-callee"])
        await asyncio.sleep(0.3)
        assert not rings(), "Mallory's receipt does not make Alice's Heron say it rings"

        receipt_from(phone)  # the callee's own receipt does (the path is live)
        await until(rings)
    finally:
        await stop_peer(mallory)
        await stop_peer(phone)
        await app.close()
