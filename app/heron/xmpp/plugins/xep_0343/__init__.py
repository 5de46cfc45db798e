# XEP-0343: Signaling WebRTC data channels in Jingle (the transport of a direct file)
"""The ``<transport/>`` of a file sent over a WebRTC data channel, as Conversations writes it:
an outer ``urn:xmpp:jingle:transports:webrtc-datachannel:1`` element with ``sctp-port`` and
``max-message-size``, holding an ICE-UDP transport (XEP-0176: ufrag, pwd, candidates) with the
DTLS fingerprint (XEP-0320). Built from and turned back into the one ``m=application`` section
of aiortc's SDP; the ICE and fingerprint mapping is the calls' (calls/sdp_jingle.py)."""

from __future__ import annotations

from slixmpp.xmlstream import ET

from heron.calls.sdp_jingle import (
    ICE,
    SdpError,
    _parse,
    _transport,
    _transport_lines,
    candidate_line,
)

NS = "urn:xmpp:jingle:transports:webrtc-datachannel:1"
SCTP_PORT = 5000
MAX_MESSAGE_SIZE = 65536
MID = "0"  # the one section's id in the SDP Heron builds for aiortc (never sent)


def transport_of(sdp: str) -> ET.Element:
    """Our ``<transport/>`` from aiortc's local description."""
    session, media = _parse(sdp)
    section = next((m for m in media if m.kind == "application"), None)
    if section is None:
        raise SdpError("the description has no data channel")
    outer = ET.Element(f"{{{NS}}}transport", {
        "sctp-port": section.first("sctp-port", str(SCTP_PORT)),
        "max-message-size": section.first("max-message-size", str(MAX_MESSAGE_SIZE))})
    _transport(outer, section, session)
    return outer


def parse(content: ET.Element) -> ET.Element | None:
    """The data channel ``<transport/>`` of a Jingle ``<content/>`` (None: another transport)."""
    outer = content.find(f"{{{NS}}}transport")
    if outer is None or outer.find(f"{{{ICE}}}transport") is None:
        return None
    return outer


def _number(value: str | None, default: int, high: int) -> int:
    try:
        number = int(value or default)
    except ValueError:
        return default
    return number if 0 < number <= high else default


def sdp_of(outer: ET.Element) -> str:
    """The SDP that aiortc reads for the other side's ``<transport/>``."""
    inner = outer.find(f"{{{ICE}}}transport")
    if inner is None:
        raise SdpError("the transport has no ICE part")
    port = _number(outer.get("sctp-port"), SCTP_PORT, 65535)
    size = _number(outer.get("max-message-size"), MAX_MESSAGE_SIZE, 1 << 30)
    lines = ["v=0", "o=- 0 2 IN IP4 0.0.0.0", "s=-", "t=0 0", f"a=group:BUNDLE {MID}",
             "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0",
             f"a=mid:{MID}", *_transport_lines(inner), f"a=sctp-port:{port}",
             f"a=max-message-size:{size}"]
    lines += [f"a={candidate_line(c)}" for c in inner.findall(f"{{{ICE}}}candidate")]
    lines.append("a=end-of-candidates")  # all of them travel in the session-initiate/accept
    return "\r\n".join(lines) + "\r\n"
