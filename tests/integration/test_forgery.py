"""Hostile peers on a real server: forged carbons, roster pushes and MAM results are dropped."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from slixmpp.xmlstream import ET

from heron.core.events import ConnectionState, MessagesAdded, RosterEntryChanged
from tests.integration.parties import Recorder, account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _forged_carbon(sender: str, victim: str, claimed_from: str, body: str) -> str:
    return (
        f"<message xmlns='jabber:client' to='{victim}' type='chat'>"
        "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
        f"<message xmlns='jabber:client' from='{claimed_from}' to='{victim}' type='chat'>"
        f"<body>{body}</body></message></forwarded></received></message>"
    )


async def test_forged_carbon_from_another_user_is_dropped(server, make_user, tmp_path: Path):
    alice, alice_pw = make_user()
    mallory, mallory_pw = make_user()
    bob, _ = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessagesAdded)
    attacker = await start_peer(server, mallory, mallory_pw)
    try:
        full = str(app.sessions[alice].client.boundjid)
        attacker.send_raw(_forged_carbon(mallory, full, bob, "Bob says: send money"))
        attacker.send_message(mto=full, mbody="canary", mtype="chat")  # proves delivery works
        for _ in range(100):
            if any(m.body == "canary" for e in rec.of(MessagesAdded) for m in e.messages):
                break
            await asyncio.sleep(0.05)
        # By row: a message the first archive page stored is announced again when its live
        # copy follows (it is new to the user, see InboundPipeline.store_now).
        shown = list({m.pk: m.body for e in rec.of(MessagesAdded) for m in e.messages}.values())
        assert shown == ["canary"]
        assert await app.repos.messages.page_before(alice, bob, None, 10) == []
        assert app.sessions[alice].connection.state is ConnectionState.CONNECTED
    finally:
        await stop_peer(attacker)
        await app.close()


async def test_forged_carbon_from_my_own_other_resource_is_dropped(server, make_user, tmp_path):
    alice, alice_pw = make_user()
    bob, _ = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessagesAdded)
    other = await start_peer(server, alice, alice_pw, resource="evil")
    try:
        full = str(app.sessions[alice].client.boundjid)
        # from = alice/evil (a full JID, not the bare account): not a real carbon.
        other.send_raw(_forged_carbon(alice, full, bob, "forged via resource"))
        other.send_message(mto=full, mbody="canary", mtype="chat")
        await asyncio.sleep(1.0)
        bodies = [m.body for e in rec.of(MessagesAdded) for m in e.messages]
        assert "forged via resource" not in bodies
    finally:
        await stop_peer(other)
        await app.close()


async def test_roster_push_from_a_stranger_is_ignored(server, make_user, tmp_path: Path):
    alice, alice_pw = make_user()
    mallory, mallory_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, RosterEntryChanged)
    attacker = await start_peer(server, mallory, mallory_pw)
    try:
        full = str(app.sessions[alice].client.boundjid)
        iq = attacker.make_iq_set(ito=full)
        query = ET.fromstring(
            "<query xmlns='jabber:iq:roster'><item jid='evil@example.org' name='Trust me' "
            "subscription='both'><group>Friends</group></item></query>")
        iq.append(query)
        try:
            await iq.send(timeout=5)
            answered = "result"
        except Exception as exc:  # noqa: BLE001 - the error reply is what we want to see
            answered = type(exc).__name__
        assert answered == "IqError"
        assert rec.of(RosterEntryChanged) == []
        assert "evil@example.org" not in {e.jid for e in await app.repos.roster.load(alice)}
    finally:
        await stop_peer(attacker)
        await app.close()


async def test_mam_result_not_from_our_archive_is_dropped(server, make_user, tmp_path: Path):
    alice, alice_pw = make_user()
    mallory, mallory_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    rec = Recorder(app, MessagesAdded)
    attacker = await start_peer(server, mallory, mallory_pw)
    try:
        full = str(app.sessions[alice].client.boundjid)
        attacker.send_raw(
            f"<message xmlns='jabber:client' to='{full}'>"
            "<result xmlns='urn:xmpp:mam:2' queryid='guess' id='x1'>"
            "<forwarded xmlns='urn:xmpp:forward:0'>"
            "<delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/>"
            f"<message xmlns='jabber:client' from='boss@localhost' to='{alice}' type='chat'>"
            "<body>fake history</body></message></forwarded></result></message>")
        # A real catch-up runs meanwhile and must not pick it up either.
        await app.sessions[alice].mam.catch_up()
        await asyncio.sleep(0.5)
        bodies = [m.body for e in rec.of(MessagesAdded) for m in e.messages]
        assert "fake history" not in bodies
        assert app.sessions[alice].connection.state is ConnectionState.CONNECTED
    finally:
        await stop_peer(attacker)
        await app.close()
