"""What a call sends: one track per medium in front of a source (microphone, camera, screen,
or the synthetic tone and pattern) that the session can silence, pause, release and swap.

- Muted or on hold, audio goes on as silence (the RTP stream and its timing go on).
- Camera off *releases* the source: it is stopped, so a real camera's light goes out, and the
  sender waits here without frames until a new source is given (camera on again, a screen).
- A swapped source starts its own timestamps at zero; the frames sent on are re-based so that
  the peer sees time go on, never back.

Imported only on the call path (aiortc).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from fractions import Fraction
from typing import Any, Protocol

from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

FRAME_STEP_S = Fraction(1, 30)  # the gap put between the last frame of a source and the next


class Sending(Protocol):
    """What the track asks the session before each frame."""

    on_local_video: Callable[[Any], None] | None

    def silent(self) -> bool: ...

    def paused(self) -> bool: ...


class Outgoing(MediaStreamTrack):
    def __init__(self, source: Any, session: Sending) -> None:
        super().__init__()
        self.kind = source.kind
        self.source: Any = source
        self._session = session
        self._back = asyncio.Event()
        self._back.set()
        self._last_s: Fraction | None = None  # the last sent frame's time, in seconds
        self._offset_s: Fraction | None = Fraction(0)  # None: re-base on the next frame

    @property
    def released(self) -> bool:
        return self.source is None

    def release(self) -> None:
        """Stops the source (the device closes); sends nothing until :meth:`give`."""
        source, self.source = self.source, None
        self._back.clear()
        if source is not None:
            source.stop()

    def give(self, source: Any) -> None:
        """Sends from ``source`` from now on; the one before is stopped."""
        old, self.source = self.source, source
        self._offset_s = None
        self._back.set()
        if old is not None and old is not source:
            old.stop()

    async def recv(self) -> Any:
        while True:
            if self.readyState != "live":
                raise MediaStreamError
            source = self.source
            if source is None:
                await self._back.wait()
                continue
            try:
                frame = await source.recv()
            except MediaStreamError:
                if source is not self.source:  # released or swapped while we waited on it
                    continue
                raise
            if source is not self.source:
                continue
            if self.kind == "audio":
                if self._session.silent():
                    for plane in frame.planes:
                        plane.update(bytes(plane.buffer_size))
                return self._timed(frame)
            if not self._session.paused():
                if self._session.on_local_video is not None:
                    self._session.on_local_video(frame)
                return self._timed(frame)

    def _timed(self, frame: Any) -> Any:
        if frame.pts is None or frame.time_base is None:
            return frame
        at = frame.pts * Fraction(frame.time_base)
        if self._offset_s is None:  # the first frame of a new source
            self._offset_s = (self._last_s + FRAME_STEP_S - at) if self._last_s is not None \
                else Fraction(0)
        at += self._offset_s
        self._last_s = at
        frame.pts = round(at / Fraction(frame.time_base))
        return frame

    def stop(self) -> None:
        super().stop()
        self._back.set()
        if self.source is not None:
            self.source.stop()
