"""Stanzas as Prosody and ejabberd really send them, read by Heron's own services (issue 7).

Each test plays one recording (tests/data/stanzas/<server>/<situation>.xml, made by
``python -m tests.recordings.record``) into a real account session and checks what Heron
concludes: the contact and subscription it stores, the archived message with its time and id,
a carbon believed from our own account and refused from anyone else, the sentence a person
reads for a stream error or a refused password. Every situation runs for both servers, so a
server's own wording (attribute order, added namespaces, id and time formats, error texts)
is caught here. A missing recording fails; nothing is skipped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import pytest_asyncio
from slixmpp.exceptions import IqError
from slixmpp.stanza import StreamFeatures

from heron.core.errors import ErrorKind, describe
from heron.core.events import (
    ChatStateChanged,
    DeliveryState,
    Direction,
    NewMessage,
    RosterEntryChanged,
    RosterEntryRemoved,
    RosterLoaded,
    StoredMessage,
    SubscriptionRequested,
)
from heron.xmpp.mechanisms import refusal
from heron.xmpp.services.mam import MAM_NS
from tests.helpers import until
from tests.unit.xmpp.recorded import (
    ACCOUNT,
    BOB,
    DATA,
    SERVERS,
    Replay,
    local,
    recording,
    sent_from,
    stanzas,
)

pytestmark = pytest.mark.asyncio
servers = pytest.mark.parametrize("server", SERVERS)

ROSTER = "{jabber:iq:roster}query"
MAM_QUERY = f"{{{MAM_NS}}}query"
# The recorder writes time stamps as 2026-01-02T03:04:00 plus one second per stamp seen.
FIRST_STAMP = datetime(2026, 1, 2, 3, 4, 1, tzinfo=UTC).timestamp()


@pytest_asyncio.fixture
async def replay(tmp_path: Path) -> AsyncIterator[Replay]:
    session = await Replay.open(tmp_path / "profile")
    try:
        yield session
    finally:
        await session.close()


def events(replay: Replay, *types: type) -> list[object]:
    seen: list[object] = []
    for event_type in types:
        replay.app.bus.subscribe(event_type, seen.append)
    return seen


def rejections(caplog: pytest.LogCaptureFixture, kind: str) -> list[str]:
    return [str(getattr(r, "policy_reason", "")) for r in caplog.records
            if r.name == "heron.policy" and getattr(r, "policy_kind", "") == kind]


async def stored(replay: Replay, peer: str = BOB) -> list[StoredMessage]:
    await replay.app.pipeline.drain()
    return list(await replay.app.repos.messages.page_before(ACCOUNT, peer, None, 50))


def recorded_ids(data: bytes, path: str) -> list[str]:
    return [e.get("id", "") for s in stanzas(data) for e in s.iterfind(path)]


async def test_every_situation_was_recorded_for_both_servers() -> None:
    """The two folders hold the same situations, and say which server version made them."""
    names = {server: sorted(p.stem for p in (DATA / server).glob("*.xml")) for server in SERVERS}
    assert names["prosody"] == names["ejabberd"]
    assert len(names["prosody"]) >= 30
    for server in SERVERS:
        version = (DATA / server / "VERSION").read_text().split()
        assert version[0] == server and version[1][0].isdigit()


def recording_dir(server: str) -> Path:
    from tests.unit.xmpp.recorded import DATA
    return DATA / server


# --- stream features and sign-in ---------------------------------------------------------------


@servers
async def test_starttls_offered_heron_starts_tls(replay: Replay, server: str) -> None:
    replay.feed(recording(server, "stream_features_starttls"))
    await until(lambda: any(local(e) == "starttls" for e in replay.sent()))


@servers
async def test_sign_in_methods_heron_trusts_are_offered(replay: Replay, server: str) -> None:
    (element,) = stanzas(recording(server, "stream_features_sasl"))
    features = StreamFeatures(replay.client, element)
    offered = set(features["mechanisms"])
    assert refusal(offered, "") is None  # a first sign-in goes ahead
    assert refusal(offered, "SCRAM-SHA-1") is None
    # After SCRAM-SHA-256 worked, only a server that offers it is signed in to.
    assert (refusal(offered, "SCRAM-SHA-256") is None) == ("SCRAM-SHA-256" in offered)
    assert "SCRAM-SHA-1" in offered


@servers
async def test_features_after_sign_in(replay: Replay, server: str) -> None:
    (element,) = stanzas(recording(server, "stream_features_bound"))
    offered = set(StreamFeatures(replay.client, element)["features"])
    assert {"bind", "sm", "csi", "rosterver"} <= offered


@servers
@pytest.mark.parametrize("situation", ["sasl_failure_wrong_password", "sasl_failure_unknown_user"])
async def test_refused_password_reads_as_a_password_problem(tmp_path: Path, server: str,
                                                           situation: str) -> None:
    replay = await Replay.open(tmp_path, signed_in=False)
    try:
        await _refused(replay, server, situation)
    finally:
        await replay.close()


async def _refused(replay: Replay, server: str, situation: str) -> None:
    replay.feed(recording(server, "stream_features_sasl"))
    await until(lambda: any(local(e) == "auth" for e in replay.sent()))
    data = recording(server, situation)
    replay.feed(data)
    await until(lambda: replay.session.connection.error is not None)
    error = replay.session.connection.error
    assert error is not None
    expected = describe(ErrorKind.AUTH_FAILED, server="127.0.0.1", account=ACCOUNT)
    assert (error.kind, error.message, error.next_step) == (
        ErrorKind.AUTH_FAILED, expected.message, expected.next_step)
    assert error.terminal  # no retry with a wrong password
    (failure,) = stanzas(data)
    text = failure.findtext("{urn:ietf:params:xml:ns:xmpp-sasl}text") or ""
    assert text in error.detail and "not-authorized" in error.detail
    assert not text or text not in error.message


@servers
@pytest.mark.parametrize(("situation", "kind"), [
    ("stream_error_conflict", ErrorKind.CONFLICT),
    ("stream_error_policy_violation", ErrorKind.POLICY_VIOLATION),
])
async def test_stream_errors_read_as_heron_says_them(replay: Replay, server: str, situation: str,
                                                    kind: ErrorKind) -> None:
    replay.feed(recording(server, situation))
    error = replay.session.connection.error
    assert error is not None
    assert error.kind is kind
    assert error.message == describe(kind, server="127.0.0.1", account=ACCOUNT).message
    assert "Replaced by new connection" in error.detail or "too big" in error.detail


# --- roster and subscriptions ------------------------------------------------------------------


@servers
async def test_roster_result_is_stored(replay: Replay, server: str) -> None:
    loaded = events(replay, RosterLoaded)
    fetch = asyncio.ensure_future(replay.session.roster.fetch())
    await replay.answer(ROSTER, recording(server, "roster_result"))
    await fetch
    entries = {e.jid: e for e in await replay.app.repos.roster.load(ACCOUNT)}
    assert set(entries) == {BOB, "dave@localhost"}
    assert entries[BOB].subscription == "both"
    dave = entries["dave@localhost"]
    assert (dave.name, dave.groups, dave.subscription, dave.ask) == (
        "Dave", ("Friends",), "none", False)
    assert len(loaded) == 1


@servers
async def test_roster_pushes_add_change_and_remove(replay: Replay, server: str) -> None:
    changed = events(replay, RosterEntryChanged, RosterEntryRemoved)
    replay.feed(recording(server, "roster_push_subscription"))
    await until(lambda: len(changed) == 3)  # three pushes
    steps = [(e.entry.subscription, e.entry.ask) for e in changed
             if isinstance(e, RosterEntryChanged)]
    assert steps == [("from", False), ("from", True), ("both", False)]
    replay.feed(recording(server, "roster_push_add"))
    await until(lambda: len(changed) == 4)
    entries = {e.jid: e for e in await replay.app.repos.roster.load(ACCOUNT)}
    assert entries["dave@localhost"].groups == ("Friends",)
    assert entries[BOB].subscription == "both"
    replay.feed(recording(server, "roster_push_remove"))
    await until(lambda: any(isinstance(e, RosterEntryRemoved) for e in changed))
    assert {e.jid for e in await replay.app.repos.roster.load(ACCOUNT)} == {BOB}
    # Each push was acknowledged (RFC 6121 §2.1.6), none refused.
    replies = [e for e in replay.sent() if local(e) == "iq"]
    assert [r.get("type") for r in replies] == ["result"] * 5


@servers
async def test_roster_push_from_a_contact_is_refused(replay: Replay, server: str,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    changed = events(replay, RosterEntryChanged)
    replay.feed(sent_from(recording(server, "roster_push_add"), "iq", BOB))
    await until(lambda: rejections(caplog, "roster-push"))
    assert rejections(caplog, "roster-push") == ["not-from-our-server"]
    await asyncio.sleep(0.05)
    assert changed == []
    assert await replay.app.repos.roster.load(ACCOUNT) == []
    (reply,) = [e for e in replay.sent() if local(e) == "iq"]
    assert reply.get("type") == "error"


@servers
async def test_subscription_request_is_asked_of_the_user(replay: Replay, server: str) -> None:
    asked = events(replay, SubscriptionRequested)
    replay.feed(recording(server, "presence_subscribe"))
    await until(lambda: asked)
    assert asked == [SubscriptionRequested(ACCOUNT, BOB)]
    replay.feed(recording(server, "presence_subscribed"))  # an answer, not a new request
    await asyncio.sleep(0.05)
    assert len(asked) == 1


# --- messages, offline delivery, carbons --------------------------------------------------------


@servers
async def test_chat_message_is_stored_with_the_archive_id(replay: Replay, server: str) -> None:
    replay.session.chat.sid_archives.add(ACCOUNT)
    data = recording(server, "message_chat")
    replay.feed(data)
    (message,) = await stored(replay)
    assert message.body == "Hello Alice"
    assert message.stanza_id == recorded_ids(data, "{urn:xmpp:sid:0}stanza-id")[0]
    assert message.direction is Direction.INCOMING


@servers
async def test_offline_message_keeps_the_time_it_was_sent(replay: Replay, server: str) -> None:
    replay.session.chat.sid_archives.add(ACCOUNT)
    replay.feed(recording(server, "offline_message"))
    (message,) = await stored(replay)
    assert message.body == "While you were away"
    # The server's delay stamp, not the moment the replay ran.
    assert datetime.fromtimestamp(message.timestamp, UTC).date().isoformat() == "2026-01-02"


@servers
async def test_carbons_from_our_account_are_believed(replay: Replay, server: str) -> None:
    replay.feed(recording(server, "carbon_received"))
    replay.feed(recording(server, "carbon_sent"))
    await until(lambda: replay.app.pipeline._pending == [])
    messages = await stored(replay)
    assert [(m.body, m.direction) for m in messages] == [
        ("To your phone", Direction.INCOMING), ("From my phone", Direction.OUTGOING)]


@servers
@pytest.mark.parametrize("situation", ["carbon_received", "carbon_sent"])
async def test_carbons_from_anyone_else_are_refused(replay: Replay, server: str, situation: str,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """Heron's own rule on the recorded carbon (slixmpp drops this forgery too, before Heron
    sees it: so the rule is checked on the stanza itself, then the whole path)."""
    carbons = replay.session.carbons
    real = recording(server, situation)
    (element,) = stanzas(real)
    assert carbons._check(replay.stanza(element))
    (fake,) = stanzas(sent_from(real, "message", BOB))
    assert not carbons._check(replay.stanza(fake))
    assert rejections(caplog, "carbon") == ["not-own-account"]
    replay.feed(sent_from(real, "message", BOB))
    await asyncio.sleep(0.05)
    assert await stored(replay) == []


@servers
async def test_error_for_an_unknown_address_is_not_shown_as_a_message(
        replay: Replay, server: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    replay.feed(recording(server, "error_unknown_user_message"))
    await asyncio.sleep(0.05)
    assert await stored(replay, "nobody@localhost") == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


# --- receipts and chat states ------------------------------------------------------------------


@servers
async def test_receipt_request_is_answered_for_that_message(replay: Replay, server: str) -> None:
    data = recording(server, "receipt_request")
    replay.feed(data)
    (message,) = stanzas(data)
    await until(lambda: [e for e in replay.sent() if e.find("{urn:xmpp:receipts}received")
                         is not None])
    (answer,) = [e for e in replay.sent() if e.find("{urn:xmpp:receipts}received") is not None]
    assert answer.find("{urn:xmpp:receipts}received").get("id") == message.get("id")  # type: ignore[union-attr]
    assert answer.get("to") == message.get("from")


@servers
async def test_receipt_marks_our_message_delivered(replay: Replay, server: str) -> None:
    data = recording(server, "receipt_answer")
    (receipt_id,) = recorded_ids(data, "{urn:xmpp:receipts}received")
    await replay.app.repos.messages.add_many([NewMessage(
        account=ACCOUNT, peer=BOB, direction=Direction.OUTGOING, body="Please confirm",
        timestamp=FIRST_STAMP, origin_id=receipt_id, message_id=receipt_id,
        state=DeliveryState.SENT)])
    replay.feed(data)

    async def delivered() -> bool:
        rows = await stored(replay)
        return rows[0].state is DeliveryState.DELIVERED

    for _ in range(100):
        if await delivered():
            break
        await asyncio.sleep(0.02)
    assert await delivered()


@servers
async def test_chat_state_shows_typing(replay: Replay, server: str) -> None:
    seen = events(replay, ChatStateChanged)
    replay.feed(recording(server, "chat_state"))
    await until(lambda: seen)
    assert seen == [ChatStateChanged(ACCOUNT, BOB, "composing")]


# --- MAM ---------------------------------------------------------------------------------------


@servers
async def test_mam_page_gives_messages_times_ids_and_not_complete(replay: Replay,
                                                                 server: str) -> None:
    data = recording(server, "mam_page")
    query = asyncio.ensure_future(replay.session.mam.query(max_items=2))
    await replay.answer(MAM_QUERY, data)
    page = await query
    ids = recorded_ids(data, f"{{{MAM_NS}}}result")
    assert [m.body for m in page.messages] == ["Hello Alice", "two"]
    assert [m.stanza_id for m in page.messages] == ids
    assert (page.first_id, page.last_id, page.complete) == (ids[0], ids[1], False)
    assert all(m.peer == BOB and m.direction is Direction.INCOMING for m in page.messages)
    # The archive's stamps (whole seconds on Prosody, microseconds on ejabberd).
    assert [round(m.timestamp) for m in page.messages] == [FIRST_STAMP, FIRST_STAMP + 1]


@servers
async def test_mam_last_page_is_complete(replay: Replay, server: str) -> None:
    data = recording(server, "mam_last_page")
    query = asyncio.ensure_future(replay.session.mam.query(after="x", max_items=2))
    await replay.answer(MAM_QUERY, data)
    page = await query
    assert [m.body for m in page.messages] == ["three"]
    assert page.complete
    assert page.last_id == recorded_ids(data, f"{{{MAM_NS}}}result")[0]


@servers
async def test_mam_of_an_empty_archive(replay: Replay, server: str) -> None:
    query = asyncio.ensure_future(replay.session.mam.query(before=""))
    await replay.answer(MAM_QUERY, recording(server, "mam_empty_archive"))
    page = await query
    assert (page.messages, page.first_id, page.last_id, page.complete) == ([], "", "", True)


@servers
async def test_mam_results_from_another_jid_are_dropped(replay: Replay, server: str,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    query = asyncio.ensure_future(replay.session.mam.query(max_items=2))
    await replay.answer(MAM_QUERY, sent_from(recording(server, "mam_page"), "message", BOB))
    page = await query
    assert page.messages == []
    assert rejections(caplog, "mam-result") == ["not-from-queried-archive"] * 2


@servers
async def test_catch_up_from_a_pointer_the_archive_does_not_know(replay: Replay,
                                                                 server: str) -> None:
    """Prosody says item-not-found: Heron forgets the pointer (and starts over next time).
    ejabberd ignores an id it cannot read and pages from the archive's start: Heron stores
    what comes (duplicates collapse on the archive id) and moves the pointer on."""
    repo = replay.app.repos.mam
    await repo.extend(ACCOUNT, ACCOUNT, "", newest_id="no-such-id", newest_ts=FIRST_STAMP)
    await replay.discover(server)  # the archive is used only once discovery found it
    catch_up = asyncio.ensure_future(replay.session.mam.catch_up())
    data = recording(server, "mam_unknown_id")
    await replay.answer(MAM_QUERY, data)
    replies = [e for e in stanzas(data) if local(e) == "iq"]
    if replies[0].get("type") == "error":
        assert await catch_up == 0
        assert await repo.get(ACCOUNT, ACCOUNT, "") is None
        assert server == "prosody"
        return
    last = recording(server, "mam_last_page")
    await replay.answer(MAM_QUERY, last)
    assert await catch_up == 3  # the archive's three messages
    pointer = await repo.get(ACCOUNT, ACCOUNT, "")
    assert pointer is not None
    assert pointer.newest_id == recorded_ids(last, f"{{{MAM_NS}}}result")[-1]
    assert server == "ejabberd"


# --- disco, ping, errors -----------------------------------------------------------------------


@servers
async def test_discovery_finds_what_each_server_offers(replay: Replay, server: str) -> None:
    """Both rig servers, as they answer discovery: an archive with stanza-ids on the account,
    carbons, PEP, and the upload service with its 10 MiB limit among the domain's services."""
    chat = replay.session.chat
    chat._held = []
    archive_ids = asyncio.ensure_future(chat._discover_archive())
    known = await replay.discover(server)
    await archive_ids
    assert (known.mam, known.carbons, known.stanza_ids, known.pep) == (True, True, True, True)
    assert known.upload is not None
    assert (known.upload.jid, known.upload.max_file_size) == ("upload.localhost", 10 * 1024 * 1024)
    assert chat.sid_archives == {ACCOUNT}


@servers
async def test_server_disco_lists_what_heron_uses(replay: Replay, server: str) -> None:
    (reply,) = stanzas(recording(server, "disco_info_server"))
    features = {f.get("var") for f in reply.iter("{http://jabber.org/protocol/disco#info}feature")}
    assert {"urn:xmpp:carbons:2", "urn:xmpp:ping", "urn:xmpp:blocking"} <= features


@servers
async def test_keepalive_ping_is_answered(replay: Replay, server: str) -> None:
    ping = asyncio.ensure_future(replay.client.plugin["xep_0199"].ping(timeout=5))
    await replay.answer("{urn:xmpp:ping}ping", recording(server, "ping_server"))
    assert await ping >= 0


@servers
@pytest.mark.parametrize(("situation", "jid", "conditions"), [
    # Prosody answers for an account that does not exist as for a service it lacks; ejabberd
    # says the asker is not subscribed to it.
    ("error_unknown_user_iq", "nobody@localhost", {"prosody": "service-unavailable",
                                                   "ejabberd": "subscription-required"}),
    ("error_offline_resource_iq", f"{BOB}/gone", {"prosody": "service-unavailable",
                                                  "ejabberd": "service-unavailable"}),
])
async def test_iq_errors_reach_the_caller(replay: Replay, server: str, situation: str, jid: str,
                                         conditions: dict[str, str]) -> None:
    disco = asyncio.ensure_future(
        replay.client.plugin["xep_0030"].get_info(jid=jid, timeout=5))
    await replay.answer("{http://jabber.org/protocol/disco#info}query",
                        recording(server, situation))
    with pytest.raises(IqError) as raised:
        await disco
    assert raised.value.condition == conditions[server]


@servers
async def test_live_message_and_its_archive_copy_are_one(replay: Replay, server: str) -> None:
    """The archive's result id is the stanza-id the live copy carried: catch-up after a
    reconnect does not show a message twice."""
    replay.session.chat.sid_archives.add(ACCOUNT)
    replay.feed(recording(server, "message_chat"))
    assert [m.body for m in await stored(replay)] == ["Hello Alice"]
    query = asyncio.ensure_future(replay.session.mam.query(max_items=2))
    await replay.answer(MAM_QUERY, recording(server, "mam_page"))
    page = await query
    assert await replay.session.mam._store(page) == 1  # only "two" is new
    # (Sorted: the replayed archive stamps are in January, the live copy's time is now.)
    assert sorted(m.body for m in await stored(replay)) == ["Hello Alice", "two"]
