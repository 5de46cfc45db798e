"""Encrypted messages from the archive (issue 11 point 7): what an OMEMO peer sent while Heron
was closed is decrypted at the next start (catch-up from the archive, and the server's offline
copy of the same message) and shown once, readable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.events import MessagesAdded
from tests.helpers import until
from tests.integration.omemo_peers import FALLBACK, send_encrypted, start_omemo_peer
from tests.integration.parties import (
    Recorder,
    account_for,
    start_heron,
    start_peer,
    stop_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_messages_sent_while_closed_are_decrypted_once_at_the_next_start(
        server, make_user: Callable, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    profile = tmp_path / "alice"
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    await until(app.sessions[alice].omemo.ready.is_set, 60)  # device and bundle published
    await app.close()
    peer = await start_omemo_peer(server, bob, bob_pw, "both")
    # Alice's phone is online meanwhile: the server delivers there and keeps no offline
    # copy, so Heron finds these messages only in the archive.
    phone = await start_peer(server, alice, alice_pw, resource="phone")
    phone_got: list[object] = []
    phone.add_event_handler("message", phone_got.append)
    try:
        for text in ("first while you were away", "second while you were away"):
            await send_encrypted(peer, alice, text)
        await until(lambda: len(phone_got) == 2, 15)
        app = await start_heron(profile, account_for(server, alice), alice_pw)
        shown = Recorder(app, MessagesAdded)
        try:
            def bodies() -> list[str]:
                return [m.body for e in shown.of(MessagesAdded) for m in e.messages]

            await until(lambda: len(bodies()) >= 2, 60)
            await app.sessions[alice].omemo.receiver.drain()
            rows = await app.repos.messages.page_before(alice, bob, None, 100)
            assert [m.body for m in rows] == ["first while you were away",
                                              "second while you were away"]
            assert FALLBACK not in bodies()
        finally:
            await app.close()
    finally:
        await stop_peer(phone)
        await stop_peer(peer.client)
