"""The contract between the parts of a call, so each can be built and tested alone.

- Ringing (``xmpp/services/jmi.py``, XEP-0353): propose, ring on all of the user's devices,
  accept/decline, stop ringing elsewhere. When the peer's device proceeds (caller side) or the
  user accepts (callee side), it hands over to ``JingleCalls``.
- Signalling (``xmpp/services/jingle_rtp.py``, XEP-0166/0167/0176/0320 with the SDP mapping in
  ``calls/sdp_jingle.py``): one Jingle RTP session per call, driving a ``MediaSession``.
- Media (``calls/media.py``): aiortc behind ``MediaSession``; synthetic sources in tests and
  the demo, real devices otherwise.
- The call window (``ui/call_*.py``) reads frames and state from the ``MediaSession`` and the
  ``Call*`` events in ``core/events.py``; its buttons call ``JingleCalls`` and ``MediaSession``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

MediaState = Literal["new", "connecting", "connected", "failed", "closed"]


@dataclass(frozen=True, slots=True)
class IceServer:
    """A STUN or TURN server, as the user's server lists it (XEP-0215) or as configured."""

    url: str  # "stun:host:port" or "turn:host:port?transport=udp"
    username: str = ""
    credential: str = ""


@dataclass(frozen=True, slots=True)
class MediaConfig:
    ice_servers: tuple[IceServer, ...] = ()
    relay_only: bool = False  # use TURN relays only (tests; users who hide their address)
    synthetic: bool = False  # a tone and a moving pattern instead of microphone and camera
    # Device ids as the settings store them; "" means the system default.
    microphone: str = ""
    speaker: str = ""
    camera: str = ""


@dataclass(frozen=True, slots=True)
class CallQuality:
    """What the connection-quality indicator shows, from the media statistics."""

    round_trip_ms: float | None = None
    packet_loss: float | None = None  # 0..1
    bitrate_kbps: float | None = None
    level: Literal["good", "fair", "poor", "unknown"] = "unknown"


class MediaSession(Protocol):
    """One call's media: an aiortc peer connection and its tracks. SDP strings carry all local
    candidates (aiortc gathers them before it returns a description)."""

    on_state: Callable[[MediaState], None] | None
    # A decoded remote or local (preview) video frame (``av.VideoFrame``), called on the loop.
    on_remote_video: Callable[[Any], None] | None
    on_local_video: Callable[[Any], None] | None

    async def make_offer(self, audio: bool, video: bool) -> str:
        """The offer; called again on a live session (to add video), it adds only what is not
        sent yet and returns the whole new offer (``answer`` likewise answers a re-offer)."""

    async def answer(self, offer_sdp: str, audio: bool, video: bool) -> str: ...

    async def apply_answer(self, answer_sdp: str) -> None: ...

    async def add_remote_candidate(self, mid: str, candidate: str) -> None:
        """A trickled remote candidate: ``candidate`` is an SDP ``candidate:...`` value."""

    def set_muted(self, muted: bool) -> None: ...

    def set_camera(self, on: bool) -> None: ...

    async def quality(self) -> CallQuality: ...

    async def close(self) -> None: ...


MediaFactory = Callable[[MediaConfig], MediaSession]


@dataclass(frozen=True, slots=True)
class CallRequest:
    """A call the signalling should set up or expect: with ``peer``'s device (a full JID)."""

    peer: str
    sid: str
    audio: bool = True
    video: bool = False
    extra: dict[str, str] = field(default_factory=dict)


class JingleCalls(Protocol):
    """Jingle RTP sessions (``xmpp/services/jingle_rtp.py``)."""

    async def start(self, request: CallRequest) -> None:
        """Caller side, after ``request.peer`` proceeded (JMI): send session-initiate with our
        offer and bring the media up."""

    def expect(self, request: CallRequest) -> None:
        """Callee side, after the user accepted the proposal: the session-initiate that follows
        from exactly ``request.peer`` with ``request.sid`` is answered; any other is rejected."""

    async def hang_up(self, sid: str, reason: str = "success") -> None: ...

    async def add_video(self, sid: str) -> None:
        """Adds our camera to a running audio call (Jingle content-add)."""

    def media(self, sid: str) -> MediaSession | None:
        """The running call's media, for the call window; None once it ended."""
