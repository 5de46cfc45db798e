"""Synthetic call media: a tone and a moving pattern, for tests, the bench and ``--demo``.

Both are recognisable at the far end after Opus and VP8: the tone is a pure sine whose pitch
(zero crossings) survives the codec, the pattern is a bright bar on a dark ground whose column
moves with time. Each frame costs a few byte multiplications (no numpy, no per-pixel loop), so
generating them on the loop is cheaper than handing them to a thread.

Imported only on the call path (it imports aiortc and av).
"""

from __future__ import annotations

import asyncio
import fractions
import math
import time
from array import array

from aiortc.mediastreams import MediaStreamError, MediaStreamTrack, VideoStreamTrack
from av import AudioFrame, VideoFrame

RATE = 48_000
FRAME_SAMPLES = 960  # 20 ms, Opus's packet length
WIDTH, HEIGHT = 640, 480
BAR_WIDTH = 96
BAR_PERIOD_S = 3.0  # the bar crosses the picture once in this time
BACKGROUND = (24, 28, 38)


def _yuv(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """BT.601 limited range, what VP8 and the decoders assume for yuv420p."""
    r, g, b = rgb
    y = 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255
    u = 128 + (-37.797 * r - 74.203 * g + 112.0 * b) / 255
    v = 128 + (112.0 * r - 93.786 * g - 18.214 * b) / 255
    return round(y), round(u), round(v)


class ToneTrack(MediaStreamTrack):
    """A sine at ``frequency`` Hz (an integer, so one second of samples loops seamlessly),
    48 kHz mono, paced in real time like a microphone."""

    kind = "audio"

    def __init__(self, frequency: int = 440, level: float = 0.3) -> None:
        super().__init__()
        amplitude = int(32767 * level)
        second = array("h", (round(amplitude * math.sin(2 * math.pi * frequency * i / RATE))
                             for i in range(RATE)))
        raw = second.tobytes()
        step = FRAME_SAMPLES * 2
        self._chunks = [raw[i:i + step] for i in range(0, len(raw), step)]
        self._index = 0
        self._start: float | None = None
        self._pts = 0

    async def recv(self) -> AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        if self._start is None:
            self._start = time.monotonic()
        else:
            self._pts += FRAME_SAMPLES
            await asyncio.sleep(self._start + self._pts / RATE - time.monotonic())
        frame = AudioFrame(format="s16", layout="mono", samples=FRAME_SAMPLES)
        frame.planes[0].update(self._chunks[self._index])
        self._index = (self._index + 1) % len(self._chunks)
        frame.pts = self._pts
        frame.sample_rate = RATE
        frame.time_base = fractions.Fraction(1, RATE)
        return frame


def bar_left(elapsed_s: float) -> int:
    """Where the bar's left edge is after ``elapsed_s`` seconds (even, for 4:2:0 chroma)."""
    travel = WIDTH - BAR_WIDTH
    return int((elapsed_s % BAR_PERIOD_S) / BAR_PERIOD_S * travel) // 2 * 2


class PatternTrack(VideoStreamTrack):
    """640x480 at 30 fps: a vertical ``colour`` bar sliding left to right on a dark ground."""

    def __init__(self, colour: tuple[int, int, int] = (255, 140, 0)) -> None:
        super().__init__()
        self._bar = _yuv(colour)
        self._ground = _yuv(BACKGROUND)
        self._t0 = time.monotonic()
        self.last_left = 0

    def _plane(self, index: int, line_size: int, left: int) -> bytes:
        shrink = 1 if index == 0 else 2
        width, height = WIDTH // shrink, HEIGHT // shrink
        x, w = left // shrink, BAR_WIDTH // shrink
        ground, bar = bytes([self._ground[index]]), bytes([self._bar[index]])
        row = ground * x + bar * w + ground * (width - x - w) + bytes(line_size - width)
        return row * height

    async def recv(self) -> VideoFrame:
        pts, time_base = await self.next_timestamp()
        left = bar_left(time.monotonic() - self._t0)
        self.last_left = left
        frame = VideoFrame(width=WIDTH, height=HEIGHT, format="yuv420p")
        for index, plane in enumerate(frame.planes):
            plane.update(self._plane(index, plane.line_size, left))
        frame.pts = pts
        frame.time_base = time_base
        return frame


class PushedVideoTrack(VideoStreamTrack):
    """Video from pictures pushed in as packed RGB rows (the screen grabber in models/, which
    keeps Qt out of calls/), sent at ``fps`` with the newest picture each time."""

    def __init__(self, fps: int = 10) -> None:
        super().__init__()
        self._period = 1 / fps
        self._latest: tuple[bytes, int, int, int] | None = None
        self._next = 0.0
        self._pts = 0

    def push(self, rgb: bytes, width: int, height: int, stride: int) -> None:
        self._latest = (rgb, width, height, stride)

    async def recv(self) -> VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        now = time.monotonic()
        self._next = max(self._next + self._period, now)
        await asyncio.sleep(self._next - now)
        while self._latest is None:
            await asyncio.sleep(self._period)
        rgb, width, height, stride = self._latest
        frame = VideoFrame(width=width, height=height, format="rgb24")
        plane = frame.planes[0]
        if stride == plane.line_size:
            plane.update(rgb[: stride * height])
        else:  # re-pad each row to PyAV's line size
            row = width * 3
            pad = bytes(plane.line_size - row)
            plane.update(b"".join(rgb[y * stride: y * stride + row] + pad for y in range(height)))
        self._pts += int(self._period * 90_000)
        frame.pts = self._pts
        frame.time_base = fractions.Fraction(1, 90_000)
        return frame
