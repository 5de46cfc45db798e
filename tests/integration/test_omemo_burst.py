"""A burst of encrypted messages (issue 11, performance): a contact's client that comes online
with many queued messages sends them all at once, each still carrying the key exchange (it has
not heard back yet). Every one is decrypted and shown, in the order it was written; none shows
as the fallback body or a placeholder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.events import Direction, MessagesAdded
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from tests.helpers import until
from tests.integration.omemo_peers import encrypted_stanza, heron_and_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

BURST = 40


@pytest.mark.parametrize("namespace", [TWOMEMO, OLDMEMO])
async def test_burst_of_encrypted_messages_is_all_decrypted_in_order(
        server, make_user: Callable, tmp_path: Path, namespace: str) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        texts = [f"queued message {n:02d}" for n in range(BURST)]
        # Encrypted before any is sent: each one carries the key exchange.
        stanzas = [await encrypted_stanza(chat.peer, chat.alice, text, namespace=namespace)
                   for text in texts]
        for stanza in stanzas:
            stanza.send()

        def shown() -> list[str]:
            return [m.body for e in chat.shown.of(MessagesAdded) for m in e.messages
                    if m.direction is Direction.INCOMING]

        await until(lambda: len(shown()) >= BURST, 120, shown=shown)
        assert shown() == texts
        stored = await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 100)
        assert [m.body for m in stored] == texts
        encryption = await chat.session.omemo.repo.encryption_in(chat.bob)
        assert {encryption[m.pk].namespace for m in stored} == {namespace}
