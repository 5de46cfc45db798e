"""Federation on loopback (issue 7, point 3): a Heron user on alpha.test and a second real client
on beta.test, two servers talking server-to-server with certificates from one rig CA. Each test
runs on three pairs (Heron's server first): Prosody-Prosody, Prosody-ejabberd, ejabberd-Prosody
(see tests/integration/federation.py)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath

from heron.application import Heron
from heron.core.events import (
    DeliveryState,
    Direction,
    MessagesAdded,
    MessageUpdated,
    PresenceChanged,
    RosterEntryChanged,
    SubscriptionRequested,
)
from heron.demo.prosody import make_ca
from tests.helpers import until
from tests.integration.federation import FederatedPair, federation
from tests.integration.parties import (
    RUN_ONCE_ON_BOTH,
    Peer,
    Recorder,
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration, RUN_ONCE_ON_BOTH]
__all__ = ["federation"]  # the fixture, imported to be found

S2S_WAIT = 20  # the first stanza to the other domain opens the s2s link (TLS both ways)


async def _stored(app: Heron, account: str, peer: str) -> list[Any]:
    return await app.repos.messages.page_before(account, peer, None, 100)


def _shown(rec: Recorder) -> list[str]:
    """Bodies by row, in order: a message the first archive page stored is announced again
    when its live copy follows (new to the user, see InboundPipeline.store_now)."""
    return list({m.pk: m.body for e in rec.of(MessagesAdded) for m in e.messages}.values())


async def test_contacts_on_two_servers_add_each_other_and_see_presence(
        federation: FederatedPair, tmp_path: Path) -> None:
    alice, alice_pw = federation.user(federation.home)
    bob, bob_pw = federation.user(federation.remote)
    app = await start_heron(tmp_path / "alice", account_for(federation.home, alice), alice_pw)
    rec = Recorder(app, RosterEntryChanged, SubscriptionRequested, PresenceChanged)
    peer = await start_peer(federation.remote, bob, bob_pw)  # approves, and asks back
    try:
        session = app.sessions[alice]
        await session.roster.add(bob, "Bob")
        await until(lambda: any(e.jid == bob for e in rec.of(SubscriptionRequested)), S2S_WAIT)
        session.roster.approve(bob)
        await until(lambda: any(e.entry.jid == bob and e.entry.subscription == "both"
                                for e in rec.of(RosterEntryChanged)), S2S_WAIT)
        # Each sees the other online, through both servers.
        await until(lambda: any(e.jid == bob and e.show == "available"
                                for e in rec.of(PresenceChanged)), S2S_WAIT)
        await until(lambda: bool(peer.client_roster[alice].resources), S2S_WAIT)
        peer.send_presence(pshow="dnd", pstatus="in a meeting")
        await until(lambda: any(e.jid == bob and (e.show, e.status) == ("dnd", "in a meeting")
                                for e in rec.of(PresenceChanged)), S2S_WAIT)
        session.presence.set_own("away", "lunch")
        await until(lambda: any(r.get("show") == "away" and r.get("status") == "lunch"
                                for r in peer.client_roster[alice].resources.values()),
                    S2S_WAIT)
        cached = {e.jid: e for e in await app.repos.roster.load(alice)}
        assert (cached[bob].name, cached[bob].subscription) == ("Bob", "both")
    finally:
        await stop_peer(peer)
        await app.close()


def _asks_for_receipts(receipts: list[str]) -> Any:
    def setup(peer: Peer) -> None:
        peer.plugin["xep_0184"].auto_request = True
        peer.add_event_handler("receipt_received", lambda m: receipts.append(str(m["receipt"])))
    return setup


async def test_chat_across_servers_with_receipts_and_a_correction(
        federation: FederatedPair, tmp_path: Path) -> None:
    alice, alice_pw = federation.user(federation.home)
    bob, bob_pw = federation.user(federation.remote)
    app = await start_heron(tmp_path / "alice", account_for(federation.home, alice), alice_pw)
    rec = Recorder(app, MessagesAdded, MessageUpdated)
    receipts: list[str] = []
    peer = await start_peer(federation.remote, bob, bob_pw, setup=_asks_for_receipts(receipts))
    try:
        await app.sessions[alice].chat.send(bob, "Hello Bob, from another server")
        await until(lambda: peer.bodies() == ["Hello Bob, from another server"], S2S_WAIT)
        # Bob's client acknowledges: the tick becomes "delivered".
        await until(lambda: any(e.message.state is DeliveryState.DELIVERED
                                for e in rec.of(MessageUpdated)), S2S_WAIT)
        answer = peer.make_message(mto=alice, mbody="Hi Alice, see you at 8", mtype="chat")
        answer.send()
        await until(lambda: "Hi Alice, see you at 8" in _shown(rec), S2S_WAIT)
        await until(lambda: str(answer["id"]) in receipts, S2S_WAIT)  # Heron's receipt
        # Bob corrects his message (XEP-0308): Heron shows the new text in its place.
        fix = peer.make_message(mto=alice, mbody="Hi Alice, see you at 9", mtype="chat")
        fix["replace"]["id"] = answer["id"]
        fix.send()
        await until(lambda: any(e.message.corrected and e.message.body == "Hi Alice, see you at 9"
                                for e in rec.of(MessageUpdated)), S2S_WAIT)
        stored = await _stored(app, alice, bob)
        assert [(m.direction, m.body, m.corrected) for m in stored] == [
            (Direction.OUTGOING, "Hello Bob, from another server", False),
            (Direction.INCOMING, "Hi Alice, see you at 9", True),
        ]
        assert stored[0].state is DeliveryState.DELIVERED
    finally:
        await stop_peer(peer)
        await app.close()


async def test_a_federated_message_sent_while_heron_was_off_comes_from_the_archive(
        federation: FederatedPair, tmp_path: Path) -> None:
    alice, alice_pw = federation.user(federation.home)
    bob, bob_pw = federation.user(federation.remote)
    profile = tmp_path / "alice"
    app = await start_heron(profile, account_for(federation.home, alice), alice_pw)
    await eventually(lambda: app.repos.mam.get(alice, alice, ""), lambda p: p is not None)
    await app.close()
    # Heron is off; Alice's phone is on, so the messages go to the phone and the archive, not
    # to offline storage: only MAM can bring them to Heron.
    phone = await start_peer(federation.home, alice, alice_pw, resource="phone")
    sender = await start_peer(federation.remote, bob, bob_pw)
    try:
        for body in ("sent while you were away", "and one more"):
            sender.send_message(mto=alice, mbody=body, mtype="chat")
        await until(lambda: len(phone.received) == 2, S2S_WAIT)
    finally:
        await stop_peer(sender)
        await stop_peer(phone)
    app = await start_heron(profile, account_for(federation.home, alice), alice_pw)
    try:
        stored = await eventually(lambda: _stored(app, alice, bob), lambda r: len(r) == 2)
        assert [(m.direction, m.body) for m in stored] == [
            (Direction.INCOMING, "sent while you were away"), (Direction.INCOMING, "and one more")]
        assert all(m.stanza_id for m in stored), "ids from Alice's own archive"
    finally:
        await app.close()


def _policy_rejections(caplog: pytest.LogCaptureFixture, kind: str) -> list[str]:
    return [str(getattr(r, "policy_reason", "")) for r in caplog.records
            if r.name == "heron.policy" and getattr(r, "policy_kind", "") == kind]


def _carbon(kind: str, victim: str, inner_from: str, inner_to: str, body: str) -> str:
    return (
        f"<message xmlns='jabber:client' to='{victim}' type='chat'>"
        f"<{kind} xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
        f"<message xmlns='jabber:client' from='{inner_from}' to='{inner_to}' type='chat' "
        f"id='forged-{kind}'><body>{body}</body>"
        "<request xmlns='urn:xmpp:receipts'/><markable xmlns='urn:xmpp:chat-markers:0'/>"
        f"</message></forwarded></{kind}></message>"
    )


async def _answer_to(iq: Any) -> Any:
    """The reply to ``iq`` (a result or an error), or None when none came."""
    try:
        return await iq.send(timeout=5)
    except IqError as exc:
        return exc.iq
    except IqTimeout:
        return None


def _without_slixmpps_carbon_check(client: Any) -> None:
    """slixmpp's XEP-0280 plugin drops a carbon whose sender is not our bare JID before Heron
    sees it; take that check away so that only Heron's own rule (policy.carbon_ok) is left."""
    for kind in ("received", "sent"):
        name = f"Carbon {kind.capitalize()}"
        client.remove_handler(name)
        client.register_handler(Callback(
            name, StanzaPath(f"message/carbon_{kind}"),
            lambda msg, kind=kind: client.event(f"carbon_{kind}", msg)))


async def test_a_remote_user_cannot_forge_a_roster_push_or_a_carbon(
        federation: FederatedPair, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    alice, alice_pw = federation.user(federation.home)
    carol, _ = federation.user(federation.home)  # someone Alice knows, on her own server
    mallory, mallory_pw = federation.user(federation.remote)
    app = await start_heron(tmp_path / "alice", account_for(federation.home, alice), alice_pw)
    rec = Recorder(app, MessagesAdded, MessageUpdated, RosterEntryChanged)
    client = app.sessions[alice].client
    # slixmpp's own guards out of the way: the roster push check in _handle_roster and the
    # carbon sender check. What stops these stanzas below is Heron's policy alone.
    client._handle_roster = lambda iq: None  # type: ignore[method-assign]
    _without_slixmpps_carbon_check(client)
    roster_before = await app.repos.roster.load(alice)
    caplog.set_level(logging.WARNING)
    attacker = await start_peer(federation.remote, mallory, mallory_pw)
    to_mallory: list[str] = []  # everything Alice's side sends Mallory, whatever its kind
    attacker.add_event_handler("message", lambda m: to_mallory.append(str(m)))
    try:
        full = str(client.boundjid)
        push = attacker.make_iq_set(ito=full)
        push.append(ET.fromstring(
            f"<query xmlns='jabber:iq:roster'><item jid='{mallory}' name='Carol (new number)' "
            "subscription='both'><group>Family</group></item></query>"))
        answer = asyncio.ensure_future(_answer_to(push))
        attacker.send_raw(_carbon("received", full, carol, alice, "Carol: send me 500 euros"))
        attacker.send_raw(_carbon("sent", full, alice, carol, "Alice: I will pay"))
        attacker.send_message(mto=full, mbody="canary", mtype="chat")  # proves delivery works
        await until(lambda: "canary" in _shown(rec), S2S_WAIT)
        await asyncio.sleep(0.3)  # anything Heron would still send back (a receipt) arrives

        assert _shown(rec) == ["canary"]
        assert await _stored(app, alice, carol) == []
        assert rec.of(RosterEntryChanged) == []
        assert await app.repos.roster.load(alice) == roster_before
        refused = await answer
        assert refused is not None and refused["type"] == "error"
        assert refused["error"]["condition"] == "service-unavailable"
        assert refused["roster"]["items"] == {}, "the error carries no roster"
        assert _policy_rejections(caplog, "roster-push") == ["not-from-our-server"]
        assert _policy_rejections(caplog, "carbon") == ["not-own-account", "not-own-account"]
        assert to_mallory == [], "no receipt, marker or error about the forged messages"
    finally:
        await stop_peer(attacker)
        await app.close()


@pytest.mark.parametrize(("home_kind", "kind"), [
    ("prosody", "prosody"), ("prosody", "ejabberd"), ("ejabberd", "prosody")])
async def test_a_server_whose_certificate_the_rig_ca_did_not_sign_gets_no_link(
        home_kind: Any, kind: Any, tmp_path: Path) -> None:
    """s2s with verified certificates only: the remote presents a certificate from another CA
    (while trusting the rig's), and Alice's server refuses the link: Prosody with dialback
    loaded but s2s_secure_auth on, ejabberd with no dialback at all."""
    other_ca = make_ca(tmp_path / "other-ca", cn="Not the rig CA")
    pair = FederatedPair(tmp_path / "rig", kind, home_kind=home_kind, remote_issuer=other_ca)
    pair.start()
    try:
        alice, alice_pw = pair.user(pair.home)
        bob, bob_pw = pair.user(pair.remote)
        app = await start_heron(tmp_path / "alice", account_for(pair.home, alice), alice_pw)
        rec = Recorder(app, MessagesAdded)
        bounced: list[Any] = []

        def trusts_the_remote(peer: Peer) -> None:
            peer.ca_certs = str(other_ca[0])  # type: ignore[assignment]
            peer.add_event_handler("message_error", bounced.append)

        peer = await start_peer(pair.remote, bob, bob_pw, setup=trusts_the_remote)
        try:
            peer.send_message(mto=alice, mbody="over an unverified link", mtype="chat")
            await until(lambda: bounced or _shown(rec), S2S_WAIT)
            assert _shown(rec) == []
            assert bounced, "Bob's server gave up on the link and said so"
            assert await _stored(app, alice, bob) == []
        finally:
            await stop_peer(peer)
            await app.close()
    finally:
        pair.stop()
