"""Ringing before a call (XEP-0353, issue 10 point 1) between real Heron sessions: a caller
and two devices of the callee on one account, through the real server. Both devices ring;
the one that answers gets the call, the other stops ringing; the caller's Jingle service is
handed exactly the device that proceeded. Declines, retracts and calls missed while offline
end the ringing everywhere."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from heron.calls.api import CallRequest
from heron.core.events import MessagesAdded
from heron.demo.rig import RigServer
from heron.xmpp.services import jmi
from tests.helpers import until
from tests.integration.call_parties import caller_and_two_devices, device
from tests.integration.heron_process import befriend
from tests.integration.parties import Recorder

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_both_devices_ring_one_answers_the_caller_gets_that_device(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with caller_and_two_devices(server, make_user, tmp_path) as parties:
        caller, desk, laptop = parties
        sid = caller.jmi.call(desk.jid, video=True)
        await until(lambda: desk.incoming(sid) and laptop.incoming(sid))
        assert desk.incoming(sid)[0].peer == caller.full
        assert desk.incoming(sid)[0].video
        await until(lambda: "ringing" in caller.states(sid))

        desk.jmi.accept(sid, video=False)  # "accept audio only" on the desk
        await until(lambda: laptop.ended(sid))
        assert laptop.ended(sid)[0].elsewhere
        assert not laptop.ended(sid)[0].missed
        await until(lambda: caller.jingle.started)
        assert caller.jingle.started == [CallRequest(peer=desk.full, sid=sid, video=True)]
        assert desk.jingle.expected == [CallRequest(peer=caller.full, sid=sid, video=False)]
        assert not laptop.jingle.expected
        assert not desk.ended(sid)  # the desk is in the call, not done with it


async def test_decline_stops_the_ringing_everywhere(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with caller_and_two_devices(server, make_user, tmp_path) as parties:
        caller, desk, laptop = parties
        sid = caller.jmi.call(desk.jid)
        await until(lambda: desk.incoming(sid) and laptop.incoming(sid))
        laptop.jmi.decline(sid)
        await until(lambda: caller.ended(sid) and desk.ended(sid))
        assert caller.ended(sid)[0].reason == "decline"
        assert desk.ended(sid)[0].elsewhere
        assert not caller.jingle.started
        assert not desk.jingle.expected


async def test_retract_is_a_missed_call_on_every_device(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    async with caller_and_two_devices(server, make_user, tmp_path) as parties:
        caller, desk, laptop = parties
        sid = caller.jmi.call(desk.jid)
        await until(lambda: desk.incoming(sid) and laptop.incoming(sid))
        caller.jmi.cancel(sid)
        await until(lambda: desk.ended(sid) and laptop.ended(sid))
        for callee in (desk, laptop):
            assert callee.ended(sid)[0].missed
            assert callee.ended(sid)[0].peer == caller.full
            # and it stays in each device's call log, once
            calls = await callee.call_log(caller.jid)
            assert [(c.sid, c.outcome, c.outgoing) for c in calls] == [(sid, "missed", False)]
        assert caller.ended(sid)[0].reason == "cancel"
        calls = await caller.call_log(desk.jid)
        assert [(c.outcome, c.outgoing) for c in calls] == [("cancelled", True)]


async def test_a_call_while_offline_is_a_missed_call_after_login(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    caller = await device(server, alice, tmp_path / "alice")
    try:
        sid = caller.jmi.call(bob[0])
        await until(lambda: "proposing" in caller.states(sid))
        caller.jmi.cancel(sid)  # nobody answered: the caller gives up
        await until(lambda: caller.ended(sid))
        # A round trip to the server after the proposal: the server has taken it in by now.
        await caller.app.sessions[alice[0]].client.plugin["xep_0199"].ping(
            jid=alice[0].split("@")[1], timeout=5)
        login = time.time()
        callee = await device(server, bob, tmp_path / "bob")
        try:
            await until(lambda: callee.ended(sid), 15)
            assert callee.ended(sid)[0].missed
            assert callee.ended(sid)[0].peer == caller.full
            assert not callee.incoming(sid)  # it never rang: it was over before login
            calls = await callee.call_log(caller.jid)
            assert [c.outcome for c in calls] == ["missed"]
            # at the time Alice called, not when Bob logged in
            assert calls[0].started < login
        finally:
            await callee.app.close()
    finally:
        await caller.app.close()


async def test_a_device_that_was_off_finds_the_missed_call_in_the_archive(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    """Another device of the callee was online, so the server kept the call in the archive
    only (not in offline storage): the device that logs in later learns of it by MAM."""
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    caller = await device(server, alice, tmp_path / "alice")
    laptop = await device(server, bob, tmp_path / "bob-laptop", "laptop")
    try:
        sid = caller.jmi.call(bob[0])
        await until(lambda: laptop.incoming(sid))
        caller.jmi.cancel(sid)
        await until(lambda: laptop.ended(sid))
        desk = await device(server, bob, tmp_path / "bob-desk", "desk")
        try:
            await until(lambda: desk.ended(sid), 15)
            assert desk.ended(sid)[0].missed
            assert not desk.incoming(sid)
        finally:
            await desk.app.close()
    finally:
        await laptop.app.close()
        await caller.app.close()


async def test_a_call_nobody_answers_is_given_up(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jmi, "RING_TIMEOUT", 1.0)
    async with caller_and_two_devices(server, make_user, tmp_path) as parties:
        caller, desk, laptop = parties
        sid = caller.jmi.call(desk.jid)
        await until(lambda: desk.incoming(sid) and laptop.incoming(sid))
        await until(lambda: caller.ended(sid) and desk.ended(sid) and laptop.ended(sid))
        assert caller.ended(sid)[0].reason == "timeout"
        assert desk.ended(sid)[0].missed and laptop.ended(sid)[0].missed
        assert [c.outcome for c in await caller.call_log(desk.jid)] == ["unanswered"]


async def test_an_old_missed_call_from_the_archive_joins_the_log_quietly(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    """History paged in from the archive may hold calls from days ago: logged, not news."""
    async with caller_and_two_devices(server, make_user, tmp_path) as parties:
        caller, desk, _laptop = parties
        added = Recorder(desk.app, MessagesAdded)
        days_ago = time.time() - 3 * 86400
        for action in ("propose", "retract"):
            stanza = ET.fromstring(
                f"<message xmlns='jabber:client' from='{caller.full}' to='{desk.jid}' "
                f"type='chat'><{action} xmlns='{jmi.NS}' id='old-1'/></message>")
            desk.jmi.archived(stanza, days_ago)
        assert [c.outcome for c in await desk.call_log(caller.jid)] == ["missed"]
        rows = [e for e in added.of(MessagesAdded) if e.peer == caller.jid]
        assert [e.live for e in rows] == [False]
        assert rows[0].messages[0].timestamp == pytest.approx(days_ago)


async def test_calling_an_address_that_does_not_exist_ends_at_once(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    caller = await device(server, make_user(), tmp_path / "alice")
    try:
        sid = caller.jmi.call(f"nobody-here@{server.domain}")
        await until(lambda: caller.ended(sid))
        assert caller.ended(sid)[0].reason == "failed-application"
    finally:
        await caller.app.close()


async def test_a_callee_that_says_ringing_by_a_receipt_rings_at_the_caller(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    """Conversations answers a proposal with a receipt (XEP-0184) instead of <ringing/>, and
    only when the proposal asks for one: Heron asks, and takes the receipt as ringing."""
    from heron.core.events import CallStateChanged
    from tests.integration.call_parties import recording_jmi
    from tests.integration.parties import account_for, start_heron, start_peer, stop_peer

    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    phone = await start_peer(server, *bob, setup=recording_jmi)
    try:
        states = Recorder(app, CallStateChanged)
        sid = app.sessions[alice[0]].jmi.call(bob[0])
        await until(lambda: phone.jmi)  # type: ignore[attr-defined]
        proposal = phone.jmi[0]  # type: ignore[attr-defined]
        assert proposal.xml.find("{urn:xmpp:receipts}request") is not None
        # The plain client answers the request with a receipt (slixmpp's XEP-0184 plugin)
        # and never sends <ringing/>: the receipt alone must ring at Alice's.
        await until(lambda: any(e.sid == sid and e.state == "ringing"
                                for e in states.of(CallStateChanged)))
    finally:
        await stop_peer(phone)
        await app.close()
