"""content-modify (XEP-0166 §7.2.5) in a running call, from a plain client that speaks raw
Jingle, as Dino does when its user turns the camera off: Heron applies the new 'senders' and
acks it, never with a content-accept. When Heron may no longer send a medium its pictures stop
at the other side until it may again; when the other side stops sending its video, Heron's
call window hears it as "turned their camera off"."""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from slixmpp.exceptions import IqError

from heron.calls.sdp_jingle import JINGLE
from heron.core.events import CallEnded, CallInfoReceived
from tests.calls_pair import loopback_only
from tests.helpers import until
from tests.integration.parties import Recorder
from tests.integration.raw_call import RawCall, raw_call

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


async def _modify(call: RawCall, media: str, senders: str) -> Any:
    return await call.send("content-modify", ET.Element(f"{{{JINGLE}}}content", {
        "creator": "initiator", "name": call.name_of(media), "senders": senders}))


async def test_heron_stops_and_resumes_sending_as_the_other_side_modifies_the_video(
        server: Any, make_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    async with raw_call(server, make_user, tmp_path) as call:
        seen = Recorder(call.app, CallInfoReceived, CallEnded)
        await until(lambda: call.at_peer.video_frames > 10, 20)
        reply = await _modify(call, "video", "initiator")  # only the raw client sends video
        assert reply["type"] == "result"
        await asyncio.sleep(0.3)  # what was already on its way
        frames = call.at_peer.video_frames
        await asyncio.sleep(0.7)
        assert call.at_peer.video_frames == frames, "Heron's pictures stopped"
        assert len(call.at_heron.audio) > 0 and call.at_heron.video_frames > 0

        await _modify(call, "video", "both")
        await until(lambda: call.at_peer.video_frames > frames + 10, 20)
        assert not call.from_heron("content-accept"), "§7.2.5: never a content-accept"
        assert seen.of(CallInfoReceived) == [], "the raw client's own video never stopped"

        await _modify(call, "video", "responder")  # the raw client turns its camera off
        await until(lambda: seen.of(CallInfoReceived))
        assert [(e.info, e.media) for e in seen.of(CallInfoReceived)] == [("mute", "video")]
        await _modify(call, "video", "both")
        await until(lambda: len(seen.of(CallInfoReceived)) == 2)
        assert seen.of(CallInfoReceived)[-1].info == "unmute"
        assert seen.of(CallEnded) == []


async def test_a_content_modify_without_senders_or_for_an_unknown_content_is_refused(
        server: Any, make_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    async with raw_call(server, make_user, tmp_path) as call:
        for attrs in ({"creator": "initiator", "name": call.name_of("video")},
                      {"creator": "initiator", "name": "nothing", "senders": "none"}):
            with pytest.raises(IqError) as refused:
                await call.send("content-modify", ET.Element(f"{{{JINGLE}}}content", attrs))
            assert refused.value.iq["error"]["condition"] == "bad-request"
        frames = call.at_peer.video_frames
        await until(lambda: call.at_peer.video_frames > frames + 10, 20)  # nothing changed
