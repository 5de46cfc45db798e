"""Two people who call each other at the same moment get one call, not two (XEP-0353 §6 tie
breaking: the lower session id wins, as Conversations also decides); and a new proposal from
someone already in a call with us continues that call (<finish/> with <migrated/>). Real Heron
sessions, and a plain client that speaks raw JMI stanzas with session ids of our choosing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heron.calls.api import CallRequest, MediaConfig
from heron.core.events import CallIncoming
from heron.xmpp.services.jmi import JINGLE, NS
from tests.call_media import SyntheticMedia
from tests.helpers import until
from tests.integration.call_parties import device, jmi_received, recording_jmi, send_jmi
from tests.integration.heron_process import befriend
from tests.integration.parties import Peer, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def test_two_herons_calling_each_other_at_once_get_exactly_one_call(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice_user, bob_user = make_user(), make_user()
    await befriend(server, alice_user, bob_user)
    alice = await device(server, alice_user, tmp_path / "alice")
    bob = await device(server, bob_user, tmp_path / "bob")
    try:
        ours = alice.jmi.call(bob.jid, video=True)  # both press "call" before either
        theirs = bob.jmi.call(alice.jid)  # proposal has arrived
        await until(lambda: len(alice.jingle.started + bob.jingle.started) == 1
                    and len(alice.jingle.expected + bob.jingle.expected) == 1, 15)
        winner = min((ours, alice.full), (theirs, bob.full))[0]
        (started,) = alice.jingle.started + bob.jingle.started
        (expected,) = alice.jingle.expected + bob.jingle.expected
        assert started.sid == expected.sid == winner
        caller, callee = (alice, bob) if winner == ours else (bob, alice)
        assert started == CallRequest(peer=callee.full, sid=winner, video=started.video)
        assert expected.peer == caller.full
        loser = theirs if winner == ours else ours
        assert [e.reason for e in callee.ended(loser)] == ["alternative-session"]
        # Nobody was asked to answer: each had just asked to call the other.
        assert not alice.seen.of(CallIncoming) and not bob.seen.of(CallIncoming)
    finally:
        await alice.app.close()
        await bob.app.close()


def _jmi(peer: Peer, action: str) -> list[Any]:
    """The JMI elements of ``action`` the plain client got, in order."""
    return [child for msg in peer.jmi for child in msg.xml  # type: ignore[attr-defined]
            if child.tag == f"{{{NS}}}{action}"]


def _tie_broken(element: Any) -> bool:
    return (element.find(f"{{{NS}}}tie-break") is not None
            and element.find(f"{{{JINGLE}}}reason/{{{JINGLE}}}expired") is not None)


@pytest.mark.parametrize(("their_sid", "heron_wins"), [("!lower-than-any-uuid", False),
                                                       ("~higher-than-any-uuid", True)])
async def test_the_lower_session_id_wins_against_another_client(
        server: Any, make_user: Any, tmp_path: Path, their_sid: str, heron_wins: bool) -> None:
    alice_user, bob_user = make_user(), make_user()
    await befriend(server, alice_user, bob_user)
    alice = await device(server, alice_user, tmp_path / "alice")
    phone = await start_peer(server, *bob_user, resource="phone", setup=recording_jmi)
    try:
        ours = alice.jmi.call(bob_user[0])
        await until(lambda: _jmi(phone, "propose"))
        send_jmi(phone, alice.full, "propose", their_sid)  # Bob calls Alice at the same time
        if heron_wins:  # Alice's id is lower: Bob's proposal is refused, hers goes on
            await until(lambda: _jmi(phone, "reject"))
            (reject,) = _jmi(phone, "reject")
            assert reject.get("id") == their_sid and _tie_broken(reject)
            send_jmi(phone, alice.full, "proceed", ours)  # Bob's phone takes Alice's call
            await until(lambda: alice.jingle.started)
            assert [r.sid for r in alice.jingle.started] == [ours]
            assert "retract" not in jmi_received(phone)
        else:  # Bob's id is lower: Alice retracts hers and takes his at once
            await until(lambda: _jmi(phone, "retract") and _jmi(phone, "proceed"))
            (retract,) = _jmi(phone, "retract")
            assert retract.get("id") == ours and _tie_broken(retract)
            assert [p.get("id") for p in _jmi(phone, "proceed")] == [their_sid]
            assert alice.jingle.expected == [CallRequest(peer=str(phone.boundjid),
                                                         sid=their_sid)]
            assert [e.reason for e in alice.ended(ours)] == ["alternative-session"]
        assert not alice.incoming(their_sid), "it never rang: Alice was calling Bob"
    finally:
        await stop_peer(phone)
        await alice.app.close()


async def test_a_new_proposal_during_a_call_continues_it_as_a_migrated_session(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    alice_user, bob_user = make_user(), make_user()
    await befriend(server, alice_user, bob_user)
    alice = await device(server, alice_user, tmp_path / "alice")
    phone = await start_peer(server, *bob_user, resource="phone", setup=recording_jmi)
    try:
        send_jmi(phone, alice.jid, "propose", "old-call")
        await until(lambda: alice.incoming("old-call"))
        alice.jmi.accept("old-call")
        await until(lambda: _jmi(phone, "proceed"))
        # The call's Jingle session came up (real media: tests/integration/test_jingle_calls)
        alice.jingle.running["old-call"] = SyntheticMedia(MediaConfig())
        # Bob's phone lost power and is back (or he moved to his laptop): a new proposal.
        send_jmi(phone, alice.full, "propose", "new-call")
        await until(lambda: _jmi(phone, "finish") and len(_jmi(phone, "proceed")) == 2)
        (finish,) = _jmi(phone, "finish")
        assert finish.get("id") == "old-call"
        assert finish.find(f"{{{JINGLE}}}reason/{{{JINGLE}}}expired") is not None
        migrated = finish.find(f"{{{NS}}}migrated")
        assert migrated is not None and migrated.get("to") == "new-call"
        assert [p.get("id") for p in _jmi(phone, "proceed")] == ["old-call", "new-call"]
        assert [r.sid for r in alice.jingle.expected] == ["old-call", "new-call"]
        assert not alice.incoming("new-call"), "a continuation does not ring"
    finally:
        for media in alice.jingle.running.values():
            await media.close()
        await stop_peer(phone)
        await alice.app.close()
