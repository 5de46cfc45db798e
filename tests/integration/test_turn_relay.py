"""STUN/TURN discovery (XEP-0215, issue 10 point 3) against the real server of the run, and a
coturn started for this module on loopback: the TURN credentials the server hands to Heron let
two real aiortc peer connections, forced to relay only, connect through coturn and carry
audio. This proves the relay path on its own, without the Jingle signalling."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from heron.calls.api import IceServer
from heron.demo.coturn import LocalCoturn
from heron.demo.rig import RigServer
from tests.integration.parties import account_for, start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


@pytest.fixture(scope="module")
def coturn(server: RigServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCoturn]:
    turn = LocalCoturn(tmp_path_factory.mktemp("coturn"), server.turn_port, server.turn_secret)
    turn.start()
    try:
        yield turn
    finally:
        turn.stop()


async def _discovered(server: RigServer, make_user: Callable[[], tuple[str, str]],
                      tmp_path: Path) -> tuple[IceServer, ...]:
    alice = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    try:
        services = app.sessions[alice[0]].external_services
        found = await services.ice_servers()
        assert await services.ice_servers() is found, "kept while the credentials are good"
        services._valid_until = 0.0  # as if they expired
        again = await services.ice_servers()
        assert again is not found and {s.url for s in again} == {s.url for s in found}
        return found
    finally:
        await app.close()


async def test_the_server_names_its_turn_server_with_credentials(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path) -> None:
    found = await _discovered(server, make_user, tmp_path)
    turn = [s for s in found if s.url == f"turn:127.0.0.1:{server.turn_port}?transport=udp"]
    assert len(turn) == 1
    assert turn[0].username and turn[0].credential


async def _relay_pair(ice: list[Any]) -> tuple[Any, Any, asyncio.Future[Any]]:
    from aiortc import RTCConfiguration, RTCPeerConnection
    from aiortc.mediastreams import AudioStreamTrack
    from aiortc.rtcconfiguration import RTCIceTransportPolicy

    config = RTCConfiguration(iceServers=ice, iceTransportPolicy=RTCIceTransportPolicy.RELAY)
    caller, callee = RTCPeerConnection(config), RTCPeerConnection(config)
    caller.addTrack(AudioStreamTrack())  # silence, 20 ms frames
    heard: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    @callee.on("track")
    def _on_track(track: Any) -> None:
        async def listen() -> None:
            frames = [await track.recv() for _ in range(5)]
            if not heard.done():
                heard.set_result(frames)
        asyncio.ensure_future(listen())  # noqa: RUF006  ends with the connection

    await caller.setLocalDescription(await caller.createOffer())
    await callee.setRemoteDescription(caller.localDescription)
    await callee.setLocalDescription(await callee.createAnswer())
    await caller.setRemoteDescription(callee.localDescription)
    return caller, callee, heard


async def test_calls_relay_through_the_discovered_turn_server(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        coturn: LocalCoturn, monkeypatch: pytest.MonkeyPatch) -> None:
    import aioice.ice
    from aiortc import RTCIceServer

    # aioice leaves out 127.0.0.1; the rig lives there (STACK-NOTES §6)
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])
    found = await _discovered(server, make_user, tmp_path)
    ice = [RTCIceServer(urls=s.url, username=s.username or None,
                        credential=s.credential or None)
           for s in found if s.url.startswith("turn:")]
    caller, callee, heard = await _relay_pair(ice)
    try:
        frames = await asyncio.wait_for(heard, 15)
        assert len(frames) == 5 and frames[0].sample_rate > 0, "audio came through"
        for pc in (caller, callee):
            candidates = [line for line in pc.localDescription.sdp.splitlines()
                          if line.startswith("a=candidate:")]
            assert candidates and all(" typ relay" in c for c in candidates)
            assert pc.iceConnectionState == "completed" or pc.connectionState == "connected"
    finally:
        await caller.close()
        await callee.close()


async def test_a_heron_call_forced_through_the_relay_connects_with_media_both_ways(
        server: RigServer, make_user: Callable[[], tuple[str, str]], tmp_path: Path,
        coturn: LocalCoturn, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 10, point 3 end to end: Alice calls Bob (XEP-0353 then Jingle), both Herons allow
    only relayed paths, so the call can only connect through the TURN server their own server
    named (XEP-0215), and sound and picture arrive both ways."""
    import aioice.ice
    from slixmpp.xmlstream.handler import Callback
    from slixmpp.xmlstream.matcher import MatchXPath

    from heron.calls.api import MediaConfig
    from heron.core.events import CallIncoming, CallStateChanged
    from heron.xmpp.services import jmi
    from tests.calls_pair import Received
    from tests.helpers import until
    from tests.integration.heron_process import befriend
    from tests.integration.parties import Recorder

    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    apps = [await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1]),
            await start_heron(tmp_path / "bob", account_for(server, bob[0]), bob[1])]
    sessions = [apps[0].sessions[alice[0]], apps[1].sessions[bob[0]]]
    try:
        for app, session in zip(apps, sessions, strict=True):
            app.synthetic_media = True
            session.jingle.enable(app._call_media, MediaConfig(relay_only=True))
        rings, states = Recorder(apps[1], CallIncoming), Recorder(apps[0], CallStateChanged)
        sid = sessions[0].jmi.call(bob[0], video=True)
        await until(lambda: any(e.sid == sid for e in rings.of(CallIncoming)), 15)
        sessions[1].jmi.accept(sid, video=True)
        await until(lambda: any(e.sid == sid and e.state == "connected"
                                for e in states.of(CallStateChanged)), 20)
        got = [Received(), Received()]
        for session, received in zip(sessions, got, strict=True):
            media: Any = session.jingle.media(sid)
            assert media is not None
            received.attach(media)
        await until(lambda: all(r.video_frames >= 5 and len(r.audio) >= 20 for r in got), 15)
        for session in sessions:
            pc = cast(Any, session.jingle.media(sid))._pc
            candidates = [line for line in pc.localDescription.sdp.splitlines()
                          if line.startswith("a=candidate:")]
            assert candidates and all(" typ relay" in c for c in candidates), candidates
        finishes: list[Any] = []
        sessions[1].client.register_handler(Callback(
            "test: JMI finish", MatchXPath(f"{{jabber:client}}message/{{{jmi.NS}}}finish"),
            finishes.append))
        await sessions[0].jingle.hang_up(sid)
        # XEP-0353 §3.5: the caller's account says the call is over; both forget it.
        await until(lambda: finishes, 10)
        assert finishes[0].xml.find(f"{{{jmi.NS}}}finish").get("id") == sid
        # ... sent to the device that took the call (§3.5: the full JID), not to the account
        assert str(finishes[0]["to"]) == str(sessions[1].client.boundjid.full)
        await until(lambda: all(sid not in s.jmi.calls for s in sessions), 10)
    finally:
        for app in apps:
            await app.close()
