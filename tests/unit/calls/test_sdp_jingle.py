"""SDP <-> Jingle (calls/sdp_jingle.py) both ways, on the XEPs' own examples, on stanzas shaped
like Conversations' and Dino's, and on random sessions (jingle -> sdp -> jingle is stable)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heron.calls.sdp_jingle import (
    DTLS,
    FB,
    GROUPING,
    HDREXT,
    ICE,
    JINGLE,
    RTP,
    SSMA,
    SdpError,
    candidate_line,
    jingle_to_sdp,
    sdp_to_jingle,
)
from tests.jingle_examples import (
    CONVERSATIONS_INITIATE,
    CONVERSATIONS_TRANSPORT_INFO,
    DINO_ACCEPT,
    DINO_INITIATE,
    DINO_TRANSPORT_INFO,
    XEP_0167_ACCEPT,
    XEP_0167_INITIATE,
    XEP_0176_INITIATE,
    XEP_0293_DESCRIPTION,
    XEP_0294_DESCRIPTION,
    XEP_0320_ACCEPT,
    XEP_0320_INITIATE,
    XEP_0338_GROUP,
    XEP_0339_CONTENT,
)


def _jingle(xml: str) -> ET.Element:
    root = ET.fromstring(xml)
    found = root if root.tag == f"{{{JINGLE}}}jingle" else root.find(f"{{{JINGLE}}}jingle")
    assert found is not None
    return found


def _wrap(children: list[ET.Element]) -> ET.Element:
    jingle = ET.Element(f"{{{JINGLE}}}jingle")
    jingle.extend(children)
    return jingle


def _content(desc_xml: str, name: str = "c", extra: str = "") -> ET.Element:
    return _jingle(f"<jingle xmlns='{JINGLE}'><content creator='initiator' name='{name}'>"
                   f"{desc_xml}{extra}</content></jingle>")


def _lines(sdp: str) -> list[str]:
    return sdp.splitlines()


def _canon(element: ET.Element) -> str:
    """An element as canonical text, without whitespace between tags or candidate ids (SDP has
    none)."""
    copy = ET.fromstring(ET.tostring(element))
    for el in copy.iter():
        el.text = (el.text or "").strip() or None
        el.tail = None
        if el.tag == f"{{{ICE}}}candidate":
            el.attrib.pop("id", None)
    return ET.canonicalize(ET.tostring(copy, encoding="unicode"))  # attributes in one order


# --- Jingle -> SDP on the XEPs' examples ----------------------------------------------------

def test_xep_0320_example_1_gives_ice_dtls_and_codecs() -> None:
    sdp = _lines(jingle_to_sdp(_jingle(XEP_0320_INITIATE), "initiator"))
    assert "m=audio 9 UDP/TLS/RTP/SAVPF 96 97 18 103 98" in sdp
    assert [line for line in sdp if line.startswith(("a=rtpmap:96", "a=rtpmap:103"))] == [
        "a=rtpmap:96 speex/16000", "a=rtpmap:103 L16/16000/2"]
    assert "a=ice-ufrag:8hhy" in sdp and "a=ice-pwd:asd88fgpdd777uzjYhagZg" in sdp
    assert ("a=fingerprint:sha-256 02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:3F:54:42:CD:"
            "54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2") in sdp
    assert "a=setup:actpass" in sdp and "a=mid:voice" in sdp and "a=sendrecv" in sdp
    assert ("a=candidate:2 1 udp 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998"
            " generation 0 network-id 1") in sdp


def test_xep_0320_example_2_the_answer_keeps_setup_active() -> None:
    sdp = _lines(jingle_to_sdp(_jingle(XEP_0320_ACCEPT), "responder"))
    assert "a=setup:active" in sdp
    assert "m=audio 9 UDP/TLS/RTP/SAVPF 97 18" in sdp


def test_xep_0167_example_3_the_accepted_subset_of_codecs() -> None:
    sdp = _lines(jingle_to_sdp(_jingle(XEP_0167_ACCEPT), "responder"))
    assert "m=audio 9 UDP/TLS/RTP/SAVPF 97 18" in sdp
    rtpmaps = [line for line in sdp if line.startswith("a=rtpmap:")]
    assert rtpmaps == ["a=rtpmap:97 speex/8000", "a=rtpmap:18 G729/8000"]
    assert "a=ice-ufrag:9uB6" in sdp and not [line for line in sdp if "fingerprint" in line]


@pytest.mark.parametrize("example", [XEP_0167_INITIATE, XEP_0176_INITIATE],
                         ids=["xep-0167-example-1", "xep-0176-example-1"])
def test_xep_0167_and_0176_initiations_map_their_candidates(example: str) -> None:
    sdp = _lines(jingle_to_sdp(_jingle(example), "initiator"))
    candidates = [line for line in sdp if line.startswith("a=candidate:")]
    assert candidates[0] == ("a=candidate:1 1 udp 2130706431 10.0.1.1 8998 typ host "
                             "generation 0 network-id 1")
    assert len(candidates) == 2
    assert "a=rtpmap:0 PCMU/8000" in sdp


def test_xep_0293_example_1_feedback_per_payload_and_for_all() -> None:
    sdp = _lines(jingle_to_sdp(_content(XEP_0293_DESCRIPTION), "initiator"))
    assert "a=rtcp-fb:* nack pli" in sdp
    assert "a=rtcp-fb:96 nack sli" in sdp and "a=rtcp-fb:96 trr-int 100" in sdp
    assert not [line for line in sdp if line.startswith("a=rtcp-fb:34")]


def test_xep_0294_example_header_extensions_with_senders_and_allow_mixed() -> None:
    # XEP-0294's SDP fragment (Example 4) for the same description: 2/recvonly, from the
    # responder's side (senders='initiator' means only the initiator sends).
    sdp = _lines(jingle_to_sdp(_content(XEP_0294_DESCRIPTION), "responder"))
    assert [line for line in sdp if line.startswith("a=extmap")] == [
        "a=extmap:1 URI-toffset", "a=extmap:2/recvonly URI-gps-string",
        "a=extmap:3 URI-frametype", "a=extmap-allow-mixed"]


def test_xep_0338_group_becomes_a_bundle_line() -> None:
    jingle = _content("<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'/>", "voice")
    jingle.insert(0, ET.fromstring(XEP_0338_GROUP))
    assert "a=group:BUNDLE voice webcam" in _lines(jingle_to_sdp(jingle, "initiator"))


def test_xep_0339_example_sources_and_groups() -> None:
    sdp = _lines(jingle_to_sdp(_jingle(XEP_0339_CONTENT), "initiator"))
    assert [line for line in sdp if line.startswith("a=ssrc")] == [
        "a=ssrc-group:FID 2301230316 386328120", "a=ssrc-group:FID 3139499595 2613715171",
        "a=ssrc:2301230316 cname:T5qvrIZj42v//eYQ", "a=ssrc:386328120 cname:uEYgNtStZyTF74sM",
        "a=ssrc:3139499595 cname:re8jhxkly9bxzuxr", "a=ssrc:2613715171 cname:f83avsiw6n1m7vi"]


# --- SDP -> Jingle --------------------------------------------------------------------------

# XEP-0293 Example 4 (SDP fragment), made a WebRTC description (mid, ICE, DTLS).
XEP_0293_SDP = """v=0
o=- 1 2 IN IP4 0.0.0.0
s=-
t=0 0
m=video 59172 RTP/AVPF 98 99
c=IN IP4 10.0.1.1
a=mid:face
a=ice-ufrag:u1
a=ice-pwd:p1
a=fingerprint:SHA-256 AA:BB
a=setup:passive
a=rtpmap:98 H263-1998/90000
a=rtpmap:99 H261/90000
a=rtcp-fb:* nack
a=rtcp-fb:98 nack rpsi
a=rtcp-fb:98 trr-int 100
"""


def test_sdp_feedback_and_dtls_become_jingle() -> None:
    (content,) = sdp_to_jingle(XEP_0293_SDP, "responder")
    desc = content.find(f"{{{RTP}}}description")
    assert desc is not None
    assert [(fb.get("type"), fb.get("subtype")) for fb in desc.findall(f"{{{FB}}}rtcp-fb")] == [
        ("nack", None)]
    pt98 = desc.find(f"{{{RTP}}}payload-type[@id='98']")
    assert pt98 is not None and pt98.get("name") == "H263-1998" and pt98.get("clockrate") == "90000"
    assert [(fb.get("type"), fb.get("subtype")) for fb in pt98.findall(f"{{{FB}}}rtcp-fb")] == [
        ("nack", "rpsi")]
    trr = pt98.find(f"{{{FB}}}rtcp-fb-trr-int")
    assert trr is not None and trr.get("value") == "100"
    fp = content.find(f"{{{ICE}}}transport/{{{DTLS}}}fingerprint")
    assert fp is not None and (fp.get("hash"), fp.get("setup"), fp.text) == (
        "sha-256", "passive", "AA:BB")
    assert content.get("name") == "face" and content.get("senders") is None


def test_the_sha_256_fingerprint_goes_first_whatever_the_sdp_order() -> None:
    # Dino (plugins/ice/src/dtls_srtp.vala) and Conversations (IceUdpTransportInfo
    # .getFingerprint) read only the first <fingerprint/>; Dino checks only sha-256.
    sdp = XEP_0293_SDP.replace("a=fingerprint:SHA-256 AA:BB",
                               "a=fingerprint:sha-512 CC:DD\na=fingerprint:sha-256 AA:BB")
    (content,) = sdp_to_jingle(sdp, "responder")
    fps = content.findall(f"{{{ICE}}}transport/{{{DTLS}}}fingerprint")
    assert [(fp.get("hash"), fp.text) for fp in fps] == [("sha-256", "AA:BB"),
                                                         ("sha-512", "CC:DD")]


@pytest.mark.parametrize(("direction", "role", "senders"), [
    ("sendonly", "initiator", "initiator"), ("recvonly", "initiator", "responder"),
    ("sendonly", "responder", "responder"), ("recvonly", "responder", "initiator"),
    ("inactive", "initiator", "none"), ("sendrecv", "responder", None)])
def test_directions_become_senders_from_the_author_s_side(direction: str, role: str,
                                                          senders: str | None) -> None:
    sdp = XEP_0293_SDP + f"a={direction}\n"
    (content,) = sdp_to_jingle(sdp, role)  # type: ignore[arg-type]
    assert content.get("senders") == senders
    assert f"a={direction}" in _lines(jingle_to_sdp(_wrap([content]), role))  # type: ignore[arg-type]


def test_a_description_without_media_or_mid_is_refused() -> None:
    with pytest.raises(SdpError, match="no media"):
        sdp_to_jingle("v=0\ns=-\n", "initiator")
    with pytest.raises(SdpError, match="no mid"):
        sdp_to_jingle("v=0\nm=audio 9 UDP/TLS/RTP/SAVPF 0\n", "initiator")


# --- How other clients send it (tests/jingle_examples.py says from which of their sources) ----

def test_conversations_session_initiate_survives_jingle_sdp_jingle() -> None:
    jingle = _jingle(CONVERSATIONS_INITIATE)
    again = _wrap(sdp_to_jingle(jingle_to_sdp(jingle, "initiator"), "initiator"))
    for original in jingle:
        name = original.get("name")
        match = [c for c in again if c.tag == original.tag and c.get("name") == name]
        assert match and _canon(match[0]) == _canon(original), name


def test_conversations_opus_parameters_msid_and_bundle_reach_the_sdp() -> None:
    sdp = _lines(jingle_to_sdp(_jingle(CONVERSATIONS_INITIATE), "initiator"))
    assert "a=fmtp:111 minptime=10;useinbandfec=1" in sdp
    assert "a=rtcp-fb:111 transport-cc" in sdp
    assert "a=group:BUNDLE 0 1" in sdp
    assert ("a=ssrc:2947271548 msid:- audio-track-5e4a2ad3-6a53-4d3c-9b8e-0d1f6c2f7a11"
            in sdp)
    assert "a=rtpmap:9 G722/8000" in sdp  # channels left out means one
    assert "a=extmap:13 urn:3gpp:video-orientation" in sdp
    assert not [line for line in sdp if line.startswith("a=candidate")]  # they come trickled


def test_a_conversations_candidate_without_network_becomes_a_line() -> None:
    (candidate,) = _jingle(CONVERSATIONS_TRANSPORT_INFO).iter(f"{{{ICE}}}candidate")
    assert candidate_line(candidate) == ("candidate:842163049 1 udp 1677729535 192.0.2.7 52718 "
                                         "typ srflx raddr 10.0.0.3 rport 52718 generation 0")


def test_dino_session_initiate_maps_without_bundle_or_sdes_keys() -> None:
    sdp = _lines(jingle_to_sdp(_jingle(DINO_INITIATE), "initiator"))
    assert not [line for line in sdp if line.startswith("a=group")]  # Dino never bundles
    assert [line for line in sdp if line.startswith("m=")] == [
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 112 113 114 9 0 8", "m=video 9 UDP/TLS/RTP/SAVPF 98"]
    assert "a=fmtp:111 useinbandfec=1" in sdp and "a=rtpmap:111 opus/48000/2" in sdp
    assert "a=rtcp-fb:98 ccm fir" in sdp and "a=rtcp-fb:98 goog-remb" in sdp
    assert "a=extmap:1 urn:3gpp:video-orientation" in sdp
    assert sdp.count("a=sendrecv") == 2  # senders='both' written out
    assert not [line for line in sdp if "crypto" in line or "inline:" in line]
    assert ("a=candidate:1 2 udp 2013266430 192.168.1.20 51874 typ host generation 0 "
            "network-id 0") in sdp  # its RTCP component (rtcp-mux makes it unused)
    assert sdp.count("a=rtcp-mux") == 2 and sdp.count("a=setup:actpass") == 2


def test_dino_session_accept_survives_jingle_sdp_jingle() -> None:
    jingle = _jingle(DINO_ACCEPT)
    (content,) = _wrap(sdp_to_jingle(jingle_to_sdp(jingle, "responder"), "responder"))
    original = jingle[0]
    assert original.attrib.pop("senders") == "both"  # the default, which Heron leaves out
    assert _canon(content) == _canon(original)


def test_a_dino_trickled_candidate_becomes_a_line() -> None:
    (candidate,) = _jingle(DINO_TRANSPORT_INFO).iter(f"{{{ICE}}}candidate")
    assert candidate_line(candidate) == (
        "candidate:3 1 udp 1677721855 203.0.113.8 45392 typ srflx raddr 192.168.1.20 "
        "rport 45392 generation 0 network-id 0")


# --- Property: jingle -> sdp -> jingle is stable ---------------------------------------------

_token = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=8)
_num = st.integers(0, 2**31).map(str)


@st.composite
def _contents(draw: st.DrawFn, name: str) -> ET.Element:
    content = ET.Element(f"{{{JINGLE}}}content", {"creator": "initiator", "name": name})
    senders = draw(st.sampled_from(["both", "initiator", "responder", "none"]))
    if senders != "both":
        content.set("senders", senders)
    desc = ET.SubElement(content, f"{{{RTP}}}description",
                         {"media": draw(st.sampled_from(["audio", "video"]))})
    _payloads(draw, desc)
    _extras(draw, desc)
    _transport(draw, content)
    return content


def _payloads(draw: st.DrawFn, desc: ET.Element) -> None:
    for pt in draw(st.lists(st.integers(0, 127), min_size=1, max_size=4, unique=True)):
        attrs = {"id": str(pt), "name": draw(_token), "clockrate": draw(_num)}
        if draw(st.booleans()):
            attrs["channels"] = "2"
        payload = ET.SubElement(desc, f"{{{RTP}}}payload-type", attrs)
        for key in draw(st.lists(_token, max_size=3, unique=True)):
            param = ET.SubElement(payload, f"{{{RTP}}}parameter", {"name": key})
            if draw(st.booleans()):
                param.set("value", draw(_token))
        for kind in draw(st.lists(st.sampled_from(["nack", "ccm", "goog-remb"]), max_size=2)):
            fb = ET.SubElement(payload, f"{{{FB}}}rtcp-fb", {"type": kind})
            if draw(st.booleans()):
                fb.set("subtype", draw(_token))


def _extras(draw: st.DrawFn, desc: ET.Element) -> None:
    for ident in draw(st.lists(st.integers(1, 14), max_size=3, unique=True)):
        ext = ET.SubElement(desc, f"{{{HDREXT}}}rtp-hdrext",
                            {"id": str(ident), "uri": draw(_token)})
        if draw(st.booleans()):
            ext.set("senders", draw(st.sampled_from(["initiator", "responder", "both", "none"])))
    if draw(st.booleans()):
        ET.SubElement(desc, f"{{{HDREXT}}}extmap-allow-mixed")
    ssrcs = draw(st.lists(_num, max_size=2, unique=True))
    if len(ssrcs) == 2 and draw(st.booleans()):
        group = ET.SubElement(desc, f"{{{SSMA}}}ssrc-group", {"semantics": "FID"})
        for ssrc in ssrcs:
            ET.SubElement(group, f"{{{SSMA}}}source", {"ssrc": ssrc})
    for ssrc in ssrcs:
        source = ET.SubElement(desc, f"{{{SSMA}}}source", {"ssrc": ssrc})
        ET.SubElement(source, f"{{{SSMA}}}parameter", {"name": "cname", "value": draw(_token)})
    if draw(st.booleans()):
        ET.SubElement(desc, f"{{{RTP}}}rtcp-mux")


def _transport(draw: st.DrawFn, content: ET.Element) -> None:
    transport = ET.SubElement(content, f"{{{ICE}}}transport",
                              {"ufrag": draw(_token), "pwd": draw(_token)})
    ET.SubElement(transport, f"{{{DTLS}}}fingerprint", {
        "hash": "sha-256", "setup": draw(st.sampled_from(["actpass", "active", "passive"]))
    }).text = draw(_token).upper()
    for _ in range(draw(st.integers(0, 3))):
        attrs = {"component": "1", "foundation": draw(_token), "generation": "0", "id": "x",
                 "ip": f"10.0.0.{draw(st.integers(1, 254))}", "port": draw(_num),
                 "priority": draw(_num), "protocol": "udp",
                 "type": draw(st.sampled_from(["host", "srflx", "relay"]))}
        if attrs["type"] != "host":
            attrs.update({"rel-addr": "10.0.0.1", "rel-port": draw(_num)})
        if draw(st.booleans()):
            attrs["network"] = str(draw(st.integers(0, 9)))
        ET.SubElement(transport, f"{{{ICE}}}candidate", attrs)


@st.composite
def _sessions(draw: st.DrawFn) -> ET.Element:
    names = draw(st.lists(_token, min_size=1, max_size=3, unique=True))
    jingle = ET.Element(f"{{{JINGLE}}}jingle")
    if draw(st.booleans()):
        group = ET.SubElement(jingle, f"{{{GROUPING}}}group", {"semantics": "BUNDLE"})
        for name in names:
            ET.SubElement(group, f"{{{GROUPING}}}content", {"name": name})
    for name in names:
        jingle.append(draw(_contents(name)))
    return jingle


@settings(max_examples=150, deadline=None)
@given(_sessions(), st.sampled_from(["initiator", "responder"]))
def test_jingle_to_sdp_to_jingle_is_stable(jingle: ET.Element, role: str) -> None:
    sdp = jingle_to_sdp(jingle, role)  # type: ignore[arg-type]
    again = _wrap(sdp_to_jingle(sdp, role))  # type: ignore[arg-type]
    assert _canon(again) == _canon(jingle)
    assert jingle_to_sdp(again, role) == sdp  # type: ignore[arg-type]


def test_a_trickled_candidate_line() -> None:
    candidate = ET.fromstring(f"<candidate xmlns='{ICE}' component='1' foundation='4' "
                              "generation='0' id='c' ip='192.0.2.9' port='3478' priority='5' "
                              "protocol='udp' rel-addr='10.0.0.2' rel-port='9' type='relay'/>")
    assert candidate_line(candidate) == ("candidate:4 1 udp 5 192.0.2.9 3478 typ relay "
                                         "raddr 10.0.0.2 rport 9 generation 0")
