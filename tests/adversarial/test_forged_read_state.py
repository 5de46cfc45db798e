"""Forged read state: a third party claiming the contact read our message (XEP-0333), a
contact naming a message we sent to someone else, and someone else's account claiming what the
user read on another device (XEP-0490). Each is refused by a rule in ``xmpp/policy.py``, logged,
and changes nothing the user sees."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from slixmpp.xmlstream import ET

from heron.application import Heron
from heron.core.events import ConversationRead, DeliveryState, Direction, MessageUpdated
from heron.xmpp.services.mds import NS as MDS_NS
from tests.adversarial.test_forged_stanzas import _rejections
from tests.helpers import until
from tests.integration.parties import (
    Recorder,
    account_for,
    eventually,
    start_heron,
    stop_peer,
)
from tests.integration.read_parties import send_marker, start_marking_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _outgoing(app: Heron, account: str, peer: str) -> list[Any]:
    rows = await app.repos.messages.page_before(account, peer, None, 100)
    return [m for m in rows if m.direction is Direction.OUTGOING]


async def test_displayed_from_anyone_but_the_recipient_is_ignored(
        server: Any, make_user: Callable, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="heron.policy")
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    carol, carol_pw = make_user()
    mallory, mallory_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessageUpdated)
    bob_client = await start_marking_peer(server, bob, bob_pw)
    carol_client = await start_marking_peer(server, carol, carol_pw)
    attacker = await start_marking_peer(server, mallory, mallory_pw)
    try:
        session = app.sessions[alice]
        await session.chat.send(bob, "for Bob")
        await session.chat.send(carol, "for Carol")
        await until(lambda: bob_client.bodies() == ["for Bob"]
                    and carol_client.bodies() == ["for Carol"])
        to_bob = str(bob_client.received[0]["id"])
        to_carol = str(carol_client.received[0]["id"])
        # Mallory claims Bob read it; Bob claims he read Carol's message.
        send_marker(attacker, alice, to_bob)
        send_marker(bob_client, alice, to_carol)
        await until(lambda: _rejections(caplog, "chat-marker") == ["not-from-peer"] * 2)
        await asyncio.sleep(0.3)
        assert not any(e.message.state is DeliveryState.READ for e in rec.of(MessageUpdated))
        for peer in (bob, carol):
            assert all(m.state is not DeliveryState.READ for m in await _outgoing(app, alice,
                                                                                   peer))
        # The real recipient's marker does count (the same path, so the check above is real).
        send_marker(bob_client, alice, to_bob)
        rows = await eventually(lambda: _outgoing(app, alice, bob),
                                lambda rows: rows[0].state is DeliveryState.READ)
        assert rows[0].state is DeliveryState.READ
        assert (await _outgoing(app, alice, carol))[0].state is not DeliveryState.READ
    finally:
        for client in (bob_client, carol_client, attacker):
            await stop_peer(client)
        await app.close()


def _forged_sync(sender: Any, to: str, contact: str, stanza_id: str) -> None:
    """A PEP notification lookalike: "the user read ``contact`` up to ``stanza_id``"."""
    msg = sender.make_message(mto=to, mtype="headline")
    event = ET.SubElement(msg.xml, "{http://jabber.org/protocol/pubsub#event}event")
    items = ET.SubElement(event, "{http://jabber.org/protocol/pubsub#event}items",
                          {"node": MDS_NS})
    item = ET.SubElement(items, "{http://jabber.org/protocol/pubsub#event}item", {"id": contact})
    displayed = ET.SubElement(item, f"{{{MDS_NS}}}displayed")
    ET.SubElement(displayed, "{urn:xmpp:sid:0}stanza-id", {"id": stanza_id, "by": to})
    msg.send()


async def test_displayed_sync_from_another_account_is_ignored(
        server: Any, make_user: Callable, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="heron.policy")
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    mallory, mallory_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, ConversationRead)
    contact = await start_marking_peer(server, bob, bob_pw)
    attacker = await start_marking_peer(server, mallory, mallory_pw)
    try:
        for text in ("one", "two"):
            contact.send_message(mto=alice, mbody=text, mtype="chat")
        rows = await eventually(
            lambda: app.repos.messages.page_before(alice, bob, None, 10),
            lambda rows: len(rows) == 2 and all(r.stanza_id for r in rows))
        _forged_sync(attacker, alice, bob, rows[1].stanza_id)
        # The contact cannot either: only Alice's own account (its PEP service) speaks for her.
        _forged_sync(contact, alice, bob, rows[1].stanza_id)
        await until(lambda: _rejections(caplog, "displayed-sync") == ["not-own-account"] * 2)
        await asyncio.sleep(0.3)
        assert rec.of(ConversationRead) == []
        assert await app.unread_counts(alice) == {bob: 2}
    finally:
        for client in (contact, attacker):
            await stop_peer(client)
        await app.close()
