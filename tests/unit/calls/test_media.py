"""Call media between two real aiortc sessions in one process, over loopback (no XMPP): each
side hears the other's tone and sees the other's moving bar; mute silences what the peer hears;
camera off stops the peer's picture and tells it so; close ends everything."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from heron.calls.api import IceServer, MediaConfig
from heron.calls.devices import open_camera, open_microphone
from heron.calls.media import AiortcMedia, _rtc_configuration, quality_level
from heron.core.errors import ErrorKind, HeronError
from tests.calls_pair import (
    ALICE_BAR,
    ALICE_TONE,
    BOB_BAR,
    BOB_TONE,
    bar_in,
    call,
    loopback_only,
)
from tests.helpers import until


@pytest.fixture(autouse=True)
def _loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)


def _close_to(value: float, target: float) -> bool:
    return abs(value - target) < target * 0.05


@pytest.mark.asyncio
async def test_each_side_hears_the_others_tone_and_sees_its_moving_bar() -> None:
    async with call() as c:
        await until(lambda: c.alice.state == "connected" and c.bob.state == "connected")
        await until(lambda: c.at_bob.video_frames > 20 and c.at_alice.video_frames > 20)
        t = time.monotonic()
        await asyncio.sleep(1.0)
        assert _close_to(c.at_bob.pitch_since(t), ALICE_TONE), c.at_bob.pitch_since(t)
        assert _close_to(c.at_alice.pitch_since(t), BOB_TONE), c.at_alice.pitch_since(t)
        for seen, theirs, ours in ((c.at_bob, ALICE_BAR, BOB_BAR),
                                   (c.at_alice, BOB_BAR, ALICE_BAR)):
            early, late = seen.video[-25][1], seen.video[-1][1]
            assert (early.width, early.height) == (640, 480)
            assert bar_in(late, ours) is None
            first, last = bar_in(early, theirs), bar_in(late, theirs)
            assert first is not None
            assert last is not None
            assert first != last  # the bar moved: live video, not a still


@pytest.mark.asyncio
async def test_mute_makes_the_peer_hear_silence_until_unmuted() -> None:
    async with call(video=False) as c:
        await until(lambda: len(c.at_bob.audio) > 25)
        assert c.at_bob.loudness_since(time.monotonic() - 0.4) > 0.1
        c.alice.set_muted(True)
        await asyncio.sleep(0.3)  # frames already on their way
        t = time.monotonic()
        await asyncio.sleep(0.6)
        assert len(c.at_bob.audio_since(t)) > 20  # the stream goes on ...
        assert c.at_bob.loudness_since(t) < 0.005  # ... and is silent
        assert _close_to(c.at_alice.pitch_since(t), BOB_TONE)  # Bob is still heard
        c.alice.set_muted(False)
        await asyncio.sleep(0.3)
        t = time.monotonic()
        await asyncio.sleep(0.6)
        assert _close_to(c.at_bob.pitch_since(t), ALICE_TONE)


@pytest.mark.asyncio
async def test_camera_off_stops_the_peers_picture_and_tells_it() -> None:
    async with call() as c:
        await until(lambda: c.at_bob.camera == [True])
        c.alice.set_camera(False)
        await until(lambda: c.at_bob.camera == [True, False], timeout=5)
        count = c.at_bob.video_frames
        await asyncio.sleep(0.5)
        assert c.at_bob.video_frames == count  # no more frames of Alice
        assert c.at_bob.audio_since(time.monotonic() - 0.5)  # the call goes on
        c.alice.set_camera(True)
        await until(lambda: c.at_bob.camera == [True, False, True], timeout=5)
        assert bar_in(c.at_bob.video[-1][1], ALICE_BAR) is not None


@pytest.mark.asyncio
async def test_an_audio_answer_to_a_video_call_still_shows_the_callers_video() -> None:
    async with call(video=True, bob_video=False) as c:
        await until(lambda: c.at_bob.video_frames > 5)
        await asyncio.sleep(0.5)
        assert c.at_alice.video_frames == 0  # Bob declined to send his
        assert _close_to(c.at_alice.pitch_since(time.monotonic() - 0.5), BOB_TONE)


@pytest.mark.asyncio
async def test_quality_reports_a_good_loopback_connection() -> None:
    async with call(video=False) as c:
        await until(lambda: c.alice.state == "connected")
        quality = await c.alice.quality()
        deadline = time.monotonic() + 8
        while quality.round_trip_ms is None and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            quality = await c.alice.quality()
        assert quality.round_trip_ms is not None
        assert quality.level == "good"
        assert quality.packet_loss == 0
        assert quality.bitrate_kbps is not None
        assert quality.bitrate_kbps > 5


def test_quality_levels() -> None:
    assert quality_level(None, None) == "unknown"
    assert quality_level(40, 0.0) == "good"
    assert quality_level(250, 0.01) == "fair"
    assert quality_level(40, 0.05) == "fair"
    assert quality_level(900, 0.0) == "poor"
    assert quality_level(40, 0.2) == "poor"


def test_ice_servers_are_only_the_configured_ones() -> None:
    from aiortc.rtcconfiguration import RTCIceTransportPolicy

    none = _rtc_configuration((), relay_only=False)
    assert none.iceServers == []  # not None: that would mean Google's STUN server
    turn = _rtc_configuration((IceServer("stun:127.0.0.1:3478"),
                               IceServer("turn:127.0.0.1:3478?transport=udp", "1700", "pw")),
                              relay_only=True)
    assert [(s.urls, s.username, s.credential) for s in turn.iceServers] == [
        ("stun:127.0.0.1:3478", None, None),
        ("turn:127.0.0.1:3478?transport=udp", "1700", "pw")]
    assert turn.iceTransportPolicy == RTCIceTransportPolicy.RELAY


@pytest.mark.asyncio
async def test_trickled_candidates_connect_a_call_whose_descriptions_had_none() -> None:
    """The signalling may strip candidates from the descriptions and trickle them (XEP-0176):
    here both sides learn the other's only through add_remote_candidate."""

    def strip(sdp: str) -> tuple[str, list[str]]:
        lines = sdp.splitlines()
        kept = [x for x in lines if not x.startswith(("a=candidate:", "a=end-of-candidates"))]
        return "".join(x + "\r\n" for x in kept), [x for x in lines
                                                    if x.startswith("a=candidate:")]

    alice = AiortcMedia(MediaConfig(synthetic=True))
    bob = AiortcMedia(MediaConfig(synthetic=True))
    try:
        offer, alice_candidates = strip(await alice.make_offer(True, False))
        answer, bob_candidates = strip(await bob.answer(offer, True, False))
        await alice.apply_answer(answer)
        for line in alice_candidates:
            await bob.add_remote_candidate("0", line)
        for line in bob_candidates:
            await alice.add_remote_candidate("0", line.removeprefix("a="))
        await until(lambda: alice.state == bob.state == "connected", timeout=10)
    finally:
        await alice.close()
        await bob.close()


def _own_threads() -> set[str]:
    # aiortc encodes in the loop's default executor ("asyncio_N"), which outlives one call
    return {t.name for t in threading.enumerate() if not t.name.startswith("asyncio_")}


@pytest.mark.asyncio
async def test_close_ends_both_sides_with_nothing_left_running() -> None:
    before_threads = _own_threads()
    before_tasks = asyncio.all_tasks()
    states: list[str] = []
    async with call() as c:
        c.bob.on_state = states.append
        await until(lambda: c.at_bob.video_frames > 5 and len(c.at_alice.audio) > 5)
    assert c.alice.state == c.bob.state == "closed"
    assert states[-1] == "closed"
    await asyncio.sleep(0.2)
    assert asyncio.all_tasks() - before_tasks == set()
    assert _own_threads() <= before_threads


@pytest.mark.parametrize("opener", [open_microphone, open_camera])
def test_a_device_that_cannot_be_opened_is_a_sentence_not_a_crash(opener: Any) -> None:
    with pytest.raises(HeronError) as caught:
        opener("/dev/heron-no-such-device")
    assert caught.value.error is not None
    assert caught.value.error.kind is ErrorKind.CALL_DEVICE
    assert str(caught.value).startswith("Heron could not open the ")


@pytest.mark.asyncio
async def test_a_call_with_a_missing_camera_fails_before_any_offer() -> None:
    media = AiortcMedia(MediaConfig(camera="/dev/heron-no-such-device"))
    try:
        with pytest.raises(HeronError, match="camera"):
            await media.make_offer(audio=False, video=True)
    finally:
        await media.close()
