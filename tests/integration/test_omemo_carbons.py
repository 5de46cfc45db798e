"""Own devices (issue 11 point 4): a message the user sent encrypted from another of their
clients comes back as a sent carbon (XEP-0280) that carries a key for this device too; Heron
decrypts it and shows it as the user's own outgoing message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from slixmpp import JID

from heron.core.events import Direction, MessagesAdded
from heron.crypto.omemo import TWOMEMO
from tests.helpers import until
from tests.integration.omemo_peers import encrypted_stanza, heron_and_peer, start_omemo_peer
from tests.integration.parties import stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_a_message_sent_encrypted_from_the_users_phone_shows_as_outgoing(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        phone = await start_omemo_peer(server, chat.alice, chat.alice_password, "both",
                                       resource="phone")
        try:
            # The phone knows this device (Alice's own device list) and encrypts for it too.
            await phone.omemo.refresh_device_lists({JID(chat.alice)}, force_download=True)
            text = "Sent from my phone, encrypted"
            (await encrypted_stanza(phone, chat.bob, text, namespace=TWOMEMO)).send()
            await until(lambda: (TWOMEMO, text) in chat.peer.decrypted, 30)  # Bob reads it
            await until(lambda: any(m.body == text for e in chat.shown.of(MessagesAdded)
                                    for m in e.messages), 30)
            stored = await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 10)
            assert [(m.body, m.direction) for m in stored] == [(text, Direction.OUTGOING)]
            how = await chat.session.omemo.repo.encryption_of(stored[0].pk)
            assert how is not None and how.namespace == TWOMEMO
            assert how.device_id == await phone.device_id()
            # The keys view's "last message" of the phone is this one.
            last = await chat.session.omemo.trust.last_seen(chat.alice)
            assert last == {how.device_id: stored[0].timestamp}
        finally:
            await stop_peer(phone.client)
