"""Writes Heron's ringtone for incoming calls, app/heron/resources/ring.wav: a soft rising
three-note figure (G5, B5, D6) played twice, then a pause, 22,050 Hz mono 16-bit, 2.4 s. The
call window loops it until the call is answered, declined or gone.

    python3 packaging/make_ringtone.py [OUT]

Made here, like the message chime (make_chime.py), so its licence is Heron's.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from make_chime import write_samples  # the same WAV format as the message chime

NOTES = (783.99, 987.77, 1174.66)  # G5, B5, D6
STEP = 0.13  # seconds between notes
FIGURES = (0.0, 0.6)  # the figure starts twice
LENGTH = 2.4  # seconds, the rest is the pause before the next loop
VOLUME = 0.3
ATTACK = 0.006
DECAY = 7.0


def sample(t: float) -> float:
    value = 0.0
    for start in FIGURES:
        for i, freq in enumerate(NOTES):
            local = t - start - i * STEP
            if local < 0:
                continue
            envelope = min(1.0, local / ATTACK) * math.exp(-DECAY * local)
            value += envelope * (math.sin(2 * math.pi * freq * local)
                                 + 0.2 * math.sin(6 * math.pi * freq * local))
    return VOLUME * value / 1.6


def write(path: Path) -> None:
    write_samples(path, sample, LENGTH)


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1
          else Path(__file__).resolve().parent.parent / "app" / "heron" / "resources" / "ring.wav")
