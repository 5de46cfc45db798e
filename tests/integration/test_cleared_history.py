"""Deleted history stays deleted (issue 8): "Delete local history" leaves the server's archive
as it is, and neither scrolling back nor a later start whose catch-up starts over (no archive
bookmark kept) brings the deleted messages back; newer ones arrive. Real server, real peer."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from heron.application import Heron
from tests.helpers import until
from tests.integration.parties import account_for, eventually, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _bodies(app: Heron, alice: str, bob: str) -> list[str]:
    return [m.body for m in await app.repos.messages.page_before(alice, bob, None, 100)]


async def test_deleted_history_does_not_come_back_from_the_archive(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    profile = tmp_path / "alice"
    old = [f"before deleting {i}" for i in range(3)]
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    peer = await start_peer(server, bob, bob_pw)
    try:
        for body in old:
            peer.send_message(mto=alice, mbody=body, mtype="chat")
        await eventually(lambda: _bodies(app, alice, bob), lambda b: b == old)
        assert await app.history.delete_conversation(alice, bob) == len(old)

        # Scrolling back past the (now empty) local history asks the archive.
        await app.sessions[alice].mam.fetch_older(bob)
        assert await _bodies(app, alice, bob) == []

        # The archive bookmark is lost (as when the archive no longer knows its id): the next
        # start's catch-up pages back from the newest message.
        await app.repos.mam.clear(alice)
    finally:
        await app.close()

    await asyncio.sleep(1.0)  # archive stamps have whole seconds on Prosody
    new = ["after deleting"]
    for body in new:
        peer.send_message(mto=alice, mbody=body, mtype="chat")
    # The server answers in order: after this answer the message is in the archive.
    await peer.plugin["xep_0199"].ping(peer.boundjid.domain)
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    try:
        session = app.sessions[alice]
        await until(lambda: session.set_up, 15)
        assert await eventually(lambda: _bodies(app, alice, bob), lambda b: b == new) == new
        pointer = await app.repos.mam.get(alice, alice, "")
        assert pointer is not None  # the catch-up ran (and started over)
        await session.mam.fetch_older(bob)
        assert await _bodies(app, alice, bob) == new
    finally:
        await stop_peer(peer)
        await app.close()
