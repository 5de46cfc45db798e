"""Hostile devices against "believe a stanza only from whom it may come", for XEP-0450 trust
messages: only a device whose key the user verified may vouch for keys, a contact's device only
for that contact's own keys, and only inside OMEMO 2 encryption. Each refusal is asserted by its
log line (policy.trust_message_ok, omemo_atm.py) and by the key's state in the keys view, so a
test fails when its check is removed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.events import MessagesAdded
from heron.crypto.omemo.manual_trust import TrustState
from tests.helpers import until
from tests.integration.omemo_peers import OmemoChat, encrypted_stanza, heron_and_peer
from tests.integration.omemo_trust_messages import (
    device,
    identity_key,
    known,
    omemo2_client,
    send_trust,
    trust_stanza_extra,
    verified_phone,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def refusals(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    """(reason, sender) of each trust message Heron refused."""
    return [(str(getattr(r, "policy_reason", "")),
             str(getattr(r, "policy_fields", {}).get("sender", "")))
            for r in caplog.records
            if r.name == "heron.policy" and getattr(r, "policy_kind", "") == "trust message"]


async def not_verified(chat: OmemoChat, owner: str, device_id: int) -> None:
    assert (await device(chat.session.omemo.trust, owner, device_id)).state is not (
        TrustState.VERIFIED)
    assert (await device(chat.session.omemo.trust, owner, device_id)).verified_by is None
    assert not chat.shown.of(MessagesAdded)  # nor shown as a message


async def test_the_users_own_device_is_not_believed_before_the_user_verified_it(
        server, make_user: Callable, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat, \
            omemo2_client(server, chat.alice, chat.alice_password, "phone") as phone:
        trust = chat.session.omemo.trust
        bob_id = await chat.peer.device_id()
        await known(trust, chat.alice, await phone.device_id())  # trusted blindly, not verified
        await known(trust, chat.bob, bob_id)

        await send_trust(phone, chat.alice, chat.bob, trust=(await identity_key(chat.peer),))

        sender = str(phone.client.boundjid)
        await until(lambda: ("sender-not-verified", sender) in refusals(caplog), 30)
        await not_verified(chat, chat.bob, bob_id)


async def test_a_contact_cannot_vouch_for_the_users_keys(
        server, make_user: Callable, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat, \
            omemo2_client(server, chat.alice, chat.alice_password, "phone") as phone:
        trust = chat.session.omemo.trust
        phone_id, bob_id = await phone.device_id(), await chat.peer.device_id()
        await known(trust, chat.alice, phone_id)
        await known(trust, chat.bob, bob_id)
        await trust.set_state(chat.bob, bob_id, TrustState.VERIFIED)

        # Bob, verified, names a key of Alice's (one she never verified)
        await send_trust(chat.peer, chat.alice, chat.alice, trust=(await identity_key(phone),))

        sender = str(chat.peer.client.boundjid)
        await until(lambda: ("keys-of-someone-else", sender) in refusals(caplog), 30)
        await not_verified(chat, chat.alice, phone_id)


async def test_a_stranger_cannot_vouch_for_a_contacts_key(
        server, make_user: Callable, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat:
        mallory_jid, mallory_pw = make_user()
        async with omemo2_client(server, mallory_jid, mallory_pw, "evil") as mallory:
            trust = chat.session.omemo.trust
            bob_id, mallory_id = await chat.peer.device_id(), await mallory.device_id()
            await known(trust, chat.bob, bob_id)
            await known(trust, mallory_jid, mallory_id)
            # even a stranger whose own key the user verified speaks only for himself
            await trust.set_state(mallory_jid, mallory_id, TrustState.VERIFIED)

            await send_trust(mallory, chat.alice, chat.bob,
                             trust=(await identity_key(chat.peer),))

            sender = str(mallory.client.boundjid)
            await until(lambda: ("keys-of-someone-else", sender) in refusals(caplog), 30)
            await not_verified(chat, chat.bob, bob_id)


async def test_a_trust_message_outside_the_encryption_is_not_believed(
        server, make_user: Callable, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat, \
            omemo2_client(server, chat.alice, chat.alice_password, "phone") as phone:
        _phone_id, bob_id = await verified_phone(chat, phone)
        bob_key = await identity_key(chat.peer)
        sender = str(phone.client.boundjid)

        # in plaintext, from the user's own verified phone
        plain = phone.client.make_message(mto=chat.alice, mtype="chat")
        plain.append(trust_stanza_extra(chat.bob, trust=(bob_key,)))
        plain.send()
        await until(lambda: refusals(caplog).count(("not-encrypted", sender)) == 1, 30)

        # beside an OMEMO 2 payload that says nothing of trust
        stanza = await encrypted_stanza(phone, chat.alice, "", fallback="")
        stanza.append(trust_stanza_extra(chat.bob, trust=(bob_key,)))
        stanza.send()
        await until(lambda: refusals(caplog).count(("not-encrypted", sender)) == 2, 30)
        await chat.session.omemo.receiver.drain()
        await not_verified(chat, chat.bob, bob_id)
