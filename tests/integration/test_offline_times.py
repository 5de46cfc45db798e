"""Messages kept for us while we were offline keep the time they were sent: they arrive right
after our first presence, before our archive's disco answer, and wait for it (XEP-0359 §4)
instead of losing their archive id and time."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from tests.integration.parties import account_for, eventually, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_offline_messages_keep_their_archive_id_and_time(server: Any, make_user: Any,
                                                               tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    bob_client = await start_peer(server, bob, bob_pw)
    try:
        sent_at = time.time()
        bob_client.send_message(mto=alice, mbody="while you were away", mtype="chat")
        await asyncio.sleep(2.5)  # server stamps have whole seconds
        app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
        try:
            rows = await eventually(
                lambda: app.repos.messages.page_before(alice, bob, None, 9), bool)
            assert [m.body for m in rows] == ["while you were away"]
            assert rows[0].stanza_id  # the archive's id, believed once disco said so
            assert abs(rows[0].timestamp - sent_at) < 1.5  # sent, not arrived (2.5 s later)
        finally:
            await app.close()
    finally:
        await stop_peer(bob_client)
