"""XEP-0343 transport of a direct file, as Conversations writes it: aiortc's SDP becomes the
Jingle <transport/> and back, with the candidates, the fingerprint and its setup role."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from heron.calls.sdp_jingle import DTLS, ICE
from heron.xmpp.plugins import xep_0343

SDP = "\r\n".join([
    "v=0", "o=- 4005450180 4005450180 IN IP4 0.0.0.0", "s=-", "t=0 0", "a=group:BUNDLE 0",
    "a=msid-semantic:WMS *", "m=application 52995 UDP/DTLS/SCTP webrtc-datachannel",
    "c=IN IP4 127.0.0.1", "a=mid:0", "a=sctp-port:5000", "a=max-message-size:262144",
    "a=candidate:16572de6 1 udp 2130706431 127.0.0.1 52995 typ host", "a=end-of-candidates",
    "a=ice-ufrag:ZIWn", "a=ice-pwd:BcN7MwuluYFy1rkqr0qhyr",
    "a=fingerprint:sha-256 85:B7:C8:0F:28:39:DB:C5:04:10:0A:4E:7D:71:2D:5D:1B:22:3F:EC:0B:3D:"
    "01:E4:8A:91:07:1A:2B:2C:2F:F4", "a=setup:actpass"]) + "\r\n"

# The shape Conversations sends (WebRTCDataChannelTransportInfo: sctp-port and
# max-message-size on the outer element, an ICE-UDP transport inside).
CONVERSATIONS = f"""<content xmlns='urn:xmpp:jingle:1' creator='initiator' name='0'>
  <transport xmlns='{xep_0343.NS}' sctp-port='5000' max-message-size='262144'>
    <transport xmlns='{ICE}' ufrag='8hhy' pwd='asd88fgpdd777uzjYhagZg'>
      <fingerprint xmlns='{DTLS}' hash='sha-256' setup='actpass'>02:1A:CC:54</fingerprint>
      <candidate component='1' foundation='1' generation='0' id='el0747fg11' ip='10.0.1.1'
                 network='1' port='8998' priority='2130706431' protocol='udp' type='host'/>
    </transport>
  </transport>
</content>"""


def test_aiortcs_description_becomes_the_transport_conversations_reads() -> None:
    outer = xep_0343.transport_of(SDP)
    assert outer.tag == f"{{{xep_0343.NS}}}transport"
    assert (outer.get("sctp-port"), outer.get("max-message-size")) == ("5000", "262144")
    inner = outer.find(f"{{{ICE}}}transport")
    assert inner is not None and (inner.get("ufrag"), inner.get("pwd")) == (
        "ZIWn", "BcN7MwuluYFy1rkqr0qhyr")
    fingerprint = inner.find(f"{{{DTLS}}}fingerprint")
    assert fingerprint is not None and fingerprint.get("setup") == "actpass"
    candidates = inner.findall(f"{{{ICE}}}candidate")
    assert [(c.get("ip"), c.get("port"), c.get("type")) for c in candidates] == [
        ("127.0.0.1", "52995", "host")]


def test_the_transport_becomes_an_sdp_aiortc_takes_and_keeps_what_matters() -> None:
    sdp = xep_0343.sdp_of(xep_0343.transport_of(SDP))
    lines = sdp.split("\r\n")
    assert "m=application 9 UDP/DTLS/SCTP webrtc-datachannel" in lines
    for line in ("a=sctp-port:5000", "a=max-message-size:262144", "a=ice-ufrag:ZIWn",
                 "a=setup:actpass", "a=end-of-candidates"):
        assert line in lines
    assert any(line.startswith("a=candidate:16572de6 1 udp 2130706431 127.0.0.1 52995 typ host")
               for line in lines)


def test_conversations_transport_is_found_and_read() -> None:
    content = ET.fromstring(CONVERSATIONS)
    outer = xep_0343.parse(content)
    assert outer is not None
    sdp = xep_0343.sdp_of(outer)
    assert "a=ice-pwd:asd88fgpdd777uzjYhagZg" in sdp and "10.0.1.1 8998 typ host" in sdp


def test_a_bare_or_foreign_transport_is_not_a_data_channel() -> None:
    bare = ET.fromstring(
        f"<content xmlns='urn:xmpp:jingle:1'><transport xmlns='{xep_0343.NS}'/></content>")
    assert xep_0343.parse(bare) is None
    outer = xep_0343.transport_of(SDP)
    outer.set("sctp-port", "99999999")  # nonsense falls back to the usual port
    assert "a=sctp-port:5000" in xep_0343.sdp_of(outer)
