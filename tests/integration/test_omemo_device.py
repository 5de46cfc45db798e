"""OMEMO foundation (issue 11): after login Heron publishes a device and bundle in both OMEMO
namespaces, which another real client reads; a restart keeps the device and its identity."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.crypto.omemo import BOTH
from tests.helpers import until
from tests.integration.omemo_peers import has_bundle, published_device_ids
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_device_published_in_both_namespaces_and_kept_across_restart(
        server, make_user: Callable, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    account = account_for(server, alice)
    app = await start_heron(tmp_path / "alice", account, alice_pw)
    reader = await start_peer(server, bob, bob_pw,
                              setup=lambda p: p.register_plugin("xep_0060"))
    try:
        session = app.sessions[alice]
        await until(session.omemo.ready.is_set, 60)
        first = await session.omemo.own_device()
        assert first.namespaces == frozenset(BOTH)
        for namespace in BOTH:  # what Bob's client reads from Alice's account
            assert first.device_id in await published_device_ids(reader, alice, namespace)
            assert await has_bundle(reader, alice, namespace, first.device_id)
        await app.close()
        app = await start_heron(tmp_path / "alice", account, alice_pw)
        session = app.sessions[alice]
        await until(session.omemo.ready.is_set, 60)
        again = await session.omemo.own_device()
        assert (again.device_id, again.identity_key) == (first.device_id, first.identity_key)
        for namespace in BOTH:
            assert await published_device_ids(reader, alice, namespace) == {first.device_id}
    finally:
        await stop_peer(reader)
        await app.close()
