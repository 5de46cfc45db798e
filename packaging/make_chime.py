"""Writes Heron's message sound, app/heron/resources/message.wav: a soft two-tone chime
(E5 then A5, each a sine with a gentle attack and a decay), 22,050 Hz mono 16-bit, ~0.5 s.

    python3 packaging/make_chime.py [OUT]

Made here rather than taken from elsewhere, so its licence is Heron's; the file is committed
and this script makes the same bytes again.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from collections.abc import Callable
from pathlib import Path

RATE = 22_050
TONES = ((659.25, 0.0), (880.0, 0.14))  # (Hz, start in s): E5, then A5
LENGTH = 0.5  # seconds
VOLUME = 0.32  # of full scale: a chime, not an alarm
ATTACK = 0.008  # seconds: no click at the start of a tone
DECAY = 9.0  # per second


def sample(t: float) -> float:
    value = 0.0
    for freq, start in TONES:
        local = t - start
        if local < 0:
            continue
        envelope = min(1.0, local / ATTACK) * math.exp(-DECAY * local)
        # a quiet octave above makes it a bell rather than a beep
        value += envelope * (math.sin(2 * math.pi * freq * local)
                             + 0.25 * math.sin(4 * math.pi * freq * local))
    fade = min(1.0, (LENGTH - t) / 0.05)  # the last 50 ms go to silence
    return VOLUME * value * fade / 1.25


def write(path: Path) -> None:
    write_samples(path, sample, LENGTH)


def write_samples(path: Path, sample: Callable[[float], float], length: float) -> None:
    """``sample(t)`` (-1..1) for ``length`` seconds as a 22,050 Hz mono 16-bit WAV file
    (make_ringtone.py writes its tone with this too)."""
    frames = b"".join(struct.pack("<h", round(32767 * max(-1.0, min(1.0, sample(i / RATE)))))
                      for i in range(int(length * RATE)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else (
        Path(__file__).resolve().parents[1] / "app/heron/resources/message.wav")
    write(target)
    print(f"wrote {target} ({target.stat().st_size} bytes)")
