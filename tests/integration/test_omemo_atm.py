"""Automatic trust management (XEP-0450, issue 11 point 3): a key the user verifies is told to
the user's other verified devices and the contact's, and what they tell Heron is believed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import MessagesAdded
from heron.crypto.omemo.manual_trust import TrustState
from tests.helpers import until
from tests.integration.omemo_peers import OmemoChat, heron_and_peer
from tests.integration.omemo_trust_messages import (
    device,
    hear_bodiless,
    identity_key,
    known,
    named,
    omemo2_client,
    reaches,
    send_trust,
    until_true,
    verified_phone,
)
from tests.integration.parties import account_for, start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def recipients(stanza: Any) -> set[int]:
    """The device ids an OMEMO payload carries a key for."""
    return {int(key.get("rid")) for key in stanza.xml.iter() if key.tag.endswith("}key")}


def nothing_shown(chat: OmemoChat) -> bool:
    return not chat.shown.of(MessagesAdded)


async def test_verifying_a_contact_tells_the_contact_and_the_users_other_device(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat, \
            omemo2_client(server, chat.alice, chat.alice_password, "phone") as phone, \
            omemo2_client(server, chat.alice, chat.alice_password, "laptop") as laptop:
        hear_bodiless(chat.peer)
        _phone_id, bob_id = await verified_phone(chat, phone)
        # the laptop is trusted (encrypted to) but its key was never verified
        await known(chat.session.omemo.trust, chat.alice, await laptop.device_id())
        await chat.session.omemo.trust.set_state(chat.alice, await laptop.device_id(),
                                                 TrustState.TRUSTED)

        await chat.session.omemo.trust.set_state(chat.bob, bob_id, TrustState.VERIFIED)

        # Bob's device learns that Alice verified her phone; her phone learns Bob's key.
        phone_key, bob_key = await identity_key(phone), await identity_key(chat.peer)
        await until(lambda: named(chat.peer, chat.alice, phone_key), 30)
        await until(lambda: named(phone, chat.bob, bob_key), 30)
        assert nothing_shown(chat)
        # The laptop, never verified, gets the message to Alice's account but no key for it
        # (encrypted only to verified keys), and is named to nobody.
        laptop_id = await laptop.device_id()
        await until(lambda: laptop.encrypted_stanzas, 30)
        assert not any(laptop_id in recipients(s) for s in laptop.encrypted_stanzas)
        assert not named(chat.peer, chat.alice, await identity_key(laptop))


async def test_distrusting_a_contact_tells_the_users_other_device(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat, \
            omemo2_client(server, chat.alice, chat.alice_password, "phone") as phone:
        _phone_id, bob_id = await verified_phone(chat, phone)

        await chat.session.omemo.trust.set_state(chat.bob, bob_id, TrustState.DISTRUSTED)

        bob_key = await identity_key(chat.peer)
        await until(lambda: named(phone, chat.bob, bob_key, "distrust"), 30)
        assert not named(chat.peer, chat.alice, await identity_key(phone))


async def test_the_users_verified_device_verifies_and_distrusts_a_contacts_key(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat, \
            omemo2_client(server, chat.alice, chat.alice_password, "phone") as phone:
        trust = chat.session.omemo.trust
        phone_id, bob_id = await verified_phone(chat, phone)
        assert (await device(trust, chat.bob, bob_id)).state is not TrustState.VERIFIED
        bob_key = await identity_key(chat.peer)

        await send_trust(phone, chat.alice, chat.bob, trust=(bob_key,))

        await reaches(trust, chat.bob, bob_id, TrustState.VERIFIED)
        assert (await device(trust, chat.bob, bob_id)).verified_by == (chat.alice, phone_id)

        await send_trust(phone, chat.alice, chat.bob, distrust=(bob_key,))

        await reaches(trust, chat.bob, bob_id, TrustState.DISTRUSTED)
        assert (await device(trust, chat.bob, bob_id)).verified_by is None
        assert nothing_shown(chat)


async def test_a_contacts_verified_device_verifies_the_contacts_new_device(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat, \
            omemo2_client(server, chat.bob, chat.bob_password, "tablet") as tablet:
        trust = chat.session.omemo.trust
        bob_id, tablet_id = await chat.peer.device_id(), await tablet.device_id()
        await known(trust, chat.bob, bob_id)
        await trust.set_state(chat.bob, bob_id, TrustState.VERIFIED)
        await known(trust, chat.bob, tablet_id)
        assert (await device(trust, chat.bob, tablet_id)).state is TrustState.UNDECIDED

        await send_trust(chat.peer, chat.alice, chat.bob, trust=(await identity_key(tablet),))

        await reaches(trust, chat.bob, tablet_id, TrustState.VERIFIED)
        assert (await device(trust, chat.bob, tablet_id)).verified_by == (chat.bob, bob_id)
        assert nothing_shown(chat)


async def test_a_key_named_before_heron_knows_it_is_decided_when_it_shows_up(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat, \
            omemo2_client(server, chat.alice, chat.alice_password, "phone") as phone:
        trust, atm = chat.session.omemo.trust, chat.session.omemo.atm
        phone_id, _bob_id = await verified_phone(chat, phone)
        async with omemo2_client(server, chat.bob, chat.bob_password, "tablet") as tablet:
            tablet_id = await tablet.device_id()
            assert tablet_id not in {d.device_id for d in await trust.devices(chat.bob)}

            # Alice's phone has met Bob's tablet already; Heron has not (XEP-0450 §5.2)
            await send_trust(phone, chat.alice, chat.bob, trust=(await identity_key(tablet),))
            await until_true(lambda: _has_postponed(atm, chat.bob))
            assert tablet_id not in {d.device_id for d in await trust.devices(chat.bob)}

            await known(trust, chat.bob, tablet_id)  # the keys view reads Bob's lists again

            await reaches(trust, chat.bob, tablet_id, TrustState.VERIFIED)
            assert (await device(trust, chat.bob, tablet_id)).verified_by == (chat.alice,
                                                                               phone_id)
            assert not await atm.records.postponed(chat.bob)  # done with


async def _has_postponed(atm: Any, owner: str) -> bool:
    return bool(await atm.records.postponed(owner))


async def test_verifying_an_own_device_tells_verified_contacts_and_that_device(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat, \
            omemo2_client(server, chat.alice, chat.alice_password, "phone") as phone:
        hear_bodiless(chat.peer)
        trust = chat.session.omemo.trust
        phone_id, bob_id = await phone.device_id(), await chat.peer.device_id()
        await known(trust, chat.bob, bob_id)
        await trust.set_state(chat.bob, bob_id, TrustState.VERIFIED)  # no own device to tell
        await known(trust, chat.alice, phone_id)

        await trust.set_state(chat.alice, phone_id, TrustState.VERIFIED)

        # Bob learns of Alice's phone (XEP-0450 §4.3); the phone learns Bob's verified key.
        phone_key, bob_key = await identity_key(phone), await identity_key(chat.peer)
        await until(lambda: named(chat.peer, chat.alice, phone_key), 30)
        await until(lambda: named(phone, chat.bob, bob_key), 30)
        assert nothing_shown(chat)


async def test_a_trust_message_met_again_in_the_archive_is_not_read_twice(
        server, make_user: Callable, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    profile = tmp_path / "alice"
    app = await start_heron(profile, account_for(server, alice), alice_pw)
    try:
        await until(app.sessions[alice].omemo.ready.is_set, 60)
        async with omemo2_client(server, bob, bob_pw, "phone") as phone, \
                omemo2_client(server, bob, bob_pw, "tablet") as tablet:
            trust = app.sessions[alice].omemo.trust
            phone_id, tablet_id = await phone.device_id(), await tablet.device_id()
            await known(trust, bob, phone_id)
            await known(trust, bob, tablet_id)
            await trust.set_state(bob, phone_id, TrustState.VERIFIED)
            await send_trust(phone, alice, bob, trust=(await identity_key(tablet),))
            await reaches(trust, bob, tablet_id, TrustState.VERIFIED)
            await app.close()

            # The next start's catch-up brings the same message from the archive
            app = await start_heron(profile, account_for(server, alice), alice_pw)
            session = app.sessions[alice]
            await until(lambda: session.set_up and session.omemo.ready.is_set(), 60)
            await session.omemo.receiver.drain()
            assert await app.repos.messages.page_before(alice, bob, None, 10) == []
            assert (await device(session.omemo.trust, bob, tablet_id)).verified_by == (
                bob, phone_id)
    finally:
        await app.close()


async def test_the_users_verified_device_verifies_another_own_device(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat, \
            omemo2_client(server, chat.alice, chat.alice_password, "phone") as phone, \
            omemo2_client(server, chat.alice, chat.alice_password, "laptop") as laptop:
        trust = chat.session.omemo.trust
        phone_id, _bob_id = await verified_phone(chat, phone)
        laptop_id = await laptop.device_id()
        await known(trust, chat.alice, laptop_id)

        await send_trust(phone, chat.alice, chat.alice, trust=(await identity_key(laptop),))

        await reaches(trust, chat.alice, laptop_id, TrustState.VERIFIED)
        assert (await device(trust, chat.alice, laptop_id)).verified_by == (chat.alice, phone_id)
