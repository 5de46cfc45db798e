"""One call's media on aiortc: the ``MediaSession`` of ``calls/api.py``.

aiortc and PyAV load here, on the first call, never at start-up: this module imports them
inside functions and is itself imported only by the call path. Offers and answers carry every
local candidate (aiortc gathers before it returns a description); trickled remote candidates
come in through ``add_remote_candidate``. ICE servers are only those of ``MediaConfig``: with
none, the list is empty, so aiortc never falls back to Google's public STUN server.

Outgoing tracks (``calls/outgoing.py``) send silence while muted or on hold, and camera-off
releases the camera (its light goes out; the peer's watchdog notices the video stop and shows
the avatar instead) until it is turned on again. Encoding runs in aiortc's executor and
decoding in its decoder threads, so the loop only moves frames.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable
from typing import Any, Literal

from heron.calls.api import CallQuality, IceServer, MediaConfig, MediaSession, MediaState
from heron.calls.devices import open_camera, open_microphone
from heron.core.errors import HeronError

log = logging.getLogger(__name__)

REMOTE_VIDEO_GONE_S = 1.0  # no remote frame for this long: the peer's camera is off
_STATES: dict[str, MediaState] = {
    "new": "new", "connecting": "connecting", "connected": "connected",
    "disconnected": "connecting", "failed": "failed", "closed": "closed"}


Level = Literal["good", "fair", "poor", "unknown"]


def quality_level(rtt_ms: float | None, loss: float | None) -> Level:
    """good / fair / poor as a person would hear it: delay past ~300 ms and loss past ~5 %
    are where speech starts to break up."""
    if rtt_ms is None and loss is None:
        return "unknown"
    rtt, lost = rtt_ms or 0.0, loss or 0.0
    if rtt < 150 and lost < 0.02:  # noqa: PLR2004
        return "good"
    if rtt < 400 and lost < 0.08:  # noqa: PLR2004
        return "fair"
    return "poor"


def _rtc_configuration(servers: tuple[IceServer, ...], relay_only: bool) -> Any:
    from aiortc import RTCConfiguration, RTCIceServer
    from aiortc.rtcconfiguration import RTCIceTransportPolicy

    ice = [RTCIceServer(urls=s.url, username=s.username or None,
                        credential=s.credential or None) for s in servers]
    policy = RTCIceTransportPolicy.RELAY if relay_only else RTCIceTransportPolicy.ALL
    return RTCConfiguration(iceServers=ice, iceTransportPolicy=policy)


class AiortcMedia:
    """A ``MediaSession`` over one ``RTCPeerConnection``."""

    def __init__(self, config: MediaConfig, *, tone_hz: int = 440,
                 bar_colour: tuple[int, int, int] = (255, 140, 0)) -> None:
        from aiortc import RTCPeerConnection

        self.config = config
        self.on_state: Callable[[MediaState], None] | None = None
        self.on_remote_video: Callable[[Any], None] | None = None
        self.on_local_video: Callable[[Any], None] | None = None
        self.on_remote_audio: Callable[[Any], None] | None = None
        self.on_remote_camera: Callable[[bool], None] | None = None
        self.muted = False
        self.camera_on = True
        self.camera_problem = ""  # why the camera would not open, for the call window
        self.holding = False  # we put the call on hold: we send nothing and play nothing
        self.held = False  # the peer put us on hold: we stop sending (XEP-0167 §7.2)
        self.withheld: set[str] = set()  # media the session says we may not send now
        self._screen: Any = None  # the screen being shared (PushedVideoTrack), if any
        self._camera_in_call = False  # an audio call whose screen was shared has none
        self.remote_camera_on = False
        self.state: MediaState = "new"
        self._tone_hz, self._bar_colour = tone_hz, bar_colour
        self._pc = RTCPeerConnection(_rtc_configuration(config.ice_servers, config.relay_only))
        self._pc.on("connectionstatechange", self._state_changed)
        self._pc.on("track", self._remote_track)
        self._tasks: set[asyncio.Task[None]] = set()
        self._tracks: list[Any] = []
        self._last_remote_video = 0.0
        self._bytes_seen: tuple[float, int] | None = None

    # --- tracks ---------------------------------------------------------------------------

    def silent(self) -> bool:
        return self.muted or self.holding or self.held or "audio" in self.withheld

    def paused(self) -> bool:
        return (not (self.camera_on or self._screen is not None) or self.holding or self.held
                or "video" in self.withheld)

    def set_sending(self, medium: str, allowed: bool) -> None:
        """The session says whether we may send ``medium`` (Jingle content-modify)."""
        if allowed:
            self.withheld.discard(medium)
        else:
            self.withheld.add(medium)

    def _track(self, kind: str) -> Any:
        if kind == "video" and self._screen is not None:  # screen sharing adds video
            return self._wrap(self._screen)
        if kind == "video":
            source = self._camera_source()
            self._camera_in_call = True
        elif self.config.synthetic:
            from heron.calls.sources import ToneTrack

            source = ToneTrack(self._tone_hz)
        else:
            source = open_microphone(self.config.microphone)
        return self._wrap(source)

    def _camera_or_none(self, audio: bool) -> Any:
        """Our camera for a call that also has sound; None (and ``camera_problem`` says why)
        when it will not open: the call goes on receiving the peer's video, so its contents
        stay what was proposed (Conversations ends a call whose session-initiate or -accept
        has other media than the proposal: JingleRtpConnection.receiveSessionInitiate)."""
        try:
            return self._track("video")
        except HeronError as exc:
            if not audio:
                raise
            log.warning("the camera would not open; the call goes on without it")
            self.camera_problem = str(exc)
            self.camera_on = False
            return None

    def _wrap(self, source: Any) -> Any:
        from heron.calls.outgoing import Outgoing

        track = Outgoing(source, self)
        self._tracks.append(track)
        return track

    def outgoing(self, kind: str) -> Any:
        """The track we send ``kind`` on (calls/outgoing.py), None when we send none."""
        for transceiver in self._pc.getTransceivers():
            if transceiver.kind == kind and transceiver.sender.track is not None:
                return transceiver.sender.track
        return None

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _remote_track(self, track: Any) -> None:
        self._spawn(self._pump(track))
        if track.kind == "video":
            self._spawn(self._watch_remote_video())

    async def _pump(self, track: Any) -> None:
        from aiortc.mediastreams import MediaStreamError

        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            if self.holding:  # the holder may drop what the holdee still sends (§7.2)
                continue
            if track.kind == "audio":
                if self.on_remote_audio is not None:
                    self.on_remote_audio(frame)
                continue
            self._last_remote_video = time.monotonic()
            if not self.remote_camera_on:
                self._remote_camera(True)
            if self.on_remote_video is not None:
                self.on_remote_video(frame)

    async def _watch_remote_video(self) -> None:
        while True:
            await asyncio.sleep(REMOTE_VIDEO_GONE_S / 4)
            gone = time.monotonic() - self._last_remote_video > REMOTE_VIDEO_GONE_S
            if self.remote_camera_on and gone:
                self._remote_camera(False)

    def _remote_camera(self, on: bool) -> None:
        self.remote_camera_on = on
        if self.on_remote_camera is not None:
            self.on_remote_camera(on)

    def _state_changed(self) -> None:
        state = _STATES.get(self._pc.connectionState, "connecting")
        if state != self.state:
            self.state = state
            if self.on_state is not None:
                self.on_state(state)

    # --- MediaSession ---------------------------------------------------------------------

    async def make_offer(self, audio: bool, video: bool) -> str:
        for kind, wanted in (("audio", audio), ("video", video)):
            if not wanted or self.outgoing(kind) is not None:
                continue  # a renegotiation adds only what is not sent yet
            track = self._camera_or_none(audio) if kind == "video" else self._track(kind)
            idle = next((t for t in self._pc.getTransceivers() if t.kind == kind), None)
            if idle is not None:  # we only received this medium so far
                idle.sender.replaceTrack(track)
                idle.direction = "sendrecv" if track is not None else "recvonly"
            elif track is not None:
                self._pc.addTransceiver(track, direction="sendrecv")
            else:
                self._pc.addTransceiver("video", direction="recvonly")
        await self._pc.setLocalDescription(await self._pc.createOffer())
        return str(self._pc.localDescription.sdp)

    async def answer(self, offer_sdp: str, audio: bool, video: bool) -> str:
        from aiortc import RTCSessionDescription

        await self._pc.setRemoteDescription(RTCSessionDescription(offer_sdp, "offer"))
        for transceiver in self._pc.getTransceivers():
            wanted = audio if transceiver.kind == "audio" else video
            if wanted and transceiver.sender.track is None:  # a re-offer keeps what we send
                transceiver.sender.replaceTrack(self._camera_or_none(audio)
                                                if transceiver.kind == "video"
                                                else self._track(transceiver.kind))
            if wanted and transceiver.sender.track is not None:
                transceiver.direction = "sendrecv"
            else:  # declined media: we still see theirs (the user may turn ours on later)
                transceiver.direction = "recvonly"
        await self._pc.setLocalDescription(await self._pc.createAnswer())
        return str(self._pc.localDescription.sdp)

    async def apply_answer(self, answer_sdp: str) -> None:
        from aiortc import RTCSessionDescription

        await self._pc.setRemoteDescription(RTCSessionDescription(answer_sdp, "answer"))

    async def add_remote_candidate(self, mid: str, candidate: str) -> None:
        from aiortc.sdp import candidate_from_sdp

        parsed = candidate_from_sdp(candidate.removeprefix("a=").removeprefix("candidate:"))
        parsed.sdpMid = mid
        await self._pc.addIceCandidate(parsed)

    async def switch_device(self, kind: str, device_id: str) -> None:
        """A device chosen in the call window's menu ("microphone" or "camera") replaces the
        one in use; a device that cannot be opened raises HeronError and the old one stays."""
        if kind == "microphone":
            self.config = dataclasses.replace(self.config, microphone=device_id)
        else:
            self.config = dataclasses.replace(self.config, camera=device_id)
        if self.config.synthetic:
            return
        sent = self.outgoing("audio" if kind == "microphone" else "video")
        if sent is None or sent.released or (kind == "camera" and self._screen is not None):
            return  # the chosen camera opens when it is next turned on
        sent.give(open_microphone(self.config.microphone) if kind == "microphone"
                  else open_camera(self.config.camera))

    def share_screen(self, on: bool) -> Any:
        """Send pictures pushed into the returned track instead of the camera (``on``), or go
        back to the camera (or to no video when the camera is off). In a call without video
        yet, the screen is what the next video content (Jingle content-add) sends. Returns the
        track to push into, or None."""
        from heron.calls.sources import PushedVideoTrack

        video = self.outgoing("video")
        if not on:
            self._screen = None
            if video is not None and self.camera_on and self._camera_in_call:
                video.give(self._camera_source())
            elif video is not None:
                video.release()
            return None
        self._screen = PushedVideoTrack()
        if video is not None:
            video.give(self._screen)
        return self._screen

    @property
    def sends_video(self) -> bool:
        return self.outgoing("video") is not None

    def _camera_source(self) -> Any:
        if self.config.synthetic:
            from heron.calls.sources import PatternTrack

            return PatternTrack(self._bar_colour)
        return open_camera(self.config.camera)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def set_camera(self, on: bool) -> None:
        """Camera off stops the camera itself (its light goes out); on opens it again. A camera
        that cannot be opened raises HeronError (the call goes on without it). While the screen
        is shared, the screen goes on and the camera stays closed."""
        video = self.outgoing("video")
        if video is not None and self._screen is None:
            if on and video.released:
                video.give(self._camera_source())
            elif not on:
                video.release()
        self.camera_on = on

    def set_held(self, held: bool) -> None:
        """The peer put the call on hold (or took it back): we stop sending meanwhile."""
        self.held = held

    def set_holding(self, holding: bool) -> None:
        """We put the call on hold: nothing is sent and the peer's sound is not played."""
        self.holding = holding

    async def quality(self) -> CallQuality:
        from aiortc.stats import (
            RTCInboundRtpStreamStats,
            RTCRemoteInboundRtpStreamStats,
            RTCTransportStats,
        )

        report = await self._pc.getStats()
        rtts, received, lost, inbound_bytes = [], 0, 0, 0
        for stats in report.values():
            if isinstance(stats, RTCRemoteInboundRtpStreamStats):
                if stats.roundTripTime is not None:  # None until a report block came back
                    rtts.append(stats.roundTripTime * 1000)
            elif isinstance(stats, RTCInboundRtpStreamStats):
                received += stats.packetsReceived
                lost += max(0, stats.packetsLost)
            elif isinstance(stats, RTCTransportStats):
                inbound_bytes += stats.bytesReceived
        rtt = max(rtts) if rtts else None
        loss = lost / (received + lost) if received + lost else None
        now, bitrate = time.monotonic(), None
        if self._bytes_seen is not None and now > self._bytes_seen[0]:
            bitrate = (inbound_bytes - self._bytes_seen[1]) * 8 / 1000 / (now - self._bytes_seen[0])
        self._bytes_seen = (now, inbound_bytes)
        level = quality_level(rtt, loss)
        return CallQuality(round_trip_ms=rtt, packet_loss=loss, bitrate_kbps=bitrate,
                           level=level)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for track in self._tracks:
            track.stop()
        await self._pc.close()
        self._state_changed()


def create_media(config: MediaConfig) -> MediaSession:
    """The ``MediaFactory`` JingleCalls uses for each call."""
    return AiortcMedia(config)
