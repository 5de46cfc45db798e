"""A real aiortc offer (audio + video) crosses sdp -> jingle -> sdp and a second real peer
connection accepts it; its answer crosses back likewise and the two connect on loopback."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from heron.calls.api import MediaConfig
from heron.calls.sdp_jingle import JINGLE, RTP, jingle_to_sdp, sdp_to_jingle
from tests.call_media import SyntheticMedia, loopback_only
from tests.helpers import until

pytestmark = pytest.mark.asyncio


def _through_jingle(sdp: str, role: str) -> tuple[ET.Element, str]:
    jingle = ET.Element(f"{{{JINGLE}}}jingle")
    jingle.extend(sdp_to_jingle(sdp, role))  # type: ignore[arg-type]
    wire = ET.fromstring(ET.tostring(jingle))  # as it crosses the network
    return wire, jingle_to_sdp(wire, role)  # type: ignore[arg-type]


async def test_an_aiortc_offer_and_answer_survive_jingle_and_connect(
        monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    caller, callee = SyntheticMedia(MediaConfig()), SyntheticMedia(MediaConfig())
    try:
        offer = await caller.make_offer(audio=True, video=True)
        offer_jingle, offer_again = _through_jingle(offer, "initiator")
        media = [d.get("media") for d in offer_jingle.iter(f"{{{RTP}}}description")]
        assert media == ["audio", "video"]
        names = {p.get("name") for p in offer_jingle.iter(f"{{{RTP}}}payload-type")}
        assert {"opus", "VP8", "H264", "rtx"} <= names
        answer = await callee.answer(offer_again, audio=True, video=True)
        _, answer_again = _through_jingle(answer, "responder")
        await caller.apply_answer(answer_again)
        await until(lambda: caller.video_in > 0 and callee.video_in > 0
                    and caller.audio_in > 0 and callee.audio_in > 0, 10)
        assert caller.pc.connectionState == callee.pc.connectionState == "connected"
    finally:
        await caller.close()
        await callee.close()
