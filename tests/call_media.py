"""A test-only MediaSession (calls/api.py) on a real aiortc RTCPeerConnection with synthetic
tracks (silence and a moving grey level), counting the frames that arrive. The lead replaces
it with calls/media.py at merge. Import only from call tests: it loads aiortc."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import aioice.ice
import av
import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, VideoStreamTrack
from aiortc.sdp import candidate_from_sdp

from heron.calls.api import CallQuality, MediaConfig, MediaState


def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """aioice leaves 127.0.0.1 out of its host candidates (STACK-NOTES §6): offer only it."""
    monkeypatch.setattr(aioice.ice, "get_host_addresses", lambda use_ipv4, use_ipv6: ["127.0.0.1"])


class _Pattern(VideoStreamTrack):
    """A small frame whose grey level moves, so every frame differs."""

    def __init__(self) -> None:
        super().__init__()
        self._n = 0

    async def recv(self) -> av.VideoFrame:
        pts, time_base = await self.next_timestamp()
        self._n += 1
        frame = av.VideoFrame(width=160, height=120, format="yuv420p")
        for plane in frame.planes:
            plane.update(bytes([self._n % 256]) * plane.buffer_size)
        frame.pts, frame.time_base = pts, time_base
        return frame


class SyntheticMedia:
    """One side of a call; ``audio_in``/``video_in`` count the remote frames received."""

    def __init__(self, config: MediaConfig) -> None:
        self.config = config
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.on_state: Callable[[MediaState], None] | None = None
        self.on_remote_video: Callable[[Any], None] | None = None
        self.on_local_video: Callable[[Any], None] | None = None
        self.audio_in = 0
        self.video_in = 0
        self.remote_candidates: list[tuple[str, str]] = []
        self._tasks: list[asyncio.Task[None]] = []
        self.pc.on("track", self._on_track)
        self.pc.on("connectionstatechange", self._on_connection)

    def _on_connection(self) -> None:
        state = self.pc.connectionState
        if self.on_state and state in ("connecting", "connected", "failed", "closed"):
            self.on_state(state)

    def _on_track(self, track: Any) -> None:
        self._tasks.append(asyncio.ensure_future(self._drain(track)))

    async def _drain(self, track: Any) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                frame = await track.recv()
                if track.kind == "audio":
                    self.audio_in += 1
                else:
                    self.video_in += 1
                    if self.on_remote_video:
                        self.on_remote_video(frame)

    def _sending(self, kind: str) -> bool:
        return any(t.kind == kind and t.sender.track is not None
                   for t in self.pc.getTransceivers())

    def _add_tracks(self, audio: bool, video: bool) -> None:
        """Adds what is not sent yet (a renegotiation adds only the new kind)."""
        if audio and not self._sending("audio"):
            self.pc.addTrack(AudioStreamTrack())
        if video and not self._sending("video"):
            self.pc.addTrack(_Pattern())

    async def make_offer(self, audio: bool, video: bool) -> str:
        self._add_tracks(audio, video)
        await self.pc.setLocalDescription(await self.pc.createOffer())
        return str(self.pc.localDescription.sdp)

    async def answer(self, offer_sdp: str, audio: bool, video: bool) -> str:
        await self.pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
        self._add_tracks(audio, video)
        await self.pc.setLocalDescription(await self.pc.createAnswer())
        return str(self.pc.localDescription.sdp)

    async def apply_answer(self, answer_sdp: str) -> None:
        await self.pc.setRemoteDescription(RTCSessionDescription(answer_sdp, "answer"))

    async def add_remote_candidate(self, mid: str, candidate: str) -> None:
        self.remote_candidates.append((mid, candidate))
        parsed = candidate_from_sdp(candidate.removeprefix("candidate:"))
        parsed.sdpMid = mid
        await self.pc.addIceCandidate(parsed)

    def set_muted(self, muted: bool) -> None:
        pass

    def set_camera(self, on: bool) -> None:
        pass

    async def quality(self) -> CallQuality:
        return CallQuality()

    async def close(self) -> None:
        await self.pc.close()
        for task in self._tasks:
            task.cancel()


