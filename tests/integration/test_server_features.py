# ruff: noqa: F811  (the fixtures imported from lean_servers are used as arguments)
"""What a server lacks is found out, not assumed (issue 7, point 2).

Each feature against a server with its module switched off (Prosody and ejabberd), beside the
full rig server where the same check shows the feature working: MAM (no archive query after a
reconnect), carbons (no enable IQ, and what another of our clients sends is not shown), stream
management (no resumption tried, contacts not held for one) and HTTP upload (no service).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heron.application import Heron
from heron.core.events import (
    ConnectionState,
    DeliveryState,
    MessagesAdded,
    MessageUpdated,
    PresenceChanged,
    ServerFeaturesKnown,
    UploadService,
)
from heron.xmpp.services import server_features
from tests.helpers import until
from tests.integration.lean_servers import (  # noqa: F401  fixtures
    either_server,
    full_ejabberd,
    full_server,
    lean_ejabberd,
    lean_prosody,
    lean_server,
    new_user,
)
from tests.integration.parties import (
    RUN_ONCE_ON_BOTH,
    Peer,
    Recorder,
    account_for,
    eventually,
    start_heron,
    start_peer,
    stop_peer,
    wait_state,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration, RUN_ONCE_ON_BOTH]

MAM_NS = "urn:xmpp:mam:2"
CARBONS_NS = "urn:xmpp:carbons:2"
SM_NS = "urn:xmpp:sm:3"


def _record_out(app: Heron, jid: str) -> list[str]:
    """Every stanza and stream element Heron's client sends for ``jid``, as XML text."""
    sent: list[str] = []

    def keep(stanza: Any) -> Any:
        sent.append(str(stanza))
        return stanza

    app.sessions[jid].client.add_filter("out", keep)
    return sent


async def _heron(server: Any, profile: Path, jid: str, password: str,
                 ) -> tuple[Heron, Recorder, list[str]]:
    """Heron signed in to ``server``, recording its bus and what it sends from the start."""
    app = await start_heron(profile, account_for(server, jid), password, connect=False)
    rec = Recorder(app, ServerFeaturesKnown, MessagesAdded, MessageUpdated, PresenceChanged)
    app.start_account(jid)
    sent = _record_out(app, jid)
    await wait_state(app, jid, ConnectionState.CONNECTED)
    await until(lambda: rec.of(ServerFeaturesKnown), 15)
    return app, rec, sent


def _features(rec: Recorder) -> ServerFeaturesKnown:
    found: ServerFeaturesKnown = rec.of(ServerFeaturesKnown)[-1]
    return found


def _state_of(rec: Recorder, body: str) -> DeliveryState | None:
    """The tick the window shows for our message ``body`` (its latest update)."""
    states = [e.message.state for e in rec.of(MessageUpdated) if e.message.body == body]
    states += [m.state for e in rec.of(MessagesAdded) for m in e.messages if m.body == body
               and not states]
    return states[-1] if states else None


async def _drop(app: Heron, jid: str, hold_off: bool = False) -> None:
    """The TCP connection breaks. ``hold_off``: Heron's reconnect waits (about a minute)
    until the test calls retry_now, so what it shows while away can be looked at."""
    session = app.sessions[jid]
    if hold_off:
        session.connection.backoff.attempt = 10
    session.client.transport.abort()
    await until(lambda: session.connection.state is not ConnectionState.CONNECTED, 5)


async def _round_trip(app: Heron, jid: str) -> None:
    """A ping to our server and its answer: whatever the server sent Heron before it, Heron
    has read (one stream, in order)."""
    await app.sessions[jid].client.plugin["xep_0199"].ping(timeout=10)


# --- what is found ------------------------------------------------------------------------------


async def test_full_rig_servers_offer_all_four(full_server: Any, tmp_path: Path) -> None:
    alice, pw = new_user(full_server)
    app, rec, _sent = await _heron(full_server, tmp_path / "a", alice, pw)
    try:
        features = _features(rec)
        assert (features.mam, features.carbons, features.stream_management) == (True,) * 3
        assert features.upload == UploadService("upload.localhost", 10 * 1024 * 1024)
        assert features.stanza_ids and features.pep
        assert features.account == alice and features.domain == "localhost"
        assert app.sessions[alice].server_features.current == features
    finally:
        await app.close()


async def test_lean_servers_are_found_to_lack_them(lean_server: Any, tmp_path: Path) -> None:
    alice, pw = new_user(lean_server)
    app, rec, _sent = await _heron(lean_server, tmp_path / "a", alice, pw)
    try:
        features = _features(rec)
        assert (features.mam, features.carbons, features.stream_management) == (False,) * 3
        assert features.upload is None
        assert len(rec.of(ServerFeaturesKnown)) == 1  # published once per session
    finally:
        await app.close()


# --- MAM ----------------------------------------------------------------------------------------


def _archive_queries(sent: list[str]) -> list[str]:
    return [s for s in sent if f"<query xmlns=\"{MAM_NS}\"" in s]


async def test_archive_is_asked_only_when_the_server_keeps_one(either_server: tuple[str, Any],
        tmp_path: Path) -> None:
    """After a reconnect (catch-up, and the outbox's check before re-sending what was written
    offline) and when scrolling past the local history: no archive query without MAM."""
    kind, server = either_server
    alice, pw = new_user(server)
    bob, bob_pw = new_user(server)
    app, rec, sent = await _heron(server, tmp_path / "a", alice, pw)
    peer = await start_peer(server, bob, bob_pw)
    try:
        session = app.sessions[alice]
        await _drop(app, alice, hold_off=True)
        await session.chat.send(bob, "written offline")  # kept in the outbox until online
        resumed: list[bool] = []
        session.connection.on_session(resumed.append)
        session.connection.retry_now()
        await until(lambda: resumed, 20)
        await until(lambda: "written offline" in peer.bodies())
        peer.send_message(mto=alice, mbody="after the reconnect", mtype="chat")
        await until(lambda: any(m.body == "after the reconnect"
                                for e in rec.of(MessagesAdded) for m in e.messages))
        before_scrolling = len(_archive_queries(sent))
        await session.mam.fetch_older(bob)  # what scrolling up in the conversation asks
        await _round_trip(app, alice)
        assert peer.bodies() == ["written offline"]  # sent once
        if kind == "lean":
            assert _archive_queries(sent) == [], "no archive query without MAM"
        else:  # the first catch-up asked, and so did scrolling
            assert 0 < before_scrolling < len(_archive_queries(sent))
    finally:
        await stop_peer(peer)
        await app.close()


# --- carbons ------------------------------------------------------------------------------------


def _carbons_enable(sent: list[str]) -> list[str]:
    return [s for s in sent if f"<enable xmlns=\"{CARBONS_NS}\"" in s]


async def test_what_another_own_client_sends_shows_only_with_carbons(
        either_server: tuple[str, Any], tmp_path: Path) -> None:
    kind, server = either_server
    alice, pw = new_user(server)
    bob, bob_pw = new_user(server)
    app, rec, sent = await _heron(server, tmp_path / "a", alice, pw)
    phone: Peer | None = None
    peer = await start_peer(server, bob, bob_pw)
    try:
        await until(lambda: bool(_carbons_enable(sent)) or kind == "lean")
        if kind == "full":
            await _round_trip(app, alice)  # carbons are on before the phone writes
        phone = await start_peer(server, alice, pw, resource="phone")
        phone.send_message(mto=bob, mbody="from my phone", mtype="chat")
        await until(lambda: "from my phone" in peer.bodies())
        await _round_trip(app, alice)
        shown = [m.body for e in rec.of(MessagesAdded) for m in e.messages]
        if kind == "lean":
            assert _carbons_enable(sent) == [], "no carbons enable IQ without carbons"
            assert "from my phone" not in shown
        else:
            assert len(_carbons_enable(sent)) == 1
            await until(lambda: any(m.body == "from my phone" for e in rec.of(MessagesAdded)
                                    for m in e.messages))
            stored = await app.repos.messages.page_before(alice, bob, None, 10)
            assert [m.body for m in stored] == ["from my phone"]
    finally:
        if phone is not None:
            await stop_peer(phone)
        await stop_peer(peer)
        await app.close()


# --- stream management ---------------------------------------------------------------------------


def _resumes(sent: list[str]) -> list[str]:
    return [s for s in sent if s.startswith("<resume") and SM_NS in s]


async def test_a_drop_is_resumed_only_with_stream_management(either_server: tuple[str, Any],
        tmp_path: Path) -> None:
    kind, server = either_server
    alice, pw = new_user(server)
    bob, bob_pw = new_user(server)
    app, rec, sent = await _heron(server, tmp_path / "a", alice, pw)
    # Bob approves alice's request by himself; he sends no receipts (the tick stops at "sent").
    peer = await start_peer(server, bob, bob_pw,
                            setup=lambda p: setattr(p.plugin["xep_0184"], "auto_ack", False))
    try:
        session = app.sessions[alice]
        await session.roster.add(bob, "Bob", ())
        await until(lambda: session.presence.best(bob)[0] == "available")
        # Without acks (no stream management) the server's answer to a ping confirms it:
        # the tick turns "sent" either way, and the message is not sent again later.
        await session.chat.send(bob, "before the drop")
        await until(lambda: _state_of(rec, "before the drop") is DeliveryState.SENT)
        resumed: list[bool] = []
        session.connection.on_session(resumed.append)
        await _drop(app, alice, hold_off=True)
        await until(lambda: not session.presence._dirty, 2)  # the coalesced repaint went out
        shows = [e.show for e in rec.of(PresenceChanged) if e.jid == bob]
        if kind == "lean":
            # Nothing can resume: Bob is shown offline at once, not after a 30 s grace.
            assert shows[-1] == "offline"
        else:
            assert shows[-1] == "available"  # held for the resumption
        session.connection.retry_now()
        await until(lambda: resumed, 20)
        await until(lambda: session.presence.best(bob)[0] == "available", 10)
        await session.chat.send(bob, "after the drop")
        await until(lambda: "after the drop" in peer.bodies())
        assert peer.bodies() == ["before the drop", "after the drop"]  # nothing sent twice
        if kind == "lean":
            assert (resumed, _resumes(sent)) == ([False], []), "no resumption attempted"
        else:
            assert (resumed, len(_resumes(sent))) == ([True], 1)
    finally:
        await stop_peer(peer)
        await app.close()


# --- stanza-ids (XEP-0359) ----------------------------------------------------------------------


async def test_a_server_without_archive_ids_has_none_believed(lean_server: Any,
                                                              tmp_path: Path) -> None:
    """No archive announced urn:xmpp:sid:0, so an id a contact planted is not kept (it would
    let them make Heron drop a real message as a duplicate)."""
    alice, pw = new_user(lean_server)
    bob, bob_pw = new_user(lean_server)
    app, rec, _sent = await _heron(lean_server, tmp_path / "a", alice, pw)
    peer = await start_peer(lean_server, bob, bob_pw)
    try:
        assert not _features(rec).stanza_ids
        peer.send_raw(
            f"<message xmlns='jabber:client' to='{alice}' type='chat' id='p1'><body>planted"
            f"</body><stanza-id xmlns='urn:xmpp:sid:0' by='{alice}' id='planted-id'/></message>")
        rows = await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 5),
                                lambda found: len(found) == 1)
        assert rows[0].body == "planted" and rows[0].stanza_id is None
    finally:
        await stop_peer(peer)
        await app.close()


# --- a server that does not answer ----------------------------------------------------------


async def test_unanswered_discovery_means_absent_not_a_crash(prosody: Any, tmp_path: Path,
                                                             monkeypatch: Any) -> None:
    """Answers too late to count (here: a timeout shorter than any answer) leave every
    disco-found feature absent; the session goes on and chats (stream management, which the
    stream features announce, stays)."""
    monkeypatch.setattr(server_features, "DISCO_TIMEOUT", 1e-6)
    alice, pw = new_user(prosody)
    bob, bob_pw = new_user(prosody)
    app, rec, sent = await _heron(prosody, tmp_path / "a", alice, pw)
    peer = await start_peer(prosody, bob, bob_pw)
    try:
        features = _features(rec)
        assert (features.mam, features.carbons, features.upload) == (False, False, None)
        assert features.stream_management
        assert _carbons_enable(sent) == [] and _archive_queries(sent) == []
        await app.sessions[alice].chat.send(bob, "still chatting")
        await until(lambda: peer.bodies() == ["still chatting"])
    finally:
        await stop_peer(peer)
        await app.close()
