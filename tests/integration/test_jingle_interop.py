"""A caller that signals the way Conversations does (tests/jingle_examples.py says from which
of its sources): no initiator attribute, video added later by a content-add whose <transport/>
is bare, and content-remove/content-reject, to which any IQ error makes Conversations end the
call. The caller is a real slixmpp client with a real aiortc peer; Heron must take its video
and keep the call."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from heron.calls.api import CallRequest
from heron.calls.sdp_jingle import GROUPING, ICE, JINGLE, RTP, jingle_to_sdp, sdp_to_jingle
from heron.core.events import CallEnded
from heron.xmpp.services.jingle_contents import contents_of, session_sdp
from tests.adversarial.test_hostile_jingle import Caller, _setup
from tests.call_media import loopback_only
from tests.helpers import until
from tests.integration.parties import Recorder

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

CONTENT = f"{{{JINGLE}}}content"


async def _send(caller: Caller, to: str, action: str, sid: str,
                contents: list[ET.Element]) -> Any:
    """As Conversations' JinglePacket: action and sid only (never initiator or responder)."""
    iq = caller.peer.make_iq_set(ito=to)
    ET.SubElement(iq.xml, f"{{{JINGLE}}}jingle", {"action": action, "sid": sid}).extend(contents)
    return await iq.send(timeout=10)


def _received(caller: Caller, action: str) -> ET.Element:
    (stanza,) = caller.from_heron(f'action="{action}"')
    jingle = ET.fromstring(stanza).find(f"{{{JINGLE}}}jingle")
    assert jingle is not None
    return jingle


async def test_video_added_like_conversations_reaches_heron_and_refusals_keep_the_call(
        server: Any, make_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    app, session, (conv,) = await _setup(server, make_user, tmp_path, friends=True)
    rec = Recorder(app, CallEnded)
    heron, sid = str(session.client.boundjid), "conv-1"
    try:
        session.jingle.expect(CallRequest(peer=conv.jid, sid=sid))  # an audio call, accepted
        offer = await conv.media.make_offer(audio=True, video=False)
        await _send(conv, heron, "session-initiate", sid, sdp_to_jingle(offer, "initiator"))
        await until(lambda: conv.from_heron('action="session-accept"'), 15)
        accepted = contents_of(_received(conv, "session-accept"))
        await conv.media.apply_answer(session_sdp(accepted, "responder", sid))
        await until(lambda: session.made and session.made[0].audio_in > 3, 20)

        # Conversations turns its camera on: the new content, its transport left bare.
        offer = await conv.media.make_offer(audio=True, video=True)
        (video,) = [c for c in sdp_to_jingle(offer, "initiator")
                    if c.tag == CONTENT and c.get("name") not in {a.get("name") for a in accepted}]
        video.remove(video.find(f"{{{ICE}}}transport"))  # type: ignore[arg-type]
        ET.SubElement(video, f"{{{ICE}}}transport")
        await _send(conv, heron, "content-add", sid, [video])
        await until(lambda: conv.from_heron('action="content-accept"'), 15)
        (answer,) = contents_of(_received(conv, "content-accept"))
        # Heron has no camera on: its media answers recvonly, but the content-accept keeps
        # what Conversations asked (it compares name, media and senders, else ends the call).
        assert (answer.get("creator"), answer.get("senders")) == ("initiator", None)
        await conv.media.apply_answer(session_sdp([*accepted, answer], "responder", sid))
        await until(lambda: session.made[0].video_in > 3, 20)

        # Conversations withdraws a content and refuses one: both acked, the call goes on.
        stub = ET.Element(CONTENT, {"creator": "initiator", "name": str(video.get("name"))})
        await _send(conv, heron, "content-remove", sid, [stub])
        await _send(conv, heron, "content-reject", sid, [stub])
        audio_before = session.made[0].audio_in
        await until(lambda: session.made[0].audio_in > audio_before + 3)
        assert rec.of(CallEnded) == []
    finally:
        await session.jingle.hang_up(sid)
        await conv.close()
        await app.close()


def _like_dino(contents: list[ET.Element]) -> list[ET.Element]:
    """The offer's contents as Dino writes them: senders='both' spelt out, an SDES key it
    offers besides DTLS, and no <group/> (jingle_examples.DINO_INITIATE)."""
    shaped = [c for c in contents if c.tag == CONTENT]
    for content in shaped:
        content.set("senders", "both")
        desc = content.find(f"{{{RTP}}}description")
        assert desc is not None
        encryption = ET.Element(f"{{{RTP}}}encryption")
        ET.SubElement(encryption, f"{{{RTP}}}crypto", {
            "crypto-suite": "AES_CM_128_HMAC_SHA1_80", "tag": "1",
            "key-params": "inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz"})
        desc.insert(len(desc) - 1, encryption)  # before <rtcp-mux/>, as Dino puts it
    return shaped


async def test_a_call_from_dino_is_answered_unbundled_and_media_flows_both_ways(
        server: Any, make_user: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loopback_only(monkeypatch)
    app, session, (dino,) = await _setup(server, make_user, tmp_path, friends=True)
    heron, sid = str(session.client.boundjid), "5e1c2a8e-7b1c-4fd2-a70c-7d7d8aa8e1a0"
    try:
        session.jingle.expect(CallRequest(peer=dino.jid, sid=sid, video=True))
        offer = await dino.media.make_offer(audio=True, video=True)
        await dino.send(heron, "session-initiate", sid,
                        _like_dino(sdp_to_jingle(offer, "initiator")))
        await until(lambda: dino.from_heron('action="session-accept"'), 15)
        accept = _received(dino, "session-accept")
        assert accept.find(f"{{{GROUPING}}}group") is None  # Dino offered no BUNDLE
        jingle = ET.Element(f"{{{JINGLE}}}jingle")
        jingle.extend(contents_of(accept))
        await dino.media.apply_answer(jingle_to_sdp(jingle, "responder", sid))
        await until(lambda: session.made[0].video_in > 3 and dino.media.video_in > 3, 20)
        assert session.made[0].audio_in > 0 and dino.media.audio_in > 0
    finally:
        await session.jingle.hang_up(sid)
        await dino.close()
        await app.close()
