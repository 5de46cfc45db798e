# ruff: noqa: E501  (stanzas as they are sent: fingerprints are long)
"""Jingle stanzas to test against, taken verbatim from the XEP texts (xsf/xeps) where the
name says so, and reconstructed from what Conversations and Dino send (read from their sources)."""

from __future__ import annotations

from typing import Any

from slixmpp.stanza import Iq
from slixmpp.xmlstream import ET

# XEP-0320 Example 1: Initiator sends session invitation with DTLS fingerprint
XEP_0320_INITIATE = """<iq from='romeo@montague.lit/orchard'
    id='uz61v4m4'
    to='juliet@capulet.lit/balcony'
    type='set'>
  <jingle xmlns='urn:xmpp:jingle:1'
          action='session-initiate'
          initiator='romeo@montague.lit/orchard'
          sid='a73sjjvkla37jfea'>
    <content creator='initiator' name='voice'>
      <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
        <payload-type id='96' name='speex' clockrate='16000'/>
        <payload-type id='97' name='speex' clockrate='8000'/>
        <payload-type id='18' name='G729'/>
        <payload-type id='103' name='L16' clockrate='16000' channels='2'/>
        <payload-type id='98' name='x-ISAC' clockrate='8000'/>
      </description>
      <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'
                 pwd='asd88fgpdd777uzjYhagZg'
                 ufrag='8hhy'>
        <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>
          02:1A:CC:54:27:AB:EB:9C:53:3F:3E:4B:65:2E:7D:46:3F:54:42:CD:54:F1:7A:03:A2:7D:F9:B0:7F:46:19:B2
        </fingerprint>
        <candidate component='1'
                   foundation='1'
                   generation='0'
                   id='el0747fg11'
                   ip='10.0.1.1'
                   network='1'
                   port='8998'
                   priority='2130706431'
                   protocol='udp'
                   type='host'/>
        <candidate component='1'
                   foundation='2'
                   generation='0'
                   id='y3s2b30v3r'
                   ip='192.0.2.3'
                   network='1'
                   port='45664'
                   priority='1694498815'
                   protocol='udp'
                   rel-addr='10.0.1.1'
                   rel-port='8998'
                   type='srflx'/>
      </transport>
    </content>
  </jingle>
</iq>"""


# XEP-0320 Example 2: Responder sends session-accept
XEP_0320_ACCEPT = """<iq from='juliet@capulet.lit/balcony'
    id='pn2va48j'
    to='romeo@montague.lit/orchard'
    type='set'>
  <jingle xmlns='urn:xmpp:jingle:1'
          action='session-accept'
          initiator='romeo@montague.lit/orchard'
          responder='juliet@capulet.lit/balcony'
          sid='a73sjjvkla37jfea'>
    <content creator='initiator' name='voice'>
      <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
        <payload-type id='97' name='speex' clockrate='8000'/>
        <payload-type id='18' name='G729'/>
      </description>
      <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'
                 pwd='YH75Fviy6338Vbrhrlp8Yh'
                 ufrag='9uB6'>
        <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='active'>
          BD:E8:2C:D3:BD:B6:98:50:45:7D:5B:36:89:53:31:15:52:25:88:82:06:95:88:A3:3D:A5:43:8D:5C:21:21:66
        </fingerprint>
        <candidate component='1'
                   foundation='1'
                   generation='0'
                   id='or2ii2syr1'
                   ip='192.0.2.1'
                   network='0'
                   port='3478'
                   priority='2130706431'
                   protocol='udp'
                   type='host'/>
      </transport>
    </content>
  </jingle>
</iq>"""


# XEP-0167 Example 1: Initiation (Speex, G729, PCMU, L16, x-ISAC over ICE-UDP)
XEP_0167_INITIATE = """<iq from='romeo@montague.lit/orchard'
    id='ih28sx61'
    to='juliet@capulet.lit/balcony'
    type='set'>
  <jingle xmlns='urn:xmpp:jingle:1'
          action='session-initiate'
          initiator='romeo@montague.lit/orchard'
          sid='a73sjjvkla37jfea'>
    <content creator='initiator' name='voice'>
      <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
        <payload-type id='96' name='speex' clockrate='16000'/>
        <payload-type id='97' name='speex' clockrate='8000'/>
        <payload-type id='18' name='G729'/>
        <payload-type id='0' name='PCMU'/>
        <payload-type id='103' name='L16' clockrate='16000' channels='2'/>
        <payload-type id='98' name='x-ISAC' clockrate='8000'/>
      </description>
      <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'
                 pwd='asd88fgpdd777uzjYhagZg'
                 ufrag='8hhy'>
        <candidate component='1'
                   foundation='1'
                   generation='0'
                   id='el0747fg11'
                   ip='10.0.1.1'
                   network='1'
                   port='8998'
                   priority='2130706431'
                   protocol='udp'
                   type='host'/>
        <candidate component='1'
                   foundation='2'
                   generation='0'
                   id='y3s2b30v3r'
                   ip='192.0.2.3'
                   network='1'
                   port='45664'
                   priority='1694498815'
                   protocol='udp'
                   rel-addr='10.0.1.1'
                   rel-port='8998'
                   type='srflx'/>
      </transport>
    </content>
  </jingle>
</iq>"""


# XEP-0167 Example 3: Responder definitively accepts the session
XEP_0167_ACCEPT = """<iq from='juliet@capulet.lit/balcony'
    id='i91fs6d5'
    to='romeo@montague.lit/orchard'
    type='set'>
  <jingle xmlns='urn:xmpp:jingle:1'
          action='session-accept'
          initiator='romeo@montague.lit/orchard'
          responder='juliet@capulet.lit/balcony'
          sid='a73sjjvkla37jfea'>
    <content creator='initiator' name='voice'>
      <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
        <payload-type id='97' name='speex' clockrate='8000'/>
        <payload-type id='18' name='G729'/>
      </description>
      <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'
                 pwd='YH75Fviy6338Vbrhrlp8Yh'
                 ufrag='9uB6'>
        <candidate component='1'
                   foundation='1'
                   generation='0'
                   id='or2ii2syr1'
                   ip='192.0.2.1'
                   network='0'
                   port='3478'
                   priority='2130706431'
                   protocol='udp'
                   type='host'/>
      </transport>
    </content>
  </jingle>
</iq>"""


# XEP-0176 Example 1: Initiation
XEP_0176_INITIATE = """<iq from='romeo@montague.lit/orchard'
    id='ixt174g9'
    to='juliet@capulet.lit/balcony'
    type='set'>
  <jingle xmlns='urn:xmpp:jingle:1'
          action='session-initiate'
          initiator='romeo@montague.lit/orchard'
          sid='a73sjjvkla37jfea'>
    <content creator='initiator' name='this-is-the-audio-content'>
      <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
        <payload-type id='96' name='speex' clockrate='16000'/>
        <payload-type id='97' name='speex' clockrate='8000'/>
        <payload-type id='18' name='G729'/>
        <payload-type id='0' name='PCMU' />
        <payload-type id='103' name='L16' clockrate='16000' channels='2'/>
        <payload-type id='98' name='x-ISAC' clockrate='8000'/>
      </description>
      <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'
                 pwd='asd88fgpdd777uzjYhagZg'
                 ufrag='8hhy'>
        <candidate component='1'
                   foundation='1'
                   generation='0'
                   id='el0747fg11'
                   ip='10.0.1.1'
                   network='1'
                   port='8998'
                   priority='2130706431'
                   protocol='udp'
                   type='host'/>
        <candidate component='1'
                   foundation='2'
                   generation='0'
                   id='y3s2b30v3r'
                   ip='192.0.2.3'
                   network='1'
                   port='45664'
                   priority='1694498815'
                   protocol='udp'
                   rel-addr='10.0.1.1'
                   rel-port='8998'
                   type='srflx'/>
      </transport>
    </content>
  </jingle>
</iq>"""


# XEP-0293 Example 1: Initiator sends description inside session-initiate
XEP_0293_DESCRIPTION = """<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>
  <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack' subtype='pli'/>
  <payload-type id='96' name='H264' clockrate='90000'>
    <rtcp-fb-trr-int xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' value='100'/>
    <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack' subtype='sli'/>
  </payload-type>
  <payload-type id='34' name='H263' clockrate='90000'/>
</description>"""

# XEP-0339 §3 "Example": the <content/> for two FID ssrc-groups (its namespace as printed)
XEP_0339_CONTENT = """<iq xmlns='jabber:client' type='set' id='x339'>
<jingle xmlns='urn:xmpp:jingle:1'
 action='session-initiate' sid='s339' initiator='romeo@montague.lit/orchard'>
<content xmlns='urn:xmpp:jingle:1' creator='initiator' name='webcam'>
  <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>
    <payload-type id='100' name='VP8' clockrate='90000'/>
    <ssrc-group xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' semantics='FID'>
      <source ssrc='2301230316'/>
      <source ssrc='386328120'/>
    </ssrc-group>
    <ssrc-group xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' semantics='FID'>
      <source ssrc='3139499595'/>
      <source ssrc='2613715171'/>
    </ssrc-group>
    <source ssrc='2301230316' xmlns='urn:xmpp:jingle:apps:rtp:ssma:0'>
      <parameter name='cname' value='T5qvrIZj42v//eYQ'/>
    </source>
    <source ssrc='386328120' xmlns='urn:xmpp:jingle:apps:rtp:ssma:0'>
      <parameter name='cname' value='uEYgNtStZyTF74sM'/>
    </source>
    <source ssrc='3139499595' xmlns='urn:xmpp:jingle:apps:rtp:ssma:0'>
      <parameter name='cname' value='re8jhxkly9bxzuxr'/>
    </source>
    <source ssrc='2613715171' xmlns='urn:xmpp:jingle:apps:rtp:ssma:0'>
      <parameter name='cname' value='f83avsiw6n1m7vi'/>
    </source>
  </description>
</content>
</jingle></iq>"""

# XEP-0294 §4 Example 5: the same description in XMPP format (extmap with senders, allow-mixed)
XEP_0294_DESCRIPTION = """<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>
  <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'
              id='1'
              uri='URI-toffset'/>
  <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'
              id='2'
              uri='URI-gps-string'
              senders='initiator'/>
  <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'
              id='3'
              uri='URI-frametype'/>
  <extmap-allow-mixed xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'/>
</description>"""

# XEP-0338 §2 example: BUNDLE of voice and webcam
XEP_0338_GROUP = """<group xmlns='urn:xmpp:jingle:apps:grouping:0' semantics='BUNDLE'>
  <content name='voice'/>
  <content name='webcam'/>
</group>"""


def example_iq(client: Any, xml: str) -> Any:
    """An IQ stanza of ``client`` from an example's text (given the jabber:client namespace)."""
    if "xmlns='jabber:client'" not in xml:
        xml = xml.replace("<iq ", "<iq xmlns='jabber:client' ", 1)
    return Iq(client, ET.fromstring(xml))



# --- Conversations ---------------------------------------------------------------------------
# Built the way Conversations' sources build it (github.com/iNPUTmice/Conversations, master of
# 2023-08, src/main/java/eu/siacs/conversations/xmpp/jingle/), not captured from a device. Which
# element comes from where:
# - <jingle/>: JinglePacket(Action, sid) sets only action and sid; JingleRtpConnection never calls
#   setInitiator/setResponder, so no initiator (session-initiate) and no responder (accept).
# - RtpContentMap.toJinglePacket: the <group/> first (addGroup), then one <content/> per m-line
#   in SDP order, creator always "initiator" (also for content-add, transport-info); Content()
#   writes senders only when it is not "both"; <description/> then <transport/>.
# - RtpDescription.of(SessionDescription, Media): the "*" feedback first, then one
#   <payload-type/> per a=rtpmap (PayloadType: id, name, clockrate, channels only when not 1),
#   each with its a=fmtp pairs (Parameter.ofSdpString keeps key=value items only, so "111/111"
#   of red is dropped) and its rtcp-fb (subtype only when SDP has one); then rtp-hdrext (id and
#   uri, no senders), extmap-allow-mixed (session or media level), ssrc-group, one <source/>
#   per ssrc with a <parameter/> per a=ssrc attribute (cname, msid), and <rtcp-mux/> last.
# - IceUdpTransportInfo.of: ufrag, pwd and one <fingerprint/> (hash as WebRTC writes it, setup);
#   the offer WebRTC gives back from setLocalDescription has no candidates yet: they follow one by
#   one (onIceCandidate -> sendTransportInfo) once the initiate is sent.
# The SDP inside (codecs, ids, header extensions, msid "- <track id>" since addTrack passes no
# stream; TrackWrapper.id names tracks "audio-track-<uuid>") is libwebrtc's (webrtc-android
# 104.0.0 in build.gradle), written from libwebrtc's defaults, a subset of its codecs.
CONVERSATIONS_INITIATE = """<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate'
    sid='PpWc2iT5Bm4aC7hEoe3Cfg'>
  <group xmlns='urn:xmpp:jingle:apps:grouping:0' semantics='BUNDLE'>
    <content name='0'/>
    <content name='1'/>
  </group>
  <content creator='initiator' name='0'>
    <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
      <payload-type id='111' name='opus' clockrate='48000' channels='2'>
        <parameter name='minptime' value='10'/>
        <parameter name='useinbandfec' value='1'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='transport-cc'/>
      </payload-type>
      <payload-type id='63' name='red' clockrate='48000' channels='2'/>
      <payload-type id='9' name='G722' clockrate='8000'/>
      <payload-type id='0' name='PCMU' clockrate='8000'/>
      <payload-type id='8' name='PCMA' clockrate='8000'/>
      <payload-type id='13' name='CN' clockrate='8000'/>
      <payload-type id='110' name='telephone-event' clockrate='48000'/>
      <payload-type id='126' name='telephone-event' clockrate='8000'/>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='1'
          uri='urn:ietf:params:rtp-hdrext:ssrc-audio-level'/>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='2'
          uri='http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time'/>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='3'
          uri='http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01'/>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='4'
          uri='urn:ietf:params:rtp-hdrext:sdes:mid'/>
      <extmap-allow-mixed xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'/>
      <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='2947271548'>
        <parameter name='cname' value='Mlj3qQ8rFvZ8bkWv'/>
        <parameter name='msid' value='- audio-track-5e4a2ad3-6a53-4d3c-9b8e-0d1f6c2f7a11'/>
      </source>
      <rtcp-mux/>
    </description>
    <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='Ys2V' pwd='fLHBm4ShLU1Lq4VdRmpHt5HA'>
      <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>6E:43:8D:45:1A:2D:07:5C:1F:9A:52:4B:D5:32:94:D7:1C:87:A1:58:04:A4:B9:41:49:8B:2A:31:E5:5C:4E:12</fingerprint>
    </transport>
  </content>
  <content creator='initiator' name='1'>
    <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>
      <payload-type id='96' name='VP8' clockrate='90000'>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='goog-remb'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='transport-cc'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='ccm' subtype='fir'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack' subtype='pli'/>
      </payload-type>
      <payload-type id='97' name='rtx' clockrate='90000'>
        <parameter name='apt' value='96'/>
      </payload-type>
      <payload-type id='98' name='VP9' clockrate='90000'>
        <parameter name='profile-id' value='0'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='goog-remb'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='transport-cc'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='ccm' subtype='fir'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack' subtype='pli'/>
      </payload-type>
      <payload-type id='99' name='rtx' clockrate='90000'>
        <parameter name='apt' value='98'/>
      </payload-type>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='14'
          uri='urn:ietf:params:rtp-hdrext:toffset'/>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='2'
          uri='http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time'/>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='13'
          uri='urn:3gpp:video-orientation'/>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='4'
          uri='urn:ietf:params:rtp-hdrext:sdes:mid'/>
      <extmap-allow-mixed xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'/>
      <ssrc-group xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' semantics='FID'>
        <source ssrc='3003395227'/>
        <source ssrc='1505360406'/>
      </ssrc-group>
      <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='3003395227'>
        <parameter name='cname' value='Mlj3qQ8rFvZ8bkWv'/>
        <parameter name='msid' value='- video-track-0b6f3a52-25d4-4f8e-8f3c-7d2e4a9c1b20'/>
      </source>
      <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='1505360406'>
        <parameter name='cname' value='Mlj3qQ8rFvZ8bkWv'/>
        <parameter name='msid' value='- video-track-0b6f3a52-25d4-4f8e-8f3c-7d2e4a9c1b20'/>
      </source>
      <rtcp-mux/>
    </description>
    <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='Ys2V' pwd='fLHBm4ShLU1Lq4VdRmpHt5HA'>
      <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>6E:43:8D:45:1A:2D:07:5C:1F:9A:52:4B:D5:32:94:D7:1C:87:A1:58:04:A4:B9:41:49:8B:2A:31:E5:5C:4E:12</fingerprint>
    </transport>
  </content>
</jingle>"""

# One trickled candidate (JingleRtpConnection.onIceCandidate -> sendTransportInfo ->
# RtpContentMap.transportInfo(name, candidate)): the transport keeps only ufrag and pwd
# (IceUdpTransportInfo.cloneWrapper), no description; Candidate.fromSdpAttribute writes component,
# foundation, generation, rel-addr, rel-port, a random UUID as id, ip, port, priority, protocol,
# type and no network (WebRTC's network-id is not carried).
CONVERSATIONS_TRANSPORT_INFO = """<jingle xmlns='urn:xmpp:jingle:1' action='transport-info'
    sid='PpWc2iT5Bm4aC7hEoe3Cfg'>
  <content creator='initiator' name='0'>
    <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='Ys2V' pwd='fLHBm4ShLU1Lq4VdRmpHt5HA'>
      <candidate component='1' foundation='842163049' generation='0'
          rel-addr='10.0.0.3' rel-port='52718' id='1c6f1b5e-0c0a-4d4f-9b7e-2f4b7a6c9d01'
          ip='192.0.2.7' port='52718' priority='1677729535' protocol='udp' type='srflx'/>
    </transport>
  </content>
</jingle>"""

# Adding video to an audio call (JingleRtpConnection.renegotiate -> sendContentAdd ->
# RtpContentMap.toContentModification): the whole <group/> again, the new content with its
# description and an EMPTY <transport/> (IceUdpTransportInfo.STUB: no ufrag, pwd or
# fingerprint; the receiver keeps the session's, RtpContentMap.addContent). Its content-accept
# is built the same way (acceptContentAdd -> toContentModification), also with the stub.
CONVERSATIONS_CONTENT_ADD = """<jingle xmlns='urn:xmpp:jingle:1' action='content-add'
    sid='PpWc2iT5Bm4aC7hEoe3Cfg'>
  <group xmlns='urn:xmpp:jingle:apps:grouping:0' semantics='BUNDLE'>
    <content name='0'/>
    <content name='1'/>
  </group>
  <content creator='initiator' name='1'>
    <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>
      <payload-type id='96' name='VP8' clockrate='90000'>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack' subtype='pli'/>
      </payload-type>
      <payload-type id='97' name='rtx' clockrate='90000'>
        <parameter name='apt' value='96'/>
      </payload-type>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='4'
          uri='urn:ietf:params:rtp-hdrext:sdes:mid'/>
      <ssrc-group xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' semantics='FID'>
        <source ssrc='3003395227'/>
        <source ssrc='1505360406'/>
      </ssrc-group>
      <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='3003395227'>
        <parameter name='cname' value='Mlj3qQ8rFvZ8bkWv'/>
      </source>
      <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='1505360406'>
        <parameter name='cname' value='Mlj3qQ8rFvZ8bkWv'/>
      </source>
      <rtcp-mux/>
    </description>
    <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1'/>
  </content>
</jingle>"""

# --- Dino ------------------------------------------------------------------------------------
# Built the way Dino's sources build it (github.com/dino/dino, master of 2026-06), not captured.
# - xmpp-vala/src/module/xep/0166_jingle/jingle_module.vala create_session: action, initiator,
#   sid; per content creator="initiator", name, senders (always written, "both" too), then the
#   description and the transport; no <group/> anywhere (Dino does not bundle) and contents named
#   "audio"/"video" (0167_jingle_rtp/jingle_rtp_module.vala start_call).
# - 0167_jingle_rtp/content_parameters.vala get_description_node: payload-types, rtp-hdrext,
#   <encryption><crypto/></encryption> (SRTP-SDES keys, Module.generate_local_crypto) and
#   <rtcp-mux/> (always: the constructor sets rtcp_mux = true). No <source/>, no rtcp-fb for all.
# - payload_type.vala PayloadType.to_xml: id, channels (only when not 1), clockrate, name,
#   then one <parameter/> per parameter and the rtcp-fb (subtype only when set); plugins/rtp
#   module.vala get_supported_payloads: opus 111/48000/2 with useinbandfec=1, speex 112-114,
#   G722 9, PCMU 0, PCMA 8; VP8 98 (H264 96, VP9 97 when built with them) with goog-remb,
#   ccm fir, nack, nack pli; video header extension 1 = urn:3gpp:video-orientation.
# - 0176_jingle_ice_udp/transport_parameters.vala to_transport_stanza_node: ufrag, pwd, one
#   <fingerprint hash="sha-256"/> (uppercase hex) with setup actpass (initiator) / active
#   (responder, plugins/ice/src/transport_parameters.vala), and the candidates gathered so far.
#   candidate.vala Candidate.to_xml: component, foundation, generation 0, id (8 hex digits),
#   ip, network 0, port, priority, protocol udp, type, rel-addr/rel-port for srflx/relay; RTP
#   contents have two components (content_type.vala required_components = 2: RTP and RTCP).
DINO_INITIATE = """<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate'
    initiator='juliet@capulet.lit/dino.f00d' sid='5e1c2a8e-7b1c-4fd2-a70c-7d7d8aa8e1a0'>
  <content creator='initiator' name='audio' senders='both'>
    <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
      <payload-type id='111' channels='2' clockrate='48000' name='opus'>
        <parameter name='useinbandfec' value='1'/>
      </payload-type>
      <payload-type id='112' clockrate='32000' name='speex'/>
      <payload-type id='113' clockrate='16000' name='speex'/>
      <payload-type id='114' clockrate='8000' name='speex'/>
      <payload-type id='9' clockrate='8000' name='G722'/>
      <payload-type id='0' clockrate='8000' name='PCMU'/>
      <payload-type id='8' clockrate='8000' name='PCMA'/>
      <encryption>
        <crypto crypto-suite='AES_CM_128_HMAC_SHA1_80' key-params='inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz' tag='1'/>
      </encryption>
      <rtcp-mux/>
    </description>
    <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='QxB1' pwd='nWCcDrMwmXEzkXmBdNE8fM'>
      <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>0C:AF:0D:5B:6E:93:4B:7F:0A:BB:6D:8E:25:F0:4B:CE:3E:4A:93:BB:6E:60:2C:10:D0:6F:86:44:0A:3C:A9:71</fingerprint>
      <candidate component='1' foundation='1' generation='0' id='3f9a0c12' ip='192.168.1.20'
          network='0' port='45392' priority='2013266431' protocol='udp' type='host'/>
      <candidate component='2' foundation='1' generation='0' id='77b1e0d4' ip='192.168.1.20'
          network='0' port='51874' priority='2013266430' protocol='udp' type='host'/>
    </transport>
  </content>
  <content creator='initiator' name='video' senders='both'>
    <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='video'>
      <payload-type id='98' clockrate='90000' name='VP8'>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='goog-remb'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='ccm' subtype='fir'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='nack' subtype='pli'/>
      </payload-type>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='1' uri='urn:3gpp:video-orientation'/>
      <encryption>
        <crypto crypto-suite='AES_CM_128_HMAC_SHA1_80' key-params='inline:bGlmZSBpcyB3aGF0IGhhcHBlbnMgd2hpbGUgeW91' tag='1'/>
      </encryption>
      <rtcp-mux/>
    </description>
    <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='Hk7d' pwd='Y2sV9mAqTPu4o1WcZr0LbB'>
      <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>0C:AF:0D:5B:6E:93:4B:7F:0A:BB:6D:8E:25:F0:4B:CE:3E:4A:93:BB:6E:60:2C:10:D0:6F:86:44:0A:3C:A9:71</fingerprint>
      <candidate component='1' foundation='1' generation='0' id='a2c4e6f8' ip='192.168.1.20'
          network='0' port='38014' priority='2013266431' protocol='udp' type='host'/>
    </transport>
  </content>
</jingle>"""

# Dino answering Heron's offer (0166_jingle/session.vala Session.accept): no initiator, no
# responder; one payload type per content, the one it picked from OUR offer (content_parameters
# .vala handle_proposed_content -> Module.pick_payload_type, cloned with our id and our
# parameters, feedback trimmed by adjust_payload_type); header extensions only those it supports
# (none for audio); no <encryption/> since we offered no SDES key; setup active.
DINO_ACCEPT = """<jingle xmlns='urn:xmpp:jingle:1' action='session-accept'
    sid='e0b6b9c5-7b1c-4fd2-a70c-7d7d8aa8e1a0'>
  <content creator='initiator' name='0' senders='both'>
    <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
      <payload-type id='96' channels='2' clockrate='48000' name='opus'/>
      <rtcp-mux/>
    </description>
    <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='QxB1' pwd='nWCcDrMwmXEzkXmBdNE8fM'>
      <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='active'>0C:AF:0D:5B:6E:93:4B:7F:0A:BB:6D:8E:25:F0:4B:CE:3E:4A:93:BB:6E:60:2C:10:D0:6F:86:44:0A:3C:A9:71</fingerprint>
      <candidate component='1' foundation='1' generation='0' id='ab12cd34' ip='192.168.1.20'
          network='0' port='45392' priority='2013266431' protocol='udp' type='host'/>
      <candidate component='1' foundation='2' generation='0' id='bc23de45' ip='203.0.113.8'
          network='0' port='45392' priority='1677721855' protocol='udp' rel-addr='192.168.1.20'
          rel-port='45392' type='srflx'/>
    </transport>
  </content>
</jingle>"""

# A candidate Dino trickles (Session.send_transport_info: initiator on every action built by
# build_outer_session_node; the transport has ufrag, pwd and ONE candidate, no fingerprint).
DINO_TRANSPORT_INFO = """<jingle xmlns='urn:xmpp:jingle:1' action='transport-info'
    initiator='juliet@capulet.lit/dino.f00d' sid='5e1c2a8e-7b1c-4fd2-a70c-7d7d8aa8e1a0'>
  <content creator='initiator' name='audio'>
    <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='QxB1' pwd='nWCcDrMwmXEzkXmBdNE8fM'>
      <candidate component='1' foundation='3' generation='0' id='5d6e7f80' ip='203.0.113.8'
          network='0' port='45392' priority='1677721855' protocol='udp' rel-addr='192.168.1.20'
          rel-port='45392' type='srflx'/>
    </transport>
  </content>
</jingle>"""

# Dino ending a call because of an application error (Session.set_application_error): its
# reason names for failed-application and failed-transport are spelled with an underscore
# (0166_jingle/reason_element.vala), and no initiator is written (Session.terminate).
DINO_TERMINATE_FAILED = """<jingle xmlns='urn:xmpp:jingle:1' action='session-terminate'
    sid='5e1c2a8e-7b1c-4fd2-a70c-7d7d8aa8e1a0'>
  <reason><failed_application/></reason>
</jingle>"""
