"""Keepalive pings (XEP-0199): an answer that comes late while the server keeps talking does
not drop the stream. slixmpp's own keepalive logged in again at once by itself; when the
server had just said another login replaced this one (<conflict/>, read but not yet handled),
that new login replaced the other device in turn (test_connection.py's rare failure)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.events import ConnectionChanged
from heron.demo.rig import RigServer
from tests.helpers import until
from tests.integration.holding_proxy import HoldingProxy
from tests.integration.parties import (
    Recorder,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

#: Heron's keepalive ping to its server (its id: the answer's)
PING = re.compile(rb"<iq [^>]*id=[\"']([^\"']+)[\"'][^>]*><ping xmlns=[\"']urn:xmpp:ping[\"']")


async def test_a_late_answer_to_a_ping_while_the_server_talks_keeps_the_stream(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from heron.xmpp import client

    monkeypatch.setattr(client, "KEEPALIVE_INTERVAL", 1)  # a ping every second,
    monkeypatch.setattr(client, "KEEPALIVE_TIMEOUT", 1)  # each answered within one
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    proxy = HoldingProxy(server, late_by=3.0)
    await proxy.start()
    app = await start_heron(tmp_path / "alice",
                            proxy.account(alice),
                            alice_pw)
    peer = await start_peer(server, bob, bob_pw)
    changes = Recorder(app, ConnectionChanged)
    sent: list[str] = []

    async def chatter() -> None:  # Bob writes five times a second
        while True:
            sent.append(f"line {len(sent)}")
            peer.send_message(mto=alice, mbody=sent[-1], mtype="chat")
            await asyncio.sleep(0.2)

    talking = asyncio.ensure_future(chatter())
    try:
        await until(lambda: len(sent) >= 3)
        proxy.late_answer = PING  # the next ping's answer comes 3 s late
        await until(lambda: proxy.late_sent, 15)
        await asyncio.sleep(1.5)  # past the decision a timeout of that ping would bring
        talking.cancel()
        # The stream never dropped: no "reconnecting", nothing of Bob's missing.
        assert changes.events == []
        stored = await eventually(
            lambda: app.repos.messages.page_before(alice, bob, None, 200),
            lambda rows: len(rows) == len(sent))
        assert sorted(m.body for m in stored) == sorted(sent)
    finally:
        talking.cancel()
        await stop_peer(peer)
        await app.close()
        await proxy.close()


async def test_a_server_gone_quiet_is_still_left_for_a_new_connection(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from heron.core.events import ConnectionState
    from heron.xmpp import client

    monkeypatch.setattr(client, "KEEPALIVE_INTERVAL", 1)
    monkeypatch.setattr(client, "KEEPALIVE_TIMEOUT", 1)
    alice, alice_pw = make_user()
    proxy = HoldingProxy(server, hold_from=PING)  # from the next ping on, nothing comes back
    await proxy.start()
    app = await start_heron(tmp_path / "alice",
                            proxy.account(alice),
                            alice_pw)
    changes = Recorder(app, ConnectionChanged)
    try:
        await until(lambda: proxy.holding, 10)
        # The ping has no answer and nothing else comes: the connection is lost, and Heron's
        # own reconnecting takes over (it says so, and would back off).
        await until(lambda: any(e.state is ConnectionState.RECONNECTING
                                for e in changes.events), 15)
        lost = next(e for e in changes.events if e.state is ConnectionState.RECONNECTING)
        assert lost.detail == "Connection lost." and lost.error is None
    finally:
        await app.close()
        await proxy.close()
