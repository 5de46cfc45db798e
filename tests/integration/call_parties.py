"""Parties for call tests: a caller and two devices of the callee, each a real Heron session,
with a stand-in for the Jingle service that records what ringing hands over to it.

``RecordingJingle`` is test-only: the real JingleCalls (xmpp/services/jingle_rtp.py) comes
from another branch; at merge the lead may swap it in here."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.application import Heron
from heron.calls.api import CallRequest, MediaSession
from heron.core.call_log import CallRecord
from heron.core.events import CallEnded, CallIncoming, CallStateChanged
from heron.demo.rig import RigServer
from heron.xmpp.services.jmi import NS, RTP, JmiService
from tests.integration.heron_process import befriend
from tests.integration.parties import Peer, Recorder, account_for, eventually, start_heron


def send_jmi(peer: Peer, to: str, action: str, sid: str, video: bool = False) -> None:
    """What another client sends (Conversations' shape: one description per medium)."""
    msg = peer.make_message(mto=to, mtype="chat")
    element = ET.SubElement(msg.xml, f"{{{NS}}}{action}", {"id": sid})
    if action == "propose":
        for media in ("audio", "video") if video else ("audio",):
            ET.SubElement(element, f"{{{RTP}}}description", {"media": media})
    ET.SubElement(msg.xml, "{urn:xmpp:hints}store")
    msg.send()


def jmi_received(peer: Peer) -> list[str]:
    """The JMI actions the plain client got back, in order."""
    return [child.tag.split("}", 1)[1] for msg in peer.jmi for child in msg.xml
            if isinstance(child.tag, str) and child.tag.startswith(f"{{{NS}}}")]


def recording_jmi(peer: Peer) -> None:
    """A plain client that keeps the JMI answers it gets (``peer.jmi``)."""
    peer.jmi = []  # type: ignore[attr-defined]
    for action in ("propose", "retract", "ringing", "reject", "proceed", "accept", "finish"):
        peer.register_handler(Callback(
            f"jmi {action}", MatchXPath(f"{{jabber:client}}message/{{{NS}}}{action}"),
            peer.jmi.append))  # type: ignore[attr-defined]


class RecordingJingle:
    """Stands in for JingleCalls: records the hand-overs, starts no media."""

    def __init__(self) -> None:
        self.started: list[CallRequest] = []
        self.expected: list[CallRequest] = []
        self.running: dict[str, MediaSession] = {}  # sessions a test says came up

    async def start(self, request: CallRequest) -> None:
        self.started.append(request)

    def expect(self, request: CallRequest) -> None:
        self.expected.append(request)

    async def hang_up(self, sid: str, reason: str = "success") -> None:
        return None

    def media(self, sid: str) -> MediaSession | None:
        return self.running.get(sid)

    async def end_all(self) -> None:
        """What the session asks of its calls when it goes offline: nothing runs here."""


@dataclass
class Device:
    app: Heron
    jid: str  # bare
    full: str
    jingle: RecordingJingle
    seen: Recorder

    @property
    def jmi(self) -> JmiService:
        return self.app.sessions[self.jid].jmi

    def incoming(self, sid: str) -> list[CallIncoming]:
        return [e for e in self.seen.of(CallIncoming) if e.sid == sid]

    def ended(self, sid: str) -> list[CallEnded]:
        return [e for e in self.seen.of(CallEnded) if e.sid == sid]

    async def call_log(self, peer: str) -> list[CallRecord]:
        """The calls with ``peer`` in this device's log, once there are any."""
        return await eventually(lambda: self.app.conversation_calls(self.jid, peer), bool)

    def states(self, sid: str) -> list[str]:
        return [e.state for e in self.seen.of(CallStateChanged) if e.sid == sid]


async def device(server: RigServer, user: tuple[str, str], profile: Path,
                 resource: str = "heron") -> Device:
    app = await start_heron(profile, account_for(server, user[0], resource=resource), user[1])
    jingle = RecordingJingle()
    setattr(app.sessions[user[0]], "jingle", jingle)  # noqa: B010  the stand-in's slot
    return Device(app, user[0], f"{user[0]}/{resource}", jingle,
                  Recorder(app, CallIncoming, CallStateChanged, CallEnded))


@dataclass
class Parties:
    caller: Device
    desk: Device  # the callee's first device
    laptop: Device  # the callee's second device

    def __iter__(self) -> Iterator[Device]:
        return iter((self.caller, self.desk, self.laptop))


@asynccontextmanager
async def caller_and_two_devices(server: RigServer, make_user: Callable[[], tuple[str, str]],
                                 tmp_path: Path) -> AsyncIterator[Parties]:
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    devices: list[Device] = []
    try:
        devices.append(await device(server, alice, tmp_path / "alice"))
        devices.append(await device(server, bob, tmp_path / "bob-desk", "desk"))
        devices.append(await device(server, bob, tmp_path / "bob-laptop", "laptop"))
        yield Parties(*devices)
    finally:
        for each in devices:
            await each.app.close()


__all__ = ["Device", "Parties", "RecordingJingle", "caller_and_two_devices", "device",
           "jmi_received", "recording_jmi", "send_jmi"]
