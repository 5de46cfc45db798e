"""Content-add/accept with the shapes Conversations and Dino send (xmpp/services/
jingle_contents.py): Conversations' bare <transport/> means the session's bundle, Dino's
sessions are not bundled, and a content-accept keeps the content-add's creator and senders."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from heron.calls.sdp_jingle import JINGLE
from heron.xmpp.services.jingle_contents import (
    bundled,
    contents_of,
    echoed,
    filled,
    session_sdp,
)
from tests.jingle_examples import (
    CONVERSATIONS_CONTENT_ADD,
    CONVERSATIONS_INITIATE,
    DINO_INITIATE,
)


def _contents(xml: str) -> list[ET.Element]:
    return contents_of(ET.fromstring(xml))


def _video_section(sdp: str) -> list[str]:
    lines = sdp.splitlines()
    return lines[next(i for i, line in enumerate(lines) if line.startswith("m=video")):]


def _audio_call(setup: str) -> list[ET.Element]:
    """The audio content of Conversations' initiate, with its DTLS setup as given."""
    (audio,) = [c for c in _contents(CONVERSATIONS_INITIATE) if c.get("name") == "0"]
    for fp in audio.iter("{urn:xmpp:jingle:apps:dtls:0}fingerprint"):
        fp.set("setup", setup)
    return [audio]


def test_conversations_bare_transport_takes_the_session_s_bundle() -> None:
    # Conversations called us (actpass) and we answered active: its content-add's bare
    # <transport/> gets its ICE credentials and fingerprint, with its settled role passive.
    ours = _audio_call("active")
    new = filled(_contents(CONVERSATIONS_CONTENT_ADD), _audio_call("actpass"), ours)
    video = _video_section(session_sdp(_audio_call("actpass") + new, "initiator", "s"))
    assert "a=ice-ufrag:Ys2V" in video and "a=ice-pwd:fLHBm4ShLU1Lq4VdRmpHt5HA" in video
    assert [line for line in video if line.startswith("a=fingerprint:")] == [
        "a=fingerprint:sha-256 6E:43:8D:45:1A:2D:07:5C:1F:9A:52:4B:D5:32:94:D7:1C:87:A1:58:04"
        ":A4:B9:41:49:8B:2A:31:E5:5C:4E:12"]
    assert "a=setup:passive" in video  # an answer (its content-accept) may not say actpass
    assert _contents(CONVERSATIONS_CONTENT_ADD)[0].find(
        "{urn:xmpp:jingle:transports:ice-udp:1}transport").get("ufrag") is None  # untouched


def test_a_content_with_its_own_transport_keeps_it() -> None:
    dino = _contents(DINO_INITIATE)
    assert filled(dino[1:], dino[:1], []) == dino[1:]


def test_dino_sessions_are_not_bundled_and_stay_so() -> None:
    assert not bundled(ET.fromstring(DINO_INITIATE))
    assert bundled(ET.fromstring(CONVERSATIONS_INITIATE))
    sdp = session_sdp(_contents(DINO_INITIATE), "initiator", "s", bundle=False)
    assert not [line for line in sdp.splitlines() if line.startswith("a=group")]
    assert "a=ice-ufrag:Hk7d" in _video_section(sdp)  # video on its own transport


def test_a_content_accept_keeps_the_content_add_s_creator_and_senders() -> None:
    # We answer Conversations' video (senders both, creator initiator) without a camera: our
    # SDP says recvonly, which maps to senders='responder' and our own creator.
    (asked,) = _contents(CONVERSATIONS_CONTENT_ADD)
    answer = ET.Element(f"{{{JINGLE}}}content",
                        {"creator": "responder", "name": "1", "senders": "responder"})
    (accepted,) = echoed([answer], [asked])
    assert accepted.get("creator") == "initiator" and accepted.get("senders") is None
    dino_video = ET.Element(f"{{{JINGLE}}}content",
                            {"creator": "initiator", "name": "v", "senders": "initiator"})
    (kept,) = echoed([ET.Element(f"{{{JINGLE}}}content", {"creator": "responder", "name": "v"})],
                     [dino_video])
    assert (kept.get("creator"), kept.get("senders")) == ("initiator", "initiator")
