"""A call keeps the media it proposed, as Conversations requires: it ends a call with
security-error when the session-initiate (or the session-accept) carries other media than the
proposal (JingleRtpConnection.receiveSessionInitiate / receiveSessionAccept, 2023). So when
Heron's camera will not open after it proposed a video call, its session-initiate still
carries the video content (receive only) and the call goes on with sound; and a video call
accepted "audio only" still answers every content. The other side is a plain client that
speaks raw JMI and Jingle with real aiortc media."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from heron.calls.api import MediaConfig
from heron.calls.media import AiortcMedia
from heron.calls.sdp_jingle import JINGLE, RTP, jingle_to_sdp, sdp_to_jingle
from heron.core.errors import ErrorKind, HeronError, describe
from heron.core.events import CallEnded, CallStateChanged
from heron.xmpp.services.jingle_contents import contents_of
from tests.adversarial.test_hostile_jingle import Caller
from tests.calls_pair import BOB_BAR, BOB_TONE, Received, loopback_only
from tests.helpers import until
from tests.integration.call_parties import recording_jmi, send_jmi
from tests.integration.heron_process import befriend
from tests.integration.parties import Recorder, account_for, start_heron, start_peer
from tests.integration.raw_call import raw_call

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


class NoCamera(AiortcMedia):
    """Heron's media on a machine whose camera fails to open (busy, unplugged)."""

    def _camera_source(self) -> Any:
        raise HeronError(error=describe(ErrorKind.CALL_DEVICE, "busy", server="the camera"))


def _media(contents: list[ET.Element]) -> dict[str, str]:
    """medium -> senders ("both" when not said) of each content."""
    found = {}
    for content in contents:
        for description in content.iter(f"{{{RTP}}}description"):
            found[description.get("media", "")] = content.get("senders", "both")
    return found


async def test_a_video_call_whose_camera_fails_still_initiates_video_and_goes_on(
        server: Any, make_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    alice, bob = make_user(), make_user()
    await befriend(server, alice, bob)
    app = await start_heron(tmp_path / "alice", account_for(server, alice[0]), alice[1])
    session = app.sessions[alice[0]]
    made: list[AiortcMedia] = []
    session.jingle.enable(lambda config: made.append(
        NoCamera(MediaConfig(synthetic=True))) or made[-1])
    phone = Caller(await start_peer(server, *bob, resource="phone", setup=recording_jmi))
    await phone.media.close()
    phone.media = AiortcMedia(MediaConfig(synthetic=True), tone_hz=BOB_TONE,  # type: ignore[assignment]
                              bar_colour=BOB_BAR)
    heard = Received()
    heard.attach(phone.media)  # type: ignore[arg-type]
    seen = Recorder(app, CallStateChanged, CallEnded)
    try:
        sid = session.jmi.call(bob[0], video=True)
        await until(lambda: phone.peer.jmi)  # type: ignore[attr-defined]
        send_jmi(phone.peer, str(session.client.boundjid), "proceed", sid)
        await until(lambda: phone.from_heron('action="session-initiate"'), 15)
        (stanza,) = phone.from_heron('action="session-initiate"')
        jingle = ET.fromstring(stanza).find(f"{{{JINGLE}}}jingle")
        assert jingle is not None
        # What Conversations compares with the proposal: the same media, video included.
        assert set(_media(contents_of(jingle))) == {"audio", "video"}
        assert _media(contents_of(jingle))["video"] == "responder", "Alice only receives"

        answer = await phone.media.answer(jingle_to_sdp(jingle, "initiator", sid),
                                          audio=True, video=True)
        await phone.send(str(session.client.boundjid), "session-accept", sid,
                         sdp_to_jingle(answer, "responder"))
        await until(lambda: any(e.state == "connected" for e in seen.of(CallStateChanged)), 20)
        await until(lambda: len(heard.audio) > 10, 20)  # Alice's sound reaches Bob
        assert made[0].camera_problem == "Heron could not open the camera."
        assert not seen.of(CallEnded)
    finally:
        await session.jingle.hang_up(sid)
        await phone.close()
        await app.close()


async def test_a_video_call_taken_audio_only_still_answers_every_content(
        server: Any, make_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    async with raw_call(server, make_user, tmp_path, video=True, accept_video=False) as call:
        (accept,) = call.from_heron("session-accept")
        assert set(_media(contents_of(accept))) == {"audio", "video"}
        assert _media(contents_of(accept))["video"] == "initiator", "Alice only receives"
        await until(lambda: call.at_heron.video_frames > 3, 20)  # and sees the caller
