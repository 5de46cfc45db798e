"""Kaidan's QR code (a XEP-0434 Trust Message URI: OMEMO 2 keys without device ids) verifies
the contact's device whose key it names; a key that matches none is said, and trusts nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from heron.crypto.omemo.manual_trust import TrustState
from tests.integration.omemo_peers import heron_and_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_a_kaidan_trust_message_link_verifies_the_device_with_that_key(
        server, make_user: Callable, tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path / "alice", "omemo2") as chat:
        manager = await chat.peer.omemo.get_session_manager()
        key = (await manager.get_own_device_information())[0].identity_key.hex()
        trust = chat.session.omemo.trust
        phone = await chat.peer.device_id()
        wrong = await trust.verify_uri(f"xmpp:{chat.bob}?trust-message;"
                                       f"encryption=urn:xmpp:omemo:2;trust={'ab' * 32}")
        assert wrong.verified == () and wrong.unmatched == 1
        assert {d.state for d in await trust.devices(chat.bob)} != {TrustState.VERIFIED}
        result = await trust.verify_uri(
            f"xmpp:{chat.bob}?trust-message;encryption=urn:xmpp:omemo:2;trust={key}")
        assert result.verified == (phone,) and result.unmatched == 0
        assert {d.device_id: d.state for d in await trust.devices(chat.bob)} == {
            phone: TrustState.VERIFIED}
