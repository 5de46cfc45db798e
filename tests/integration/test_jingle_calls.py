"""Calls between two Heron sessions through the real server: one expects, the other starts;
audio and video frames arrive both ways over loopback; hanging up ends it on both sides."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from heron.application import Heron
from heron.calls.api import CallRequest, MediaConfig
from heron.core.events import CallEnded, CallIncoming, CallStateChanged
from tests.call_media import SyntheticMedia, loopback_only
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.parties import Recorder, account_for, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


@dataclass
class Side:
    """One Heron session that can call, its bus events and the media its calls made."""

    app: Heron
    session: Any
    rec: Recorder
    made: list[SyntheticMedia] = field(default_factory=list)

    def make(self, config: MediaConfig) -> SyntheticMedia:
        self.made.append(SyntheticMedia(config))
        return self.made[-1]

    @property
    def jid(self) -> str:
        return str(self.session.client.boundjid)

    @property
    def media(self) -> SyntheticMedia:
        return self.made[0]


@asynccontextmanager
async def two_callers(server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
                      friends: bool = False) -> AsyncIterator[tuple[Side, Side]]:
    sides: list[Side] = []
    users = [make_user(), make_user()]
    if friends:
        await befriend(server, users[0], users[1])
    try:
        for name, (jid, password) in zip(("alice", "bob"), users, strict=True):
            app = await start_heron(tmp_path / name, account_for(server, jid), password)
            side = Side(app, app.sessions[jid],
                        Recorder(app, CallIncoming, CallStateChanged, CallEnded))
            side.session.jingle.enable(side.make)
            sides.append(side)
        yield sides[0], sides[1]
    finally:
        for side in sides:
            for media in side.made:
                await media.close()
            await side.app.close()


def _flowing(side: Side, audio: int = 3, video: int = 3) -> bool:
    return bool(side.made) and side.media.audio_in > audio and side.media.video_in >= video


async def _audio_call(a: Side, b: Side, sid: str) -> None:
    """Alice calls Bob (who accepted the proposal) with audio only, until it flows both ways."""
    b.session.jingle.expect(CallRequest(peer=a.jid, sid=sid))
    await a.session.jingle.start(CallRequest(peer=b.jid, sid=sid))
    await until(lambda: _flowing(a, video=0) and _flowing(b, video=0), 20)


async def test_a_video_call_connects_both_ways_and_hangs_up_on_both_sides(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    async with two_callers(server, make_user, tmp_path) as (a, b):
        sid = "heron-call-1"
        b.session.jingle.expect(CallRequest(peer=a.jid, sid=sid, video=True))
        await a.session.jingle.start(CallRequest(peer=b.jid, sid=sid, video=True))
        await until(lambda: _flowing(a) and _flowing(b), 20)
        assert "connected" in [e.state for e in a.rec.of(CallStateChanged)]
        assert "connected" in [e.state for e in b.rec.of(CallStateChanged)]
        assert a.session.jingle.media(sid) is a.media and b.session.jingle.media(sid) is b.media

        await a.session.jingle.hang_up(sid)
        await until(lambda: a.rec.of(CallEnded) and b.rec.of(CallEnded))
        ended_a, ended_b = a.rec.of(CallEnded)[0], b.rec.of(CallEnded)[0]
        assert (ended_a.reason, ended_b.reason) == ("success", "success")
        assert ended_b.text == "The call ended."
        assert a.session.jingle.media(sid) is None and b.session.jingle.media(sid) is None
        assert a.media.pc.connectionState == b.media.pc.connectionState == "closed"


async def test_a_direct_call_to_a_contact_rings_and_a_decline_is_told_in_plain_words(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    async with two_callers(server, make_user, tmp_path, friends=True) as (a, b):
        # No proposal first (XEP-0353): a plain Jingle call, as older clients place them.
        await a.session.jingle.start(CallRequest(peer=b.jid, sid="direct-1"))
        await until(lambda: b.rec.of(CallIncoming))
        assert b.rec.of(CallIncoming)[0].peer == a.jid
        await until(lambda: "ringing" in [e.state for e in a.rec.of(CallStateChanged)])
        assert b.session.jingle.media("direct-1") is None, "no media before the user answers"

        await b.session.jingle.hang_up("direct-1", "decline")
        await until(lambda: a.rec.of(CallEnded))
        ended = a.rec.of(CallEnded)[0]
        assert (ended.reason, ended.text) == ("decline", "The call was declined.")
        assert a.session.jingle.media("direct-1") is None
        assert [e.reason for e in b.rec.of(CallEnded)] == ["decline"]


async def test_video_is_added_to_an_audio_call(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    async with two_callers(server, make_user, tmp_path) as (a, b):
        await _audio_call(a, b, "av-1")
        assert b.media.video_in == 0, "an audio call"

        await a.session.jingle.add_video("av-1")  # Alice turns her camera on: content-add
        await until(lambda: b.media.video_in > 3, 20)
        audio_before = b.media.audio_in
        await until(lambda: b.media.audio_in > audio_before + 3)  # and the audio goes on


async def test_a_call_whose_connection_fails_ends_on_both_sides(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    async with two_callers(server, make_user, tmp_path) as (a, b):
        await _audio_call(a, b, "lost-1")
        assert a.media.on_state is not None
        a.media.on_state("failed")  # as aiortc reports ICE consent lost
        await until(lambda: a.rec.of(CallEnded) and b.rec.of(CallEnded))
        assert [e.reason for e in a.rec.of(CallEnded) + b.rec.of(CallEnded)] == [
            "connectivity-error", "connectivity-error"]
        assert b.rec.of(CallEnded)[0].text == (
            "The call could not connect: no network path between you.")


async def test_call_features_are_advertised_only_once_calls_are_enabled(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    await befriend(server, (alice, alice_pw), (bob, bob_pw))
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    versions: list[str] = []

    def listen(peer: Any) -> None:  # before it connects: Alice's first presence counts too
        peer.register_plugin("xep_0115")
        peer.add_event_handler("presence_available", lambda p: versions.append(
            p["caps"]["ver"]) if p["from"].bare == alice else None)

    session = app.sessions[alice]
    await until(lambda: session.client.sessionstarted)
    await session.jingle.disable()  # Heron takes calls from the start; this test turns them on
    peer = await start_peer(server, bob, bob_pw, setup=listen)
    own = str(session.client.boundjid)
    try:
        before = await peer.plugin["xep_0030"].get_info(jid=own, timeout=10)
        assert "urn:xmpp:jingle:1" not in before["disco_info"]["features"]
        await until(lambda: versions)
        session.jingle.enable(SyntheticMedia)
        after = await peer.plugin["xep_0030"].get_info(jid=own, timeout=10)
        features = set(after["disco_info"]["features"])
        assert {"urn:xmpp:jingle:1", "urn:xmpp:jingle:apps:rtp:audio",
                "urn:xmpp:jingle:apps:rtp:video", "urn:xmpp:jingle:transports:ice-udp:1",
                "urn:xmpp:jingle:apps:dtls:0"} <= features
        await until(lambda: len(set(versions)) > 1)  # contacts learn the new caps hash
    finally:
        await stop_peer(peer)
        await app.close()


async def test_a_refused_call_says_why(
        server: Any, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    async with two_callers(server, make_user, tmp_path) as (a, b):
        # Bob's Heron does not take calls from a stranger (no proposal, not in his roster).
        await a.session.jingle.start(CallRequest(peer=b.jid, sid="refused-1"))
        (ended,) = a.rec.of(CallEnded)
        assert (ended.reason, ended.text) == ("decline", "The call was declined.")
        assert b.rec.of(CallIncoming) == []
        # A client without calls at all.
        carol, carol_pw = make_user()
        peer = await start_peer(server, carol, carol_pw)
        try:
            await a.session.jingle.start(CallRequest(peer=str(peer.boundjid), sid="refused-2"))
            ended = a.rec.of(CallEnded)[-1]
            assert (ended.reason, ended.text) == (
                "unsupported-applications", "Their app cannot take this kind of call.")
        finally:
            await stop_peer(peer)
