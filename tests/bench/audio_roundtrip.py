"""Audio round trip in a call: Alice's microphone clicks, Bob's side sends back what it hears
(an echo, as a speaker heard by a microphone would), and the click is found again in what
Alice hears. The time from the click leaving Alice's source to its echo arriving decoded at her
side covers two Opus encodes and decodes, aiortc's jitter buffers and the loopback network.

Both ends are real aiortc sessions (``calls/media.py``) in this process with synthetic sources
(silence and clicks at Alice, the echo at Bob). Called by ``tests/bench/call.py``.
"""

from __future__ import annotations

import asyncio
import fractions
import math
import time
from array import array
from collections import deque
from typing import Any

from heron.calls import levels
from heron.calls.api import MediaConfig
from heron.calls.media import AiortcMedia

RATE = 48_000
FRAME = 960  # 20 ms
CLICK_LEVEL = 0.05  # rms that counts as "the click came back" (silence decodes near 0)
GAP_S = 1.0  # between clicks: the echo of one is long gone before the next


def _frame(pcm: bytes, pts: int) -> Any:
    from av import AudioFrame

    frame = AudioFrame(format="s16", layout="mono", samples=FRAME)
    frame.planes[0].update(pcm)
    frame.pts, frame.sample_rate, frame.time_base = pts, RATE, fractions.Fraction(1, RATE)
    return frame


class _Paced:
    """A microphone-like source: one 20 ms frame every 20 ms."""

    kind = "audio"
    readyState = "live"

    def __init__(self) -> None:
        self._start: float | None = None
        self._pts = 0

    async def _tick(self) -> int:
        if self._start is None:
            self._start = time.monotonic()
        else:
            self._pts += FRAME
            await asyncio.sleep(self._start + self._pts / RATE - time.monotonic())
        return self._pts

    def stop(self) -> None:
        self.readyState = "ended"


class ClickSource(_Paced):
    """Silence, and a 20 ms 1 kHz burst whenever :meth:`click` asks; ``sent_at`` is when that
    frame left the source."""

    def __init__(self) -> None:
        super().__init__()
        self.wanted = False
        self.sent_at = 0.0
        burst = array("h", (round(16000 * math.sin(2 * math.pi * 1000 * i / RATE))
                            for i in range(FRAME)))
        self._burst, self._silence = burst.tobytes(), bytes(FRAME * 2)

    async def recv(self) -> Any:
        pts = await self._tick()
        if self.wanted:
            self.wanted, self.sent_at = False, time.monotonic()
            return _frame(self._burst, pts)
        return _frame(self._silence, pts)


class EchoSource(_Paced):
    """Sends back what it was given (the peer's decoded sound), else silence."""

    def __init__(self) -> None:
        super().__init__()
        self.heard: deque[bytes] = deque(maxlen=10)

    def hear(self, frame: Any) -> None:
        self.heard.append(levels.samples(frame)[:FRAME].tobytes())

    async def recv(self) -> Any:
        pts = await self._tick()
        pcm = self.heard.popleft() if self.heard else bytes(FRAME * 2)
        return _frame(pcm.ljust(FRAME * 2, b"\0"), pts)


class _WithSource(AiortcMedia):
    def __init__(self, source: Any) -> None:
        super().__init__(MediaConfig(synthetic=True))
        self.source = source

    def _track(self, kind: str) -> Any:
        return self._wrap(self.source) if kind == "audio" else super()._track(kind)


async def round_trips(count: int) -> list[float]:
    """Milliseconds from each click to its echo at the clicking side."""
    click, echo = ClickSource(), EchoSource()
    alice, bob = _WithSource(click), _WithSource(echo)
    bob.on_remote_audio = echo.hear
    found: list[float] = []
    waiting = asyncio.Event()

    def listen(frame: Any) -> None:
        if click.sent_at and levels.rms(levels.samples(frame)) > CLICK_LEVEL:
            found.append((time.monotonic() - click.sent_at) * 1000)
            click.sent_at = 0.0
            waiting.set()

    alice.on_remote_audio = listen
    try:
        await alice.apply_answer(await bob.answer(await alice.make_offer(True, False),
                                                  True, False))
        await asyncio.sleep(2.0)  # connected, jitter buffers settled
        for _ in range(count):
            waiting.clear()
            click.wanted = True
            try:
                await asyncio.wait_for(waiting.wait(), 5.0)
            except TimeoutError:
                click.sent_at = 0.0  # lost: counted as missing, not as a figure
            await asyncio.sleep(GAP_S)
    finally:
        await alice.close()
        await bob.close()
    return found
