"""A stranger who sends presence first is still a stranger. slixmpp's roster makes an entry
for anyone whose presence arrives (a subscription request is enough, and every server
delivers that), so "has an entry in slixmpp's roster" once let a stranger ring, point Heron
at the user's private network and set a picture. Each test makes slixmpp keep such an entry
first, then checks that the stranger's call, link and picture are refused all the same. The
stranger is a real second client on the real server."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.file_events import FileState
from heron.demo.rig import RigServer
from heron.xmpp.services.files import remote_file
from tests.adversarial.hostile_parties import callee_and_stranger
from tests.adversarial.test_forged_stanzas import _rejections
from tests.helpers import until
from tests.integration.call_parties import jmi_received, send_jmi
from tests.integration.files_helpers import heron_and_peer, peer_upload, send_file_message
from tests.integration.parties import Peer, eventually

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]
User = tuple[str, str]
CAP = 50 * 1024 * 1024


async def _ask_to_subscribe(stranger: Peer, to: str, client: Any, extra: str = "") -> None:
    """The stranger asks to see ``to``'s presence; returns once slixmpp on Heron's side has
    made its roster entry for them (the state that once passed for "a contact")."""
    stranger.send_raw(f"<presence xmlns='jabber:client' to='{to}' type='subscribe'>"
                      f"{extra}</presence>")
    await until(lambda: client.client_roster.has_jid(str(stranger.boundjid.bare)))


async def test_a_strangers_call_does_not_ring_after_a_subscription_request(
        server: RigServer, make_user: Callable[[], User], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "heron.policy")
    async with callee_and_stranger(server, make_user, tmp_path) as (bob, callee, mallory):
        await _ask_to_subscribe(mallory, bob[0], callee.app.sessions[bob[0]].client)
        send_jmi(mallory, bob[0], "propose", "after-subscribe")
        await until(lambda: _rejections(caplog, "jmi propose") == ["stranger"])
        await asyncio.sleep(0.3)  # a ring would have been published by now
        assert not callee.incoming("after-subscribe")
        assert jmi_received(mallory) == []


async def test_a_strangers_private_link_is_refused_after_a_subscription_request(
        server: RigServer, make_user: Callable[[], User], tmp_path: Path) -> None:
    async with heron_and_peer(server, make_user, tmp_path) as (app, stranger, watch):
        alice, mallory = app.accounts[0].jid, str(stranger.boundjid.bare)
        session = app.sessions[alice]
        await _ask_to_subscribe(stranger, alice, session.client)
        url = await peer_upload(server, stranger, "invoice.pdf", b"%PDF-1.4 x", "application/pdf")
        send_file_message(stranger, alice, url)  # the rig's address: loopback
        rows = await eventually(
            lambda: app.repos.messages.page_before(alice, mallory, None, 10), bool)
        card = remote_file(rows[-1])
        assert card is not None
        downloads = tmp_path / "Downloads"
        await session.files.save(card, downloads, CAP)
        refused = await watch.state(card.message_pk, FileState.DOWNLOAD_FAILED)
        assert "private network" in refused.error
        assert not downloads.exists() or list(downloads.iterdir()) == []


@pytest.mark.server("prosody", reason="ejabberd does not deliver a stranger's directed "
                                      "presence to the rig's accounts")
async def test_a_strangers_picture_is_refused_after_a_subscription_request(
        server: RigServer, make_user: Callable[[], User], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, "heron.policy")
    async with heron_and_peer(server, make_user, tmp_path) as (app, stranger, _watch):
        alice = app.accounts[0].jid
        session = app.sessions[alice]
        await _ask_to_subscribe(stranger, alice, session.client)
        photo = hashlib.sha1(b"a picture", usedforsecurity=False).hexdigest()
        stranger.send_raw(f"<presence xmlns='jabber:client' to='{session.client.boundjid}'>"
                          f"<x xmlns='vcard-temp:x:update'><photo>{photo}</photo></x>"
                          "</presence>")
        await until(lambda: _rejections(caplog, "avatar-presence") == ["not-in-roster"])
        assert not (tmp_path / "alice" / "avatars").exists()
