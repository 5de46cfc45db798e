"""Receiving OMEMO (issue 11 point 3): a message from a legacy-only, an OMEMO-2-only and a
both-versions peer is decrypted, shown and stored with its encryption; the plaintext fallback
beside the payload is never the message; what cannot be decrypted shows a clear placeholder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.events import MessagesAdded
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from tests.helpers import until
from tests.integration.omemo_peers import (
    FALLBACK,
    encrypted_stanza,
    heron_and_peer,
    send_encrypted,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

KIND_SENDS = {"legacy": OLDMEMO, "omemo2": TWOMEMO, "both": TWOMEMO}


def _bodies(events: list[MessagesAdded]) -> list[str]:
    return [m.body for e in events for m in e.messages]


@pytest.mark.parametrize("kind", ["legacy", "omemo2", "both"])
async def test_message_from_each_kind_of_peer_is_decrypted_and_stored_with_its_encryption(
        server, make_user: Callable, tmp_path: Path, kind: str) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", kind) as chat:
        text = f"Secret from a {kind} client: <b>not bold</b> & more"
        await send_encrypted(chat.peer, chat.alice, text)
        await until(lambda: text in _bodies(chat.shown.of(MessagesAdded)), 30)
        stored = await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 100)
        assert [m.body for m in stored] == [text]
        assert FALLBACK not in _bodies(chat.shown.of(MessagesAdded))
        how = await chat.session.omemo.repo.encryption_of(stored[0].pk)
        assert how is not None
        assert (how.namespace, how.device_id, how.trust) == (
            KIND_SENDS[kind], await chat.peer.device_id(), "BLINDLY_TRUSTED")


async def test_message_not_encrypted_for_this_device_shows_a_placeholder(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        for namespace in (TWOMEMO, OLDMEMO):
            stanza = await encrypted_stanza(chat.peer, chat.alice, "for another device",
                                            namespace=namespace)
            for key in stanza.xml.iter(f"{{{namespace}}}key"):
                key.set("rid", "1")  # as if encrypted for a device that is not this one
            stanza.send()
        await until(lambda: len(_bodies(chat.shown.of(MessagesAdded))) == 2, 30)
        stored = await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 100)
        namespaces = set()
        for message in stored:
            assert message.body.startswith(
                "This message was encrypted for a device that is not this one")
            assert "for another device" not in message.body and FALLBACK not in message.body
            how = await chat.session.omemo.repo.encryption_of(message.pk)
            assert how is not None and how.trust == ""
            assert how.device_id == await chat.peer.device_id()
            namespaces.add(how.namespace)
        assert len(stored) == 2 and namespaces == {TWOMEMO, OLDMEMO}
