"""1:1 chat between a Heron session and a second real client, through a real server."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from heron.core.events import (
    ChatStateChanged,
    DeliveryState,
    Direction,
    MessagesAdded,
    MessageUpdated,
    RosterEntryChanged,
    RosterLoaded,
    SubscriptionRequested,
)
from tests.helpers import until
from tests.integration.parties import (
    Recorder,
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _messages(app, account: str, peer: str):  # type: ignore[no-untyped-def]
    return await app.repos.messages.page_before(account, peer, None, 1000)


async def test_send_receive_receipt_and_typing(server, make_user: Callable, tmp_path: Path):
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessagesAdded, MessageUpdated, ChatStateChanged)
    peer = await start_peer(server, bob, bob_pw)
    try:
        session = app.sessions[alice]
        await session.chat.send(bob, "Hello Bob, https://example.org/x?y=1 <b>not bold</b>")
        await until(lambda: peer.bodies() == [
            "Hello Bob, https://example.org/x?y=1 <b>not bold</b>"])
        sent = peer.received[0]
        assert sent["origin_id"]["id"] == sent["id"], "origin-id on every outgoing message"
        # Bob's client acknowledges with a receipt: the tick becomes "delivered".
        await until(lambda: any(e.message.state is DeliveryState.DELIVERED
                                for e in rec.of(MessageUpdated)))
        # Bob types, then answers.
        composing = peer.make_message(mto=alice, mtype="chat")
        composing["chat_state"] = "composing"
        composing.send()
        await until(lambda: any(e.state == "composing" for e in rec.of(ChatStateChanged)))
        peer.send_message(mto=alice, mbody="Hi Alice!", mtype="chat")
        await until(lambda: any(m.body == "Hi Alice!" for e in rec.of(MessagesAdded)
                                for m in e.messages))
        stored = await _messages(app, alice, bob)
        assert [(m.direction, m.body) for m in stored] == [
            (Direction.OUTGOING, "Hello Bob, https://example.org/x?y=1 <b>not bold</b>"),
            (Direction.INCOMING, "Hi Alice!"),
        ]
        assert stored[0].state is DeliveryState.DELIVERED
        assert stored[1].stanza_id, "the server's stanza-id (by = our archive) is kept"
        # Bob corrects his message (XEP-0308).
        last_id = peer_last_id = stored[1].message_id
        assert peer_last_id
        fix = peer.make_message(mto=alice, mbody="Hi Alice! :)", mtype="chat")
        fix["replace"]["id"] = last_id
        fix.send()
        await until(lambda: any(e.message.corrected for e in rec.of(MessageUpdated)))
        stored = await _messages(app, alice, bob)
        assert [m.body for m in stored] == [
            "Hello Bob, https://example.org/x?y=1 <b>not bold</b>", "Hi Alice! :)"]
        assert stored[1].corrected
    finally:
        await stop_peer(peer)
        await app.close()


async def test_correction_from_someone_else_is_ignored(server, make_user, tmp_path: Path):
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    mallory, mallory_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    bob_client = await start_peer(server, bob, bob_pw)
    mallory_client = await start_peer(server, mallory, mallory_pw)
    try:
        msg = bob_client.make_message(mto=alice, mbody="I owe you 10 euros", mtype="chat")
        msg.send()
        stored = await eventually(lambda: _messages(app, alice, bob), lambda r: len(r) == 1)
        assert [m.body for m in stored] == ["I owe you 10 euros"]
        # Mallory tries to rewrite Bob's message by its id.
        forged = mallory_client.make_message(mto=alice, mbody="I owe you nothing", mtype="chat")
        forged["replace"]["id"] = msg["id"]
        forged.send()
        await asyncio.sleep(0.5)
        stored = await _messages(app, alice, bob)
        assert [m.body for m in stored] == ["I owe you 10 euros"]
        assert not stored[0].corrected
    finally:
        await stop_peer(bob_client)
        await stop_peer(mallory_client)
        await app.close()


async def test_roster_add_approve_rename_remove(server, make_user, tmp_path: Path):
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, RosterEntryChanged, RosterLoaded, SubscriptionRequested)
    peer = await start_peer(server, bob, bob_pw)  # auto-approves and subscribes back
    try:
        session = app.sessions[alice]
        await session.roster.add(bob, "Bob", ("Friends",))
        # Bob approves and asks back; Heron shows the request, the user approves.
        await until(lambda: any(e.jid == bob for e in rec.of(SubscriptionRequested)))
        session.roster.approve(bob)
        await until(lambda: any(e.entry.jid == bob and e.entry.subscription == "both"
                                for e in rec.of(RosterEntryChanged)))
        await session.roster.set_item(bob, "Robert", ("Work", "Friends"))
        await until(lambda: any(e.entry.name == "Robert" for e in rec.of(RosterEntryChanged)))
        cached = {e.jid: e for e in await app.repos.roster.load(alice)}
        assert cached[bob].name == "Robert"
        assert cached[bob].groups == ("Friends", "Work")
        await session.roster.remove(bob)
        await until(lambda: bob not in {e.jid for e in app.repos.roster.load_blocking(alice)})
    finally:
        await stop_peer(peer)
        await app.close()


async def test_an_unchanged_roster_keeps_its_contacts(server, make_user, tmp_path: Path):
    """Every new session asks for the roster with the version Heron holds (RFC 6121 §2.6.3);
    both Prosody and ejabberd answer "unchanged" with an empty result, which is no reason to
    forget the contacts."""
    alice, alice_pw = make_user()
    bob, _bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    try:
        session = app.sessions[alice]
        await session.roster.add(bob, "Bob", ())
        await until(lambda: bob in {e.jid for e in app.repos.roster.load_blocking(alice)})
        await session.roster.fetch()  # now Heron holds the server's current version
        rec = Recorder(app, RosterLoaded)
        await session.roster.fetch()  # as at the start of a session that was not resumed
        assert [e.jid for e in rec.of(RosterLoaded)[-1].entries] == [bob]
        assert [e.name for e in await app.repos.roster.load(alice)] == ["Bob"]
    finally:
        await app.close()


async def test_carbons_show_what_my_other_client_sent(server, make_user, tmp_path: Path):
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    phone = await start_peer(server, alice, alice_pw, resource="phone")
    bob_client = await start_peer(server, bob, bob_pw)
    try:
        await phone.plugin["xep_0280"].enable()
        phone.send_message(mto=bob, mbody="sent from my phone", mtype="chat")
        bob_client.send_message(mto=f"{alice}/phone", mbody="reply to the phone", mtype="chat")
        stored = await eventually(lambda: _messages(app, alice, bob), lambda r: len(r) == 2)
        assert {(m.direction, m.body) for m in stored} == {
            (Direction.OUTGOING, "sent from my phone"), (Direction.INCOMING, "reply to the phone")}
    finally:
        await stop_peer(phone)
        await stop_peer(bob_client)
        await app.close()
