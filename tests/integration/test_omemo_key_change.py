"""A device whose identity key changed (issue 11: "a key change of a verified contact ... is
refused or flagged, never silently accepted"): Bob's client is reinstalled and keeps its
device id but makes a new identity key. Heron refuses the new key until the user accepts it,
shows a placeholder that says why instead of the message, marks the device as changed and,
for a verified contact, tells the chat; it never encrypts to the new key before that."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.errors import ErrorKind
from heron.core.events import DeliveryState, MessagesAdded, MessageUpdated, OmemoKeyChanged
from heron.crypto.omemo.manual_trust import TrustState
from heron.storage.repos.omemo import KEY_CHANGED
from heron.xmpp.services.omemo_receive import placeholder
from tests.helpers import until
from tests.integration.omemo_peers import OmemoChat, heron_and_peer, send_encrypted
from tests.integration.omemo_reinstall import reinstalled
from tests.integration.parties import Recorder

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def bodies(chat: OmemoChat) -> list[str]:
    return [m.body for e in chat.shown.of(MessagesAdded) for m in e.messages]


async def test_a_verified_contacts_new_key_is_refused_until_the_user_accepts_it(
        server, make_user: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        told = Recorder(chat.app, OmemoKeyChanged)
        await send_encrypted(chat.peer, chat.alice, "before the reinstall")
        await until(lambda: "before the reinstall" in bodies(chat), 30)
        trust, keys = chat.session.omemo.trust, chat.session.omemo.keys
        phone = await chat.peer.device_id()
        await trust.set_state(chat.bob, phone, TrustState.VERIFIED)
        old_key = next(d.identity_key for d in await trust.devices(chat.bob))

        bob = await reinstalled(server, chat, monkeypatch)
        await send_encrypted(bob, chat.alice, "from the new key")
        warning = placeholder(chat.bob, ErrorKind.OMEMO_KEY_CHANGED)
        await until(lambda: warning in bodies(chat), 30)
        assert "from the new key" not in bodies(chat)
        page = await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 10)
        assert [m.body for m in page] == ["before the reinstall", warning]
        how = await chat.session.omemo.repo.encryption_of(page[-1].pk)
        assert how is not None and how.trust == KEY_CHANGED and how.device_id == phone  # refused
        # The chat is told (a verified contact: the row shows), the device view marks it.
        await until(lambda: any(e.owner == chat.bob and e.device_ids == (phone,) and e.verified
                                for e in told.of(OmemoKeyChanged)), 30)
        (device,) = await trust.devices(chat.bob)
        assert device.key_changed and device.identity_key == old_key
        assert device.state is TrustState.VERIFIED  # the verification stays with the old key

        # The user asked Bob and accepts the new key: trusted, not verified; Bob's next
        # message reads, and the chat's row goes.
        await keys.accept(chat.bob, phone)
        (device,) = await trust.devices(chat.bob)
        assert not device.key_changed and device.identity_key != old_key
        assert device.state is TrustState.TRUSTED
        assert told.of(OmemoKeyChanged)[-1].device_ids == ()
        await send_encrypted(bob, chat.alice, "after accepting")
        await until(lambda: "after accepting" in bodies(chat), 30)


async def test_heron_never_encrypts_to_a_swapped_bundle(
        server, make_user: Callable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "both") as chat:
        sent = Recorder(chat.app, MessageUpdated)
        trust = chat.session.omemo.trust
        phone = await chat.peer.device_id()
        (known,) = await trust.devices(chat.bob, refresh=True)  # its key learned, no session
        assert not known.key_changed

        bob = await reinstalled(server, chat, monkeypatch)
        assert await chat.session.chat.send(chat.bob, "only for the key I know")
        await until(lambda: any(e.message.state is DeliveryState.BOUNCED
                                for e in sent.of(MessageUpdated)), 30)
        assert not bob.decrypted  # the new key never got it
        (device,) = await trust.devices(chat.bob)
        assert device.device_id == phone and device.key_changed
        assert device.identity_key == known.identity_key
