"""A contact who is not in Heron's roster sends no device list notifications (issue 11): Heron
asks for their device lists again once what it knows is older than MAX_AGE, before it
encrypts, so a device they added meanwhile gets the next message too."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.crypto.omemo import BOTH, TWOMEMO
from heron.xmpp.services import omemo_device_lists
from tests.helpers import until
from tests.integration.omemo_peers import (
    heron_and_peer,
    published_device_ids,
    start_omemo_peer,
)
from tests.integration.parties import stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_a_strangers_new_device_gets_the_next_message_once_the_list_is_old(
        server, make_user: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(omemo_device_lists, "MAX_AGE", 2.0)  # a minute in the app
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        session, lists = chat.session, chat.session.omemo.device_lists
        assert not session.client.client_roster.has_jid(chat.bob)  # a stranger to Heron
        assert await session.chat.send(chat.bob, "one")
        await until(lambda: [t for _ns, t in chat.peer.decrypted] == ["one"], 30)
        phone = await chat.peer.device_id()
        assert set(lists.known(chat.bob, TWOMEMO) or {}) == {phone}

        # Bob adds a laptop: his device list now names both; Heron is not told.
        laptop = await start_omemo_peer(server, chat.bob, chat.bob_password, "both",
                                        resource="laptop")
        try:
            second = await laptop.device_id()
            for namespace in BOTH:
                assert await published_device_ids(laptop.client, chat.bob, namespace) == {
                    phone, second}
            assert second not in (lists.known(chat.bob, TWOMEMO) or {})
            # What Heron knows grows old (MAX_AGE); the next message asks again first.
            await until(lambda: not any(lists.current(chat.bob, ns) for ns in BOTH), 30)
            assert await session.chat.send(chat.bob, "two")
            await until(lambda: [t for _ns, t in laptop.decrypted] == ["two"], 30,
                        shown=lambda: (laptop.decrypted, lists.known(chat.bob, TWOMEMO)))
            await until(lambda: [t for _ns, t in chat.peer.decrypted] == ["one", "two"], 30)
            assert "two" not in laptop.client.bodies()  # never in plaintext
        finally:
            await stop_peer(laptop.client)
