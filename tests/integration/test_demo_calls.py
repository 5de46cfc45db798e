"""`heron --demo`: Echo takes calls. A real Heron session in the demo world calls Echo the way
the call buttons do (is Echo callable? then ring it), Echo rings, picks up, and sends its own
teal picture and 660 Hz tone; Heron's hang-up ends the call at Echo, and a second call works."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from heron.core.events import CallEnded, CallStateChanged
from heron.demo.call_bot import BAR_COLOUR, TONE_HZ
from heron.demo.world import DemoWorld
from tests.calls_pair import Received, bar_in, loopback_only
from tests.helpers import until
from tests.integration.parties import DEMO_ONLY_ON_PROSODY, Recorder, account_for, start_heron

pytestmark = [pytest.mark.asyncio, pytest.mark.integration, DEMO_ONLY_ON_PROSODY]

ECHO = "echo@localhost"


async def _call_echo(session: Any, rec: Recorder, bot_ended: list[CallEnded]) -> str:
    """One whole call: ring, connect, Echo's picture and tone arrive, hang up."""
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
    finally:
        await app.close()
        await world.stop()
