"""Trust (issue 11 point 3): blind trust until the user verifies a device of a contact; then a
new device of that contact is left out of encrypted messages until the user decides, and the
chat is told; a distrusted device is never encrypted to."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from slixmpp import JID

from heron.core.errors import ErrorKind
from heron.core.events import MessagesAdded, OmemoDevicesUndecided
from heron.crypto.omemo import TWOMEMO
from heron.crypto.omemo.manual_trust import TrustState
from heron.xmpp.services.omemo_receive import placeholder
from tests.helpers import until
from tests.integration.omemo_peers import (
    OmemoChat,
    OmemoPeer,
    heron_and_peer,
    send_encrypted,
    start_omemo_peer,
)
from tests.integration.parties import Recorder, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def recipients(stanza: Any) -> set[int]:
    """The device ids a stanza's OMEMO payload carries a key for."""
    return {int(key.get("rid")) for key in stanza.xml.iter() if key.tag.endswith("}key")}


@asynccontextmanager
async def bobs_tablet(server: Any, chat: OmemoChat) -> AsyncIterator[OmemoPeer]:
    """A second OMEMO client on Bob's account: his new device."""
    tablet = await start_omemo_peer(server, chat.bob, chat.bob_password, "both",
                                    resource="tablet")
    try:
        yield tablet
    finally:
        await stop_peer(tablet.client)


async def send_and_read(chat: OmemoChat, text: str) -> Any:
    """Alice sends ``text``; Bob's first device reads it; the stanza it got."""
    assert await chat.session.chat.send(chat.bob, text)
    await until(lambda: (TWOMEMO, text) in chat.peer.decrypted, 30)
    return chat.peer.encrypted_stanzas[-1]


async def test_after_verifying_a_new_device_waits_for_the_users_decision(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        told = Recorder(chat.app, OmemoDevicesUndecided)
        trust = chat.session.omemo.trust
        phone = await chat.peer.device_id()
        devices = await trust.devices(chat.bob, refresh=True)
        assert [d.device_id for d in devices] == [phone]
        await trust.set_state(chat.bob, phone, TrustState.VERIFIED)
        assert [d.state for d in await trust.devices(chat.bob)] == [TrustState.VERIFIED]

        async with bobs_tablet(server, chat) as tablet:
            tablet_id = await tablet.device_id()
            await chat.session.omemo.plugin.refresh_device_lists({JID(chat.bob)},
                                                                 force_download=True)
            # Sent at once to the verified phone, not to the new tablet, and the chat is told.
            stanza = await send_and_read(chat, "for the verified phone only")
            assert tablet_id not in recipients(stanza)
            assert phone in recipients(stanza)
            await until(lambda: any(e.owner == chat.bob and e.device_ids == (tablet_id,)
                                    for e in told.of(OmemoDevicesUndecided)), 30)
            states = {d.device_id: d.state for d in await trust.devices(chat.bob)}
            assert states == {phone: TrustState.VERIFIED, tablet_id: TrustState.UNDECIDED}

            # The user decides to trust it: the next message includes it, the chat row goes.
            await trust.set_state(chat.bob, tablet_id, TrustState.TRUSTED)
            assert told.of(OmemoDevicesUndecided)[-1].device_ids == ()
            stanza = await send_and_read(chat, "now for both")
            assert {phone, tablet_id} <= recipients(stanza)


async def test_blind_trust_takes_new_devices_until_a_verification(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with (heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat,
                bobs_tablet(server, chat) as tablet):
        tablet_id = await tablet.device_id()
        stanza = await send_and_read(chat, "blindly to both")
        assert tablet_id in recipients(stanza)
        trust = chat.session.omemo.trust
        assert {d.state for d in await trust.devices(chat.bob)} == {TrustState.TRUSTED}
        assert await trust.undecided(chat.bob) == ()


async def test_a_distrusted_device_is_never_encrypted_to(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with (heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat,
                bobs_tablet(server, chat) as tablet):
        tablet_id = await tablet.device_id()
        trust = chat.session.omemo.trust
        await trust.devices(chat.bob, refresh=True)
        await trust.set_state(chat.bob, tablet_id, TrustState.DISTRUSTED)
        stanza = await send_and_read(chat, "not for the stolen tablet")
        assert tablet_id not in recipients(stanza)
        assert chat.peer.kind == "both" and await chat.peer.device_id() in recipients(stanza)
        # What the tablet sends shows as a warning, never as a trusted message.
        await send_encrypted(tablet, chat.alice, "trust me")

        warning = placeholder(chat.bob, ErrorKind.OMEMO_DISTRUSTED_SENDER)
        await until(lambda: any(warning in e.messages[0].body
                                for e in chat.shown.of(MessagesAdded)), 30)
        page = await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 10)
        assert [m.body for m in page if m.body != "not for the stolen tablet"] == [warning]
        shown = next(m for m in page if m.body == warning)
        how = await chat.session.omemo.repo.encryption_of(shown.pk)
        assert how is not None and how.trust == "DISTRUSTED" and how.device_id == tablet_id
        assert await trust.last_seen(chat.bob) == {tablet_id: shown.timestamp}  # heard from
