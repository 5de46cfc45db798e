"""Turning the camera off releases it (the source is stopped, so a real camera's light goes
out) and turning it on opens it again; the peer's picture stops and comes back. Putting a call
on hold, or being put on hold, silences what the peer hears. Two real aiortc sessions with
synthetic sources in one process (tests/calls_pair.py)."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.calls_pair import ALICE_BAR, bar_in, call, loopback_only
from tests.helpers import until

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)


async def test_camera_off_stops_the_source_and_on_opens_a_new_one() -> None:
    async with call() as c:
        await until(lambda: c.at_bob.video_frames > 10, 15)
        sent = c.alice.outgoing("video")
        camera = sent.source
        assert camera.readyState == "live"

        c.alice.set_camera(False)
        assert camera.readyState == "ended", "the camera itself is stopped"
        assert sent.released
        await asyncio.sleep(0.3)  # what was already on its way
        frames = c.at_bob.video_frames
        await asyncio.sleep(0.7)
        assert c.at_bob.video_frames == frames, "no picture reaches Bob"
        assert c.at_alice.video_frames > 0  # and Alice still sees Bob

        c.alice.set_camera(True)
        reopened = sent.source
        assert reopened is not None and reopened is not camera
        assert reopened.readyState == "live"
        await until(lambda: c.at_bob.video_frames > frames + 10, 15)
        assert bar_in(c.at_bob.video[-1][1], ALICE_BAR) is not None  # Alice's bar again


async def test_the_audio_goes_on_when_the_camera_goes_off() -> None:
    async with call() as c:
        await until(lambda: c.at_bob.video_frames > 10, 15)
        c.alice.set_camera(False)
        t = time.monotonic()
        await asyncio.sleep(0.8)
        assert c.at_bob.loudness_since(t) > 0.1


@pytest.mark.parametrize("who", ["holder", "holdee"])
async def test_on_hold_the_peer_hears_silence_until_the_call_is_taken_back(who: str) -> None:
    async with call(video=False) as c:
        await until(lambda: len(c.at_bob.audio) > 25, 15)
        hold = c.alice.set_holding if who == "holder" else c.alice.set_held
        hold(True)
        await asyncio.sleep(0.3)
        t = time.monotonic()
        await asyncio.sleep(0.6)
        assert c.at_bob.loudness_since(t) < 0.005
        if who == "holder":  # and the holder does not play what still comes in
            assert c.at_alice.audio_since(t) == []
        hold(False)
        await asyncio.sleep(0.3)
        t = time.monotonic()
        await asyncio.sleep(0.6)
        assert c.at_bob.loudness_since(t) > 0.1
