"""Read state through a real server: our messages ask for chat markers and turn READ when the
contact's client says it displayed them (XEP-0333); what the user read is synced with the
user's other client of the same account (XEP-0490), live and at login."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heron.application import Heron
from heron.core.events import ConversationRead, DeliveryState, Direction, MessageUpdated
from tests.helpers import until
from tests.integration.parties import (
    Recorder,
    account_for,
    eventually,
    start_heron,
    stop_peer,
)
from tests.integration.read_parties import (
    flag_read,
    is_markable,
    send_marker,
    start_marking_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _stored(app: Heron, account: str, peer: str) -> list[Any]:
    return await app.repos.messages.page_before(account, peer, None, 100)


async def _states(app: Heron, account: str, peer: str) -> list[DeliveryState]:
    return [m.state for m in await _stored(app, account, peer)
            if m.direction is Direction.OUTGOING]


async def test_the_contacts_displayed_marker_shows_read(server, make_user: Callable,
                                                        tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessageUpdated)
    peer = await start_marking_peer(server, bob, bob_pw)
    try:
        session = app.sessions[alice]
        for text in ("one", "two", "three"):
            await session.chat.send(bob, text)
        await until(lambda: peer.bodies() == ["one", "two", "three"])
        assert all(is_markable(m) for m in peer.received), "every message asks for markers"
        await until(lambda: _all_delivered(rec, 3))
        # Bob's client displayed "two": it and "one" are read, "three" is not yet.
        send_marker(peer, alice, str(peer.received[1]["id"]))
        await until(lambda: sum(e.message.state is DeliveryState.READ
                                for e in rec.of(MessageUpdated)) == 2)
        assert await _states(app, alice, bob) == [DeliveryState.READ, DeliveryState.READ,
                                                  DeliveryState.DELIVERED]
        # A late receipt and a late <received/> marker do not take "read" back.
        receipt = peer.make_message(mto=alice, mtype="chat")
        receipt["receipt"] = str(peer.received[1]["id"])
        receipt.send()
        send_marker(peer, alice, str(peer.received[0]["id"]), "received")
        send_marker(peer, alice, str(peer.received[2]["id"]))
        await until(lambda: sum(e.message.state is DeliveryState.READ
                                for e in rec.of(MessageUpdated)) == 3)
        assert await _states(app, alice, bob) == [DeliveryState.READ] * 3
    finally:
        await stop_peer(peer)
        await app.close()
    # Kept: after a restart the messages are still read.
    again = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw,
                              connect=False)
    try:
        assert await _states(again, alice, bob) == [DeliveryState.READ] * 3
    finally:
        await again.close()


def _all_delivered(rec: Recorder, count: int) -> bool:
    delivered = {e.message.pk for e in rec.of(MessageUpdated)
                 if e.message.state is DeliveryState.DELIVERED}
    return len(delivered) == count


async def _incoming(app: Heron, alice: str, bob: str, count: int) -> list[Any]:
    rows = await eventually(lambda: _stored(app, alice, bob),
                            lambda rows: len(rows) == count and all(r.stanza_id for r in rows))
    assert len(rows) == count, rows
    return rows


async def test_reading_on_the_other_device_clears_the_unread_count(
        server, make_user: Callable, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, ConversationRead)
    phone = await start_marking_peer(server, alice, alice_pw, resource="phone")
    contact = await start_marking_peer(server, bob, bob_pw)
    try:
        for text in ("first", "second", "third"):
            contact.send_message(mto=alice, mbody=text, mtype="chat")
        rows = await _incoming(app, alice, bob, 3)
        assert await app.unread_counts(alice) == {bob: 3}
        # The phone read up to "second" (the archive id the server gave it): one is left.
        await flag_read(phone, bob, rows[1].stanza_id)
        await until(lambda: [e.unread for e in rec.of(ConversationRead)] == [1])
        assert await app.unread_counts(alice) == {bob: 1}
        # Heron reads the rest: the phone finds "third" in the node.
        assert await app.displayed(alice, bob, rows[2].key) == 0

        async def published() -> str:
            result = await phone.plugin["xep_0490"].catch_up()
            items = {str(i["id"]): i for i in result["pubsub"]["items"]}
            item = items.get(bob)
            return "" if item is None else str(item["displayed"]["stanza_id"]["id"])

        assert await eventually(published, lambda sid: sid == rows[2].stanza_id) == (
            rows[2].stanza_id)
        assert await app.unread_counts(alice) == {}
    finally:
        for client in (phone, contact):
            await stop_peer(client)
        await app.close()


async def test_what_was_read_elsewhere_while_away_is_fetched_at_login(
        server, make_user: Callable, tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    carol, carol_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    contacts = [await start_marking_peer(server, jid, pw) for jid, pw in ((bob, bob_pw),
                                                                           (carol, carol_pw))]
    phone = await start_marking_peer(server, alice, alice_pw, resource="phone")
    try:
        for contact in contacts:
            for text in ("first", "second"):
                contact.send_message(mto=alice, mbody=text, mtype="chat")
        newest = {jid: (await _incoming(app, alice, jid, 2))[1].stanza_id
                  for jid in (bob, carol)}
        await app.close()
        # Heron is off; the phone reads both conversations (one item each in the node).
        for jid, stanza_id in newest.items():
            await flag_read(phone, jid, stanza_id)
        app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
        assert await eventually(lambda: app.unread_counts(alice), lambda c: c == {}) == {}
    finally:
        for client in (phone, *contacts):
            await stop_peer(client)
        await app.close()
