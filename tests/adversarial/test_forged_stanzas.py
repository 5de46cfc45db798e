"""Hostile peers and a hostile server against Heron's own checks (issue 6, security lines).

Each attack is stopped by a rule in ``xmpp/policy.py``; where slixmpp or Prosody would stop it
too, that guard is taken out of the way or the policy's own log line is asserted, so these
tests fail when Heron's rule is removed.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from slixmpp.xmlstream import ET

from heron.application import Heron
from heron.core.events import (
    ChatStateChanged,
    ConnectionState,
    DeliveryState,
    MessagesAdded,
    RosterEntryChanged,
)
from heron.xmpp.services.mam import _Query
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


def _rejections(caplog: pytest.LogCaptureFixture, kind: str) -> list[str]:
    return [str(getattr(r, "policy_reason", "")) for r in caplog.records
            if r.name == "heron.policy" and getattr(r, "policy_kind", "") == kind]


async def _stored(app: Heron, account: str, peer: str) -> list[Any]:
    return await app.repos.messages.page_before(account, peer, None, 100)


async def test_roster_push_from_a_stranger_is_refused_by_heron_itself(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    alice, alice_pw = make_user()
    mallory, mallory_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, RosterEntryChanged)
    client = app.sessions[alice].client
    # slixmpp's own check (in _handle_roster) out of the way: only Heron's policy is left.
    client._handle_roster = lambda iq: None  # type: ignore[method-assign]
    attacker = await start_peer(server, mallory, mallory_pw)
    try:
        iq = attacker.make_iq_set(ito=str(client.boundjid))
        iq.append(ET.fromstring(
            "<query xmlns='jabber:iq:roster'><item jid='evil@example.org' name='Trust me' "
            "subscription='both'/></query>"))
        with pytest.raises(Exception, match="service-unavailable"):
            await iq.send(timeout=5)
        await asyncio.sleep(0.3)
        assert rec.of(RosterEntryChanged) == []
        assert "evil@example.org" not in {e.jid for e in await app.repos.roster.load(alice)}
        assert _rejections(caplog, "roster-push") == ["not-from-our-server"]
    finally:
        await stop_peer(attacker)
        await app.close()


async def test_mam_result_with_our_query_id_from_another_jid_is_dropped(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    alice, alice_pw = make_user()
    mallory, mallory_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    session = app.sessions[alice]
    attacker = await start_peer(server, mallory, mallory_pw)
    # A query of our own archive in flight; the attacker learned (or guessed) its id.
    query = _Query(archive=alice)
    session.mam._queries["leaked-id"] = query
    try:
        attacker.send_raw(
            f"<message xmlns='jabber:client' to='{session.client.boundjid}'>"
            "<result xmlns='urn:xmpp:mam:2' queryid='leaked-id' id='x1'>"
            "<forwarded xmlns='urn:xmpp:forward:0'>"
            "<delay xmlns='urn:xmpp:delay' stamp='2024-01-01T00:00:00Z'/>"
            f"<message xmlns='jabber:client' from='boss@localhost' to='{alice}' type='chat'>"
            "<body>fake history</body></message></forwarded></result></message>")
        await until(lambda: _rejections(caplog, "mam-result"), 5)
        assert _rejections(caplog, "mam-result") == ["not-from-queried-archive"]
        assert query.results == []
    finally:
        session.mam._queries.pop("leaked-id", None)
        await stop_peer(attacker)
        await app.close()


async def test_stanza_ids_are_believed_only_once_the_archive_announced_them(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    chat = app.sessions[alice].chat
    bob_client = await start_peer(server, bob, bob_pw)
    try:
        await until(lambda: alice in chat.sid_archives)  # Prosody's MAM announces sid:0
        bob_client.send_message(mto=alice, mbody="archived", mtype="chat")
        rows = await eventually(lambda: _stored(app, alice, bob), lambda r: len(r) == 1)
        assert rows[0].stanza_id  # the archive's id, believed

        # Disco not known (a fresh session, or a server without MAM): a contact plants an id
        # "by" our account, and the server's own id is not believed either.
        chat.sid_archives.clear()
        bob_client.send_raw(
            f"<message xmlns='jabber:client' to='{alice}' type='chat' id='p1'>"
            "<body>planted</body>"
            f"<stanza-id xmlns='urn:xmpp:sid:0' by='{alice}' id='planted-id'/></message>")
        rows = await eventually(lambda: _stored(app, alice, bob), lambda r: len(r) == 2)
        assert rows[1].body == "planted" and rows[1].stanza_id is None
        assert "archive-did-not-announce-sid" in _rejections(caplog, "stanza-id")
    finally:
        await stop_peer(bob_client)
        await app.close()


async def test_a_from_that_is_not_a_jid_is_dropped_at_the_edge(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A hostile server (or a broken s2s link) delivers stanzas with impossible addresses."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessagesAdded)
    client = app.sessions[alice].client
    sent: list[str] = []
    write = client.send_raw

    def record(data: Any) -> None:
        sent.append(str(data))
        write(data)

    client.send_raw = record  # type: ignore[method-assign]
    bob_client = await start_peer(server, bob, bob_pw)
    # OMEMO publishes after login: bytes pushed into the stream while a server answer is
    # half read would split it (not what this test is about), so that settles first.
    await until(app.sessions[alice].omemo.ready.is_set, 60)
    caplog.set_level(logging.WARNING)
    try:
        sm = client.plugin["xep_0198"]
        for bogus in ("bob@localhost/" + "r" * 3000, 'm"a<l>@localhost/x'):
            escaped = bogus.replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
            handled = sm.handled
            # Into Heron's own XML input, as if the server had sent it...
            client.data_received(
                f"<message xmlns='jabber:client' from=\"{escaped}\" to='{client.boundjid}' "
                f"type='chat' id='bad'><body>from nowhere</body></message>".encode())
            sm.handled = handled  # ...which it did not: keep XEP-0198's count true
        bob_client.send_message(mto=alice, mbody="canary", mtype="chat")
        await until(lambda: any(m.body == "canary" for e in rec.of(MessagesAdded)
                                for m in e.messages))
        assert _rejections(caplog, "message") == ["invalid-from", "invalid-from"]
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]  # no tracebacks
        assert not [s for s in sent if "type=\"error\"" in s or "type='error'" in s]
        assert app.sessions[alice].connection.state is ConnectionState.CONNECTED
        assert [m.body for m in await _stored(app, alice, bob)] == ["canary"]
    finally:
        await stop_peer(bob_client)
        await app.close()


def _no_auto_receipts(peer: Peer) -> None:
    peer.plugin["xep_0184"].auto_ack = False


async def test_a_receipt_counts_only_from_the_messages_recipient(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    mallory, mallory_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    session = app.sessions[alice]
    bob_client = await start_peer(server, bob, bob_pw, setup=_no_auto_receipts)
    attacker = await start_peer(server, mallory, mallory_pw)
    try:
        await session.chat.send(bob, "for Bob only")
        await until(lambda: bob_client.bodies() == ["for Bob only"])
        rows = await eventually(lambda: _stored(app, alice, bob),
                                lambda r: r[0].state is DeliveryState.SENT)
        message_id = rows[0].message_id
        attacker.send_raw(f"<message xmlns='jabber:client' to='{session.client.boundjid}'>"
                          f"<received xmlns='urn:xmpp:receipts' id='{message_id}'/></message>")
        await until(lambda: _rejections(caplog, "receipt"), 5)
        assert _rejections(caplog, "receipt") == ["not-from-peer"]
        assert (await _stored(app, alice, bob))[0].state is DeliveryState.SENT
        bob_client.send_raw(f"<message xmlns='jabber:client' to='{session.client.boundjid}'>"
                            f"<received xmlns='urn:xmpp:receipts' id='{message_id}'/></message>")
        await eventually(lambda: _stored(app, alice, bob),
                         lambda r: r[0].state is DeliveryState.DELIVERED)
        assert (await _stored(app, alice, bob))[0].state is DeliveryState.DELIVERED
    finally:
        await stop_peer(attacker)
        await stop_peer(bob_client)
        await app.close()


async def test_chat_state_from_our_own_other_client_is_not_a_conversation(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, ChatStateChanged)
    full = str(app.sessions[alice].client.boundjid)
    phone = await start_peer(server, alice, alice_pw, resource="phone")
    bob_client = await start_peer(server, bob, bob_pw)
    try:
        for sender in (phone, bob_client):
            sender.send_raw(f"<message xmlns='jabber:client' to='{full}' type='chat'>"
                            "<composing xmlns='http://jabber.org/protocol/chatstates'/>"
                            "</message>")
        await until(lambda: rec.of(ChatStateChanged))
        await asyncio.sleep(0.3)
        assert [(e.peer, e.state) for e in rec.of(ChatStateChanged)] == [(bob, "composing")]
        assert _rejections(caplog, "chat-state") == ["from-own-account"]
    finally:
        await stop_peer(bob_client)
        await stop_peer(phone)
        await app.close()


async def test_a_contact_cannot_correct_our_message(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    session = app.sessions[alice]
    bob_client = await start_peer(server, bob, bob_pw)
    try:
        await session.chat.send(bob, "I owe you 5 euros")
        await until(lambda: bob_client.bodies() == ["I owe you 5 euros"])
        ours = (await _stored(app, alice, bob))[0]
        bob_client.send_raw(
            f"<message xmlns='jabber:client' to='{alice}' type='chat' id='c1'>"
            "<body>I owe you 500 euros</body>"
            f"<replace xmlns='urn:xmpp:message-correct:0' id='{ours.message_id}'/></message>")
        await until(lambda: _rejections(caplog, "correction"), 5)
        assert _rejections(caplog, "correction") == ["direction-mismatch"]
        rows = await _stored(app, alice, bob)
        assert [(m.body, m.corrected) for m in rows] == [("I owe you 5 euros", False)]
    finally:
        await stop_peer(bob_client)
        await app.close()
