"""`heron --demo`: Echo takes calls. A real Heron session in the demo world calls Echo the way
the call buttons do (is Echo callable? then ring it), Echo rings, picks up, and sends its own
teal picture and 660 Hz tone; Heron's hang-up ends the call at Echo, and a second call works;
Echo hangs up by itself after a while. On a machine whose only address is loopback (aioice
then offers no host candidate at all) the call goes through the demo's TURN server, and
someone not in Echo's contacts gets no answer."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import CallEnded, CallStateChanged
from heron.demo.call_bot import BAR_COLOUR, TONE_HZ
from heron.demo.world import DemoWorld
from tests.calls_pair import Received, bar_in, loopback_only
from tests.helpers import until
from tests.integration.call_parties import jmi_received, recording_jmi, send_jmi
from tests.integration.parties import (
    DEMO_ONLY_ON_PROSODY,
    Recorder,
    account_for,
    start_heron,
    start_peer,
    stop_peer,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.integration, DEMO_ONLY_ON_PROSODY]

ECHO = "echo@localhost"


async def _connected_call(session: Any, rec: Recorder) -> str:
    """Heron rings Echo and Echo's picture and tone arrive."""
    sid: str = session.jmi.call(ECHO, video=True)
    await until(lambda: any(e.sid == sid and e.state == "ringing"
                            for e in rec.of(CallStateChanged)), 10)
    await until(lambda: any(e.sid == sid and e.state == "connected"
                            for e in rec.of(CallStateChanged)), 20)
    media = session.jingle.media(sid)
    received = Received()
    received.attach(media)
    since = time.monotonic()
    await until(lambda: received.video_frames >= 5 and len(received.audio_since(since)) >= 50,
                15)
    frame = received.video[-1][1]
    assert bar_in(frame, BAR_COLOUR) is not None, "Echo's picture shows its teal bar"
    assert abs(received.pitch_since(since) - TONE_HZ) < 30, received.pitch_since(since)
    return sid


async def _call_echo(session: Any, rec: Recorder, bot_ended: list[CallEnded]) -> str:
    """One whole call: ring, connect, Echo's picture and tone arrive, Heron hangs up."""
    sid = await _connected_call(session, rec)
    await session.jingle.hang_up(sid)
    await until(lambda: any(e.sid == sid for e in bot_ended), 10)
    assert [e.reason for e in bot_ended if e.sid == sid] == ["success"]
    assert not any(e.sid == sid and e.reason != "success" for e in rec.of(CallEnded))
    return sid


async def test_echo_answers_a_video_call_with_its_own_picture_and_tone_twice(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    world = DemoWorld(tmp_path / "server")
    account = await world.start()
    app = await start_heron(tmp_path / "profile", account_for(world.server, account.jid),
                            account.password)
    app.synthetic_media = True  # as heron --demo does
    rec = Recorder(app, CallStateChanged, CallEnded)
    try:
        assert world.bot is not None
        answerer = world.bot.calls
        bot_ended: list[CallEnded] = []
        answerer.session.bus.subscribe(CallEnded, bot_ended.append)
        session = app.sessions[account.jid]
        # What enables the call buttons: Echo's device says it takes JMI/Jingle RTP calls.
        await until(lambda: ECHO in session.client.client_roster
                    and bool(session.client.client_roster.presence(ECHO)), 10)
        assert await session.jmi.reachable(ECHO) == "ok"

        first = await _call_echo(session, rec, bot_ended)
        assert answerer.jingle.media(first) is None, "Echo's side of the call is closed"
        second = await _call_echo(session, rec, bot_ended)
        assert second != first
        assert answerer.answered == 2

        answerer.hang_up_seconds = 2.0  # instead of two minutes
        third = await _connected_call(session, rec)
        await until(lambda: any(e.sid == third for e in rec.of(CallEnded)), 15)
        assert [e.reason for e in rec.of(CallEnded) if e.sid == third] == ["success"]
        # Echo's own end comes once its hang-up is answered: after Heron has heard it.
        await until(lambda: any(e.sid == third for e in bot_ended), 10)
        assert [e.reason for e in bot_ended if e.sid == third] == ["success"]
    finally:
        await app.close()
        await world.stop()


async def test_on_a_loopback_only_machine_the_call_goes_through_the_demos_turn_server(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """And a stranger's call is not answered."""
    import aioice.ice

    # What aioice finds on a machine with no address but 127.0.0.1 (STACK-NOTES §6): nothing.
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: [])
    world = DemoWorld(tmp_path / "server")
    account = await world.start()
    await asyncio.to_thread(world.server.register, "stranger", "strangerpass")
    app = await start_heron(tmp_path / "profile", account_for(world.server, account.jid),
                            account.password)
    app.synthetic_media = True
    rec = Recorder(app, CallStateChanged, CallEnded)
    stranger = await start_peer(world.server, "stranger@localhost", "strangerpass",
                                setup=recording_jmi)
    try:
        assert world.bot is not None
        session = app.sessions[account.jid]
        await until(lambda: bool(session.client.client_roster.presence(ECHO)), 10)
        send_jmi(stranger, f"{ECHO}/bot", "propose", "stranger-call", video=True)
        sid = await _connected_call(session, rec)  # Echo rang a second before it picked up
        assert jmi_received(stranger) == [], "Echo neither rings nor answers for a stranger"
        assert world.bot.calls.answered == 1
        await session.jingle.hang_up(sid)
    finally:
        await stop_peer(stranger)
        await app.close()
        await world.stop()
