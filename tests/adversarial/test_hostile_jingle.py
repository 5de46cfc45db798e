"""Hostile callers (XEP-0166/0353 rules in policy.py): a stranger's direct call does not ring;
a contact's does, but Heron sends none of its candidates (so none of the user's addresses)
until the user accepts; a session-initiate from another device than the one the user accepted,
or under another sid, is refused; and nobody but a session's peer may act on it. Each hostile
party is a real slixmpp client that records every stanza Heron sends it."""

from __future__ import annotations

import asyncio
import logging
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from slixmpp.exceptions import IqError

from heron.application import Heron
from heron.calls.api import CallRequest, MediaConfig
from heron.calls.sdp_jingle import ICE, JINGLE, sdp_to_jingle
from heron.core.events import CallEnded, CallIncoming
from heron.xmpp.plugins.xep_0166 import jingle_error_of
from tests.adversarial.hostile_parties import JingleDevice, heron_and_devices
from tests.adversarial.test_forged_stanzas import _rejections
from tests.call_media import SyntheticMedia, loopback_only
from tests.helpers import until
from tests.integration.parties import Peer, Recorder, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


class Caller(JingleDevice):
    """A hostile device: sends Jingle IQs of its choosing, records all Heron sends it."""

    def __init__(self, peer: Peer) -> None:
        super().__init__(peer)
        self.seen: list[str] = []
        peer.add_filter("in", self._record)
        self.media = SyntheticMedia(MediaConfig())

    def _record(self, stanza: Any) -> Any:
        self.seen.append(str(stanza))
        return stanza

    async def initiate(self, to: str, sid: str) -> Any:
        """A real offer (audio and video) from a real peer connection."""
        offer = await self.media.make_offer(audio=True, video=True)
        return await self.send(to, "session-initiate", sid, sdp_to_jingle(offer, "initiator"))

    async def refused(self, to: str, action: str, sid: str, initiate: bool = False) -> str:
        """Sends and returns the Jingle error condition Heron answered with."""
        with pytest.raises(IqError) as refused:
            if initiate:
                await self.initiate(to, sid)
            else:
                await self.send(to, action, sid)
        assert refused.value.iq["error"]["condition"] == "item-not-found"
        return jingle_error_of(refused.value.iq)

    def from_heron(self, needle: str) -> list[str]:
        return [s for s in self.seen if needle in s]

    async def close(self) -> None:
        await self.media.close()
        await stop_peer(self.peer)


async def _setup(server: Any, make_user: Any, tmp_path: Path, friends: bool,
                 resources: tuple[str, ...] = ("phone",)) -> tuple[Heron, Any, list[Caller]]:
    app, alice, peers = await heron_and_devices(server, make_user, tmp_path / "alice",
                                                friends=friends, resources=resources)
    session = app.sessions[alice]
    made: list[SyntheticMedia] = []
    session.jingle.enable(lambda config: made.append(SyntheticMedia(config)) or made[-1])
    session.made = made  # what the test looks at: Heron's side of each call
    return app, session, [Caller(peer) for peer in peers]


async def test_a_stranger_s_direct_call_is_refused_and_does_not_ring(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    caplog.set_level(logging.WARNING, "heron.policy")
    app, session, (mallory,) = await _setup(server, make_user, tmp_path, friends=False)
    rec = Recorder(app, CallIncoming)
    try:
        condition = await mallory.refused(str(session.client.boundjid), "", "s-stranger",
                                          initiate=True)
        assert condition == "unknown-session"
        assert _rejections(caplog, "jingle") == ["not-in-roster"]
        assert rec.of(CallIncoming) == []
        assert mallory.from_heron("candidate") == []
    finally:
        await mallory.close()
        await app.close()


async def test_a_contact_s_call_rings_but_no_candidate_leaves_before_the_user_accepts(
        server: Any, make_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    app, session, (bob,) = await _setup(server, make_user, tmp_path, friends=True)
    rec = Recorder(app, CallIncoming, CallEnded)
    alice = str(session.client.boundjid)
    try:
        await bob.initiate(alice, "s-direct")
        await until(lambda: rec.of(CallIncoming))
        (incoming,) = rec.of(CallIncoming)
        assert (incoming.peer, incoming.sid, incoming.video) == (bob.jid, "s-direct", True)
        await until(lambda: bob.from_heron("urn:xmpp:jingle:apps:rtp:info:1"))  # "ringing"
        await asyncio.sleep(0.5)  # anything Heron would send early has had its time
        assert bob.from_heron("candidate") == []
        assert bob.from_heron("session-accept") == []
        assert bob.from_heron("ice-udp") == []
        # A second session-initiate for a session that exists is out of order (XEP-0166 §8).
        with pytest.raises(IqError) as again:
            await bob.initiate(alice, "s-direct")
        assert jingle_error_of(again.value.iq) == "out-of-order"

        # Bob trickles one more candidate while it rings (XEP-0176 transport-info).
        trickled = ET.Element(f"{{{JINGLE}}}content", {"creator": "initiator", "name": "0"})
        ET.SubElement(ET.SubElement(trickled, f"{{{ICE}}}transport"), f"{{{ICE}}}candidate", {
            "component": "1", "foundation": "9", "generation": "0", "id": "t1",
            "ip": "127.0.0.1", "port": "9", "priority": "1", "protocol": "udp", "type": "host"})
        await bob.send(alice, "transport-info", "s-direct", [trickled])

        session.jingle.expect(CallRequest(peer=bob.jid, sid="s-direct", video=True))  # accepted
        await until(lambda: bob.from_heron("session-accept"))
        assert bob.from_heron("candidate"), "now, and only now, Heron's candidates go out"
        await until(lambda: session.made and session.made[0].remote_candidates)
        assert session.made[0].remote_candidates == [
            ("0", "candidate:9 1 udp 1 127.0.0.1 9 typ host generation 0")]
        # And one during the call: it reaches the media at once.
        trickled.find(f"{{{ICE}}}transport/{{{ICE}}}candidate").set("port", "10")  # type: ignore[union-attr]
        await bob.send(alice, "transport-info", "s-direct", [trickled])
        await until(lambda: len(session.made[0].remote_candidates) == 2)
        assert session.made[0].remote_candidates[1] == (
            "0", "candidate:9 1 udp 1 127.0.0.1 10 typ host generation 0")
    finally:
        await session.jingle.hang_up("s-direct")
        await bob.close()
        await app.close()


async def test_an_initiate_from_another_device_or_under_another_sid_is_refused(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    caplog.set_level(logging.WARNING, "heron.policy")
    app, session, (phone, laptop) = await _setup(server, make_user, tmp_path, friends=True,
                                                 resources=("phone", "laptop"))
    rec = Recorder(app, CallIncoming)
    alice = str(session.client.boundjid)
    try:
        # The user accepted the phone's proposal (JMI) under sid "s-proposed".
        session.jingle.expect(CallRequest(peer=phone.jid, sid="s-proposed"))
        assert await laptop.refused(alice, "", "s-proposed", initiate=True) == "unknown-session"
        assert await phone.refused(alice, "", "s-other", initiate=True) == "unknown-session"
        assert _rejections(caplog, "jingle") == ["not-the-proposer", "mismatched-sid"]
        assert rec.of(CallIncoming) == []
        assert laptop.from_heron("candidate") == phone.from_heron("candidate") == []
    finally:
        await phone.close()
        await laptop.close()
        await app.close()


async def test_nobody_but_the_session_s_peer_may_act_on_it(
        server: Any, make_user: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    caplog.set_level(logging.WARNING, "heron.policy")
    app, session, (bob, other) = await _setup(server, make_user, tmp_path, friends=True,
                                               resources=("phone", "laptop"))
    rec = Recorder(app, CallIncoming, CallEnded)
    alice = str(session.client.boundjid)
    try:
        await bob.initiate(alice, "s-live")
        await until(lambda: rec.of(CallIncoming))
        for action in ("session-terminate", "transport-info", "session-info"):
            assert await other.refused(alice, action, "s-live") == "unknown-session"
        assert _rejections(caplog, "jingle") == ["not-the-session-peer"] * 3
        await asyncio.sleep(0.2)
        assert rec.of(CallEnded) == [], "the call still rings"
        # Its peer's session-info with a payload Heron does not know (XEP-0166 §7.2.10).
        with pytest.raises(IqError) as unknown:
            await bob.send(alice, "session-info", "s-live",
                           [ET.Element("{urn:example:hostile}boom")])
        assert jingle_error_of(unknown.value.iq) == "unsupported-info"
        await bob.send(alice, "session-terminate", "s-live")  # its own peer may end it
        await until(lambda: rec.of(CallEnded))
        assert rec.of(CallEnded)[0].missed
    finally:
        await bob.close()
        await other.close()
        await app.close()


async def test_a_caller_who_goes_offline_stops_the_ringing(
        server: Any, make_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    app, session, (bob,) = await _setup(server, make_user, tmp_path, friends=True)
    rec = Recorder(app, CallIncoming, CallEnded)
    try:
        await bob.initiate(str(session.client.boundjid), "s-gone")
        await until(lambda: rec.of(CallIncoming))
        await stop_peer(bob.peer)  # its unavailable presence reaches Alice
        await until(lambda: rec.of(CallEnded))
        (ended,) = rec.of(CallEnded)
        assert (ended.reason, ended.missed, ended.text) == (
            "gone", True, "They are no longer online.")
    finally:
        await bob.media.close()
        await app.close()


async def test_when_both_sides_call_at_once_the_lower_session_id_wins(
        server: Any, make_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    app, session, (bob,) = await _setup(server, make_user, tmp_path, friends=True)
    rec = Recorder(app, CallIncoming, CallEnded)
    alice = str(session.client.boundjid)
    try:
        # XEP-0166 §7.2.16: Alice's "s-a" is lower than Bob's "s-b": hers stands.
        await session.jingle.start(CallRequest(peer=bob.jid, sid="s-a"))
        with pytest.raises(IqError) as clash:
            await bob.initiate(alice, "s-b")
        assert clash.value.iq["error"]["condition"] == "conflict"
        assert jingle_error_of(clash.value.iq) == "tie-break"
        assert rec.of(CallIncoming) == [] and session.jingle.media("s-a") is not None
        await session.jingle.hang_up("s-a")

        # Alice's "s-z" is higher than Bob's "s-c": she gives way and his call rings.
        await session.jingle.start(CallRequest(peer=bob.jid, sid="s-z"))
        await bob.initiate(alice, "s-c")
        await until(lambda: rec.of(CallIncoming))
        assert rec.of(CallIncoming)[0].sid == "s-c"
        await until(lambda: [e.sid for e in rec.of(CallEnded)] == ["s-a", "s-z"])
        assert rec.of(CallEnded)[-1].reason == "alternative-session"
        # The same sid from both sides: the lower JID wins.
        await session.jingle.hang_up("s-c")
        await session.jingle.start(CallRequest(peer=bob.jid, sid="s-same"))
        if alice < bob.jid:
            with pytest.raises(IqError) as same:
                await bob.initiate(alice, "s-same")
            assert jingle_error_of(same.value.iq) == "tie-break"
        else:
            await bob.initiate(alice, "s-same")
            await until(lambda: [e.sid for e in rec.of(CallIncoming)] == ["s-c", "s-same"])
    finally:
        for sid in ("s-a", "s-z", "s-c", "s-same"):
            await session.jingle.hang_up(sid)
        await bob.close()
        await app.close()
