"""What a stretch of call audio sounds like, in numbers: its loudness and its pitch.

The settings' level meter and the tests (did the peer's tone arrive? did mute make it silent?)
read decoded frames through these. A frame is kept opaque (``Any``): packed signed 16-bit PCM
(``s16``, what aiortc's Opus decoder and the synthetic tone produce), any channel count.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections.abc import Iterable
from typing import Any


def samples(frame: Any) -> array[int]:
    """The first channel of a packed s16 audio frame."""
    if frame.format.name != "s16":
        raise ValueError(f"expected packed s16 audio, got {frame.format.name}")
    channels = len(frame.layout.channels)
    pcm = array("h", bytes(frame.planes[0])[: frame.samples * channels * 2])
    return pcm[::channels] if channels > 1 else pcm


def rms(pcm: array[int]) -> float:
    """Loudness from 0 (digital silence) to 1 (full scale)."""
    if not pcm:
        return 0.0
    return math.sqrt(sum(s * s for s in pcm) / len(pcm)) / 32768


def pitch(pcm: array[int], rate: int) -> float:
    """The frequency of a single tone, from its rising zero crossings (0.0 for silence)."""
    rising = sum(1 for a, b in itertools.pairwise(pcm) if a < 0 <= b)
    return rising * rate / len(pcm) if pcm else 0.0


def joined(frames: Iterable[Any]) -> array[int]:
    out: array[int] = array("h")
    for frame in frames:
        out.extend(samples(frame))
    return out
