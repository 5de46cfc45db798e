"""Two real call media sessions in one process, talking over loopback, and what each of them
received: the stand-in for two Heron sessions in a call until Jingle signalling is merged
(the SDP strings go straight from one to the other instead of through session-initiate)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from heron.calls import levels
from heron.calls.api import MediaConfig
from heron.calls.media import AiortcMedia

ALICE_TONE, BOB_TONE = 440, 660
ALICE_BAR, BOB_BAR = (255, 140, 0), (0, 200, 255)


def loopback_only(monkeypatch: Any) -> None:
    """aioice leaves 127.0.0.1 out of its host candidates (STACK-NOTES §6): offer only it."""
    import aioice.ice

    monkeypatch.setattr(aioice.ice, "get_host_addresses",
                        lambda use_ipv4, use_ipv6: ["127.0.0.1"])


@dataclass
class Received:
    """Everything one side got from the other, stamped with when it arrived."""

    # bounded, so a hung test cannot hoard frames: 10 s of audio, 4 s of video
    audio: deque[tuple[float, Any]] = field(default_factory=lambda: deque(maxlen=500))
    video: deque[tuple[float, Any]] = field(default_factory=lambda: deque(maxlen=120))
    camera: list[bool] = field(default_factory=list)

    video_frames: int = 0  # every one, also those the bounded list forgot

    def _video(self, frame: Any) -> None:
        self.video.append((time.monotonic(), frame))
        self.video_frames += 1

    def attach(self, media: AiortcMedia) -> None:
        media.on_remote_audio = lambda f: self.audio.append((time.monotonic(), f))
        media.on_remote_video = self._video
        media.on_remote_camera = self.camera.append

    def audio_since(self, t: float) -> list[Any]:
        return [f for at, f in self.audio if at >= t]

    def pitch_since(self, t: float) -> float:
        return levels.pitch(levels.joined(self.audio_since(t)), 48_000)

    def loudness_since(self, t: float) -> float:
        return levels.rms(levels.joined(self.audio_since(t)))


def bar_in(frame: Any, colour: tuple[int, int, int], tolerance: int = 60) -> int | None:
    """The centre column of the ``colour`` bar on the picture's middle row, or None."""
    rgb = frame.reformat(format="rgb24")
    plane = rgb.planes[0]
    row = bytes(plane)[plane.line_size * (rgb.height // 2):][: rgb.width * 3]
    hits = [x for x in range(rgb.width)
            if all(abs(row[3 * x + i] - colour[i]) <= tolerance for i in range(3))]
    return (hits[0] + hits[-1]) // 2 if len(hits) > 20 else None


@dataclass
class Call:
    alice: AiortcMedia
    bob: AiortcMedia
    at_alice: Received
    at_bob: Received
    offered_at: float


@asynccontextmanager
async def call(audio: bool = True, video: bool = True,
               bob_video: bool | None = None) -> AsyncIterator[Call]:
    """Alice calls Bob; Bob answers (with video unless ``bob_video`` is False)."""
    config = MediaConfig(synthetic=True)
    alice = AiortcMedia(config, tone_hz=ALICE_TONE, bar_colour=ALICE_BAR)
    bob = AiortcMedia(config, tone_hz=BOB_TONE, bar_colour=BOB_BAR)
    at_alice, at_bob = Received(), Received()
    at_alice.attach(alice)
    at_bob.attach(bob)
    try:
        t0 = time.monotonic()
        offer = await alice.make_offer(audio, video)
        answer = await bob.answer(offer, audio, video if bob_video is None else bob_video)
        await alice.apply_answer(answer)
        yield Call(alice, bob, at_alice, at_bob, t0)
    finally:
        await alice.close()
        await bob.close()
