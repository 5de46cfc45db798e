"""Replaced by another login (RFC 6120 §4.9.3.3 <conflict/>) while a large read is being handled:
the server's last words came behind it, waited among the slices Heron hands to slixmpp a few
kilobytes at a time (xmlguard.py), and were dropped when the server closed the connection.
Heron then took the end for a lost connection and logged in again, replacing the other login
in turn (test_connection.py's rare failure, OMEMO's start-up reading large answers then)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.errors import ErrorKind
from heron.core.events import ConnectionChanged, ConnectionState
from heron.demo.rig import RigServer
from tests.helpers import until
from tests.integration.holding_proxy import HoldingProxy
from tests.integration.parties import (
    Recorder,
    start_heron,
    start_peer,
    state_of,
    stop_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_a_conflict_behind_a_large_read_stops_heron_instead_of_fighting_back(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    proxy = HoldingProxy(server)
    await proxy.start()
    app = await start_heron(tmp_path / "alice",
                            proxy.account(alice),
                            alice_pw)
    bob_client = await start_peer(server, bob, bob_pw)
    changes = Recorder(app, ConnectionChanged)
    other = None
    try:
        # Bob's long messages and then the server's <conflict/> reach Heron in one large read
        # (the messages stay on the server: the next login's catch-up brings them).
        proxy.holding = True
        texts = [f"{n} " + "long line " * 300 for n in range(300)]
        for text in texts:
            bob_client.send_message(mto=alice, mbody=text, mtype="chat")
        await until(lambda: len(proxy.held) > 4 * len(texts[0]), 10)
        other = await start_peer(server, alice, alice_pw, resource="heron")  # replaces Heron
        await until(lambda: any(e.error for e in changes.events), 10,
                    shown=lambda: changes.events)
        error = next(e.error for e in changes.events if e.error)
        assert error.kind is ErrorKind.CONFLICT
        await asyncio.sleep(1)  # past a reconnect Heron would start
        assert state_of(app, alice) is ConnectionState.ERROR
        assert other.is_connected()
        assert [e.state for e in changes.events].count(ConnectionState.CONNECTING) == 0
    finally:
        if other is not None:
            await stop_peer(other)
        # The server has stored Bob's messages before the next test asks anything of it.
        await bob_client.plugin["xep_0199"].ping(jid=bob_client.boundjid.domain, timeout=60)
        await stop_peer(bob_client)
        await app.close()
        await proxy.close()
