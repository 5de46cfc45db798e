"""Sending OMEMO (issue 11 point 4): a chat with a contact who publishes OMEMO devices is
encrypted from the first message, in the version each device speaks (OMEMO 2 preferred),
also for the user's own other devices; when it cannot be encrypted it is not sent and the
bubble says why; encryption can be turned off per chat."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.events import DeliveryState, MessageUpdated
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.xmpp.services.omemo_send import NOTICE
from tests.helpers import until
from tests.integration.omemo_peers import heron_and_peer, start_omemo_peer
from tests.integration.parties import Recorder, account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

KIND_GETS = {"legacy": OLDMEMO, "omemo2": TWOMEMO, "both": TWOMEMO}


@pytest.mark.parametrize("kind", ["legacy", "omemo2", "both"])
async def test_first_message_is_encrypted_for_the_peer_and_own_other_devices(
        server, make_user: Callable, tmp_path: Path, kind: str) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", kind) as chat:
        # Alice's phone: another OMEMO client of hers (speaking both versions).
        phone = await start_omemo_peer(server, chat.alice, chat.alice_password, "both",
                                       resource="phone")
        try:
            phone_id = await phone.device_id()
            # Heron hears of the phone's device from its own device list's notification; a
            # message sent before that arrives goes to the devices known then (as elsewhere).
            for _ in range(600):
                known = await chat.session.omemo.trust.devices(chat.alice)
                if phone_id in {d.device_id for d in known}:
                    break
                await asyncio.sleep(0.05)
            text = f"Hi {kind}, this is <b>secret</b> & private"
            assert await chat.session.chat.send(chat.bob, text)
            await until(lambda: chat.peer.decrypted == [(KIND_GETS[kind], text)], 30)
            stanza = chat.peer.encrypted_stanzas[0]
            assert str(stanza["body"]) == NOTICE  # nothing of the text in plaintext
            assert text not in str(stanza)
            # The payload also carries a key for Alice's phone (her own other device).
            rids = {key.get("rid") for key in stanza.xml.iter()
                    if key.tag.endswith("}key")}
            assert str(phone_id) in rids
            stored = await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 10)
            assert [m.body for m in stored] == [text]  # Alice's own copy, readable
            how = await chat.session.omemo.repo.encryption_of(stored[0].pk)
            assert how is not None and how.namespace == KIND_GETS[kind]
            assert how.device_id == (await chat.session.omemo.own_device()).device_id
            # Bob's client confirms it got it (a receipt outside the payload).
            await until(lambda: any(e.message.state is DeliveryState.DELIVERED
                                    for e in chat.shown.of(MessageUpdated)), 30)
        finally:
            await stop_peer(phone.client)


async def test_encrypted_chat_never_falls_back_to_plaintext(
        server, make_user: Callable, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    shown = Recorder(app, MessageUpdated)
    bob_client = await start_peer(server, bob, bob_pw)  # no OMEMO at all
    try:
        session = app.sessions[alice]
        await until(session.omemo.ready.is_set, 60)
        await session.omemo.set_chat_encryption(bob, True)
        assert await session.chat.send(bob, "must stay secret")
        await until(lambda: any(e.message.state is DeliveryState.BOUNCED
                                for e in shown.of(MessageUpdated)), 30)
        refused = next(e.message for e in shown.of(MessageUpdated)
                       if e.message.state is DeliveryState.BOUNCED)
        assert refused.failure_condition == "omemo-no-devices"
        assert not await app.repos.outbox.pending(alice)  # no later flush sends it plain
        # The user turns encryption off for this chat: the next message goes out readable,
        # and it is the only one Bob ever got.
        await session.omemo.set_chat_encryption(bob, False)
        assert await session.chat.send(bob, "plain on purpose")
        await until(lambda: bob_client.bodies() == ["plain on purpose"], 30)
        assert await session.omemo.repo.chat_choice(bob) is False
    finally:
        await stop_peer(bob_client)
        await app.close()


async def test_a_correction_in_an_encrypted_chat_is_encrypted_too(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "legacy") as chat:
        assert await chat.session.chat.send(chat.bob, "Meet at 5")
        await until(lambda: [t for _ns, t in chat.peer.decrypted] == ["Meet at 5"], 30)
        stored = await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 10)
        await chat.session.chat.correct_last(chat.bob, str(stored[0].message_id), "Meet at 6")
        await until(lambda: [t for _ns, t in chat.peer.decrypted] == ["Meet at 5", "Meet at 6"],
                    30)
        correction = chat.peer.encrypted_stanzas[1]
        assert "Meet at 6" not in str(correction)
        assert correction["replace"]["id"] == stored[0].message_id
