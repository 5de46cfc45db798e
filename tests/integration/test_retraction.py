"""XEP-0424 message retraction between Heron and second real clients, through the real server."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import DeliveryState, Direction, MessageUpdated, StoredMessage
from heron.xmpp.services.retraction import NS
from tests.helpers import until
from tests.integration.parties import (
    Peer,
    Recorder,
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

FALLBACK_NS = "urn:xmpp:fallback:0"
HINTS_NS = "urn:xmpp:hints"


async def _messages(app: Any, account: str, peer: str) -> list[StoredMessage]:
    return list(await app.repos.messages.page_before(account, peer, None, 1000))


def send_retraction(client: Peer, to: str, target_id: str) -> None:
    """A retraction as XEP-0424 §3 shows it (built by hand: what Conversations sends)."""
    msg = client.make_message(mto=to, mtype="chat",
                              mbody="/me retracted a previous message, but it's unsupported "
                                    "by your client.")
    ET.SubElement(msg.xml, f"{{{NS}}}retract", {"id": target_id})
    ET.SubElement(msg.xml, f"{{{FALLBACK_NS}}}fallback", {"for": NS})
    ET.SubElement(msg.xml, f"{{{HINTS_NS}}}store")
    msg.send()


def _rejections(caplog: pytest.LogCaptureFixture) -> list[tuple[str, dict[str, str]]]:
    return [(r.policy_reason, r.policy_fields) for r in caplog.records  # type: ignore[attr-defined]
            if getattr(r, "policy_kind", "") == "retraction"]


async def test_heron_retracts_and_the_peer_gets_a_xep_0424_retraction(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    peer = await start_peer(server, bob, bob_pw)
    try:
        session = app.sessions[alice]
        # XEP-0424 §2: Heron says it understands retractions.
        info = await peer.plugin["xep_0030"].get_info(jid=session.client.boundjid, timeout=10)
        assert NS in info["disco_info"]["features"]
        await session.chat.send(bob, "meet me at the secret place")
        await until(lambda: peer.bodies() == ["meet me at the secret place"])
        original_id = str(peer.received[0]["id"])
        sent = await eventually(lambda: _messages(app, alice, bob),
                                lambda ms: ms[0].state is not DeliveryState.PENDING)
        assert await app.repos.messages.search(alice, "secret")

        tombstone = await session.retraction.retract(sent[0])
        assert tombstone is not None and tombstone.retracted

        await until(lambda: len(peer.received) == 2)
        retraction = peer.received[1].xml
        # XEP-0424 §3 (0.4.2): <retract id=the original's id attribute/>, a XEP-0428 fallback
        # for this namespace, a fallback body, and a XEP-0334 store hint; a chat message.
        assert retraction.get("type") == "chat"
        retract = retraction.find(f"{{{NS}}}retract")
        assert retract is not None and retract.get("id") == original_id
        fallback = retraction.find(f"{{{FALLBACK_NS}}}fallback")
        assert fallback is not None and fallback.get("for") == NS
        assert retraction.find(f"{{{HINTS_NS}}}store") is not None
        assert (retraction.findtext("{jabber:client}body") or "").strip()
        assert retraction.get("id") and retraction.get("id") != original_id

        stored = await _messages(app, alice, bob)
        assert [(m.body, m.retracted) for m in stored] == [("", True)]  # a tombstone, in place
        assert await app.repos.messages.search(alice, "secret") == []
        # Retracting again sends nothing and changes nothing.
        assert await session.retraction.retract(stored[0]) is None
    finally:
        await stop_peer(peer)
        await app.close()


async def test_the_peers_retraction_leaves_a_tombstone_that_search_no_longer_finds(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessageUpdated)
    peer = await start_peer(server, bob, bob_pw)
    try:
        peer.send_message(mto=alice, mbody="my bank password is hunter2", mtype="chat")
        peer.send_message(mto=alice, mbody="oops, wrong window", mtype="chat")
        peer.send_message(mto=alice, mbody="and my PIN is 4321", mtype="chat")
        stored = await eventually(lambda: _messages(app, alice, bob), lambda ms: len(ms) == 3)
        assert await app.repos.messages.search(alice, "hunter2")
        target = stored[0].message_id
        assert target and stored[2].message_id

        send_retraction(peer, alice, target)
        # Dino sends a bare <retract/>: no body, no fallback, no hint.
        bare = peer.make_message(mto=alice, mtype="chat")
        ET.SubElement(bare.xml, f"{{{NS}}}retract", {"id": stored[2].message_id})
        bare.send()
        await until(lambda: sum(e.message.retracted for e in rec.of(MessageUpdated)) == 2)
        stored = await _messages(app, alice, bob)
        # The retracted messages keep their places; their text is gone; the fallback body is
        # not a new message.
        assert [(m.body, m.retracted) for m in stored] == [
            ("", True), ("oops, wrong window", False), ("", True)]
        assert await app.repos.messages.search(alice, "PIN") == []
        assert await app.repos.messages.search(alice, "hunter2") == []
        assert await app.repos.messages.search(alice, "bank password") == []
        assert await app.repos.messages.search(alice, "retracted") == []
    finally:
        await stop_peer(peer)
        await app.close()
    # After a restart it is still a tombstone.
    again = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw,
                              connect=False)
    try:
        stored = await _messages(again, alice, bob)
        assert (stored[0].body, stored[0].retracted) == ("", True)
        assert await again.repos.messages.search(alice, "hunter2") == []
    finally:
        await again.close()


async def test_our_retraction_from_another_of_our_clients_arrives_as_a_carbon(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, _bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessageUpdated)
    phone = await start_peer(server, alice, alice_pw, resource="phone")
    try:
        await app.sessions[alice].carbons.enable()  # done at login too: not raced here
        msg = phone.make_message(mto=bob, mbody="sent from my phone by mistake", mtype="chat")
        msg.send()
        stored = await eventually(lambda: _messages(app, alice, bob), lambda ms: len(ms) == 1)
        assert stored and stored[0].direction is Direction.OUTGOING
        send_retraction(phone, bob, str(msg["id"]))
        await until(lambda: any(e.message.retracted for e in rec.of(MessageUpdated)))
        stored = await _messages(app, alice, bob)
        assert [(m.direction, m.body, m.retracted) for m in stored] == [
            (Direction.OUTGOING, "", True)]
    finally:
        await stop_peer(phone)
        await app.close()


async def test_retractions_not_from_the_original_sender_are_ignored(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="heron.policy")
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    mallory, mallory_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    bob_client = await start_peer(server, bob, bob_pw)
    mallory_client = await start_peer(server, mallory, mallory_pw)
    try:
        session = app.sessions[alice]
        await session.chat.send(bob, "alice's own words")
        bob_client.send_message(mto=alice, mbody="bob's words", mtype="chat")
        stored = await eventually(lambda: _messages(app, alice, bob), lambda ms: len(ms) == 2)
        ours = next(m for m in stored if m.direction is Direction.OUTGOING)
        theirs = next(m for m in stored if m.direction is Direction.INCOMING)
        assert ours.message_id and theirs.message_id

        # A third party names Bob's message; Bob names Alice's; Bob names nothing.
        send_retraction(mallory_client, alice, theirs.message_id)
        send_retraction(bob_client, alice, ours.message_id)
        send_retraction(bob_client, alice, "no-such-id")
        await until(lambda: len(_rejections(caplog)) == 3)

        rejected = _rejections(caplog)
        assert ("no-such-message", {"sender": f"{mallory}/peer", "peer": mallory,
                                    "id": theirs.message_id}) in rejected
        assert ("names-another-senders-message", {"sender": f"{bob}/peer", "peer": bob,
                                                  "id": ours.message_id}) in rejected
        assert ("no-such-message", {"sender": f"{bob}/peer", "peer": bob,
                                    "id": "no-such-id"}) in rejected
        # Nothing changed: both messages are there, none is a tombstone, no fallback text
        # became a message, and nothing appeared in a conversation with Mallory.
        stored = await _messages(app, alice, bob)
        assert sorted((m.body, m.retracted) for m in stored) == [
            ("alice's own words", False), ("bob's words", False)]
        assert await _messages(app, alice, mallory) == []
        assert await app.repos.messages.search(alice, "words")
    finally:
        await stop_peer(bob_client)
        await stop_peer(mallory_client)
        await app.close()


async def test_a_retraction_met_before_its_message_in_the_archive_keeps_it_deleted(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    """A new profile pages the archive backwards (the newest first): with one message per
    page the retraction arrives before the message it names. The message must arrive as a
    tombstone, not come back."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    peer = await start_peer(server, bob, bob_pw)
    try:
        msg = peer.make_message(mto=alice, mbody="regrettable words", mtype="chat")
        msg.send()
        peer.send_message(mto=alice, mbody="what I meant to say", mtype="chat")
        send_retraction(peer, alice, str(msg["id"]))
        peer.send_message(mto=alice, mbody="anyway", mtype="chat")
        app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw,
                                connect=False)
        try:
            session = app.start_account(alice)
            session.mam.page_size = 1
            stored = await eventually(lambda: _messages(app, alice, bob),
                                      lambda ms: len(ms) == 3, timeout=15)
            # Sorted: the server also delivers these as offline messages, live, racing the
            # archive's pages, and within one second of stamps the order may differ.
            assert sorted((m.body, m.retracted) for m in stored) == [
                ("", True), ("anyway", False), ("what I meant to say", False)]
            assert await app.repos.messages.search(alice, "regrettable") == []
            # Asking the archive again (scrolling back) brings nothing back either.
            session.mam.history_complete.discard(bob)
            await session.mam.fetch_older(bob)
            stored = await _messages(app, alice, bob)
            assert sorted((m.body, m.retracted) for m in stored) == [
                ("", True), ("anyway", False), ("what I meant to say", False)]
        finally:
            await app.close()
    finally:
        await stop_peer(peer)
