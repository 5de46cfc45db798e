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


# Shaped like Conversations' session-initiate (eu.siacs.conversations.xmpp.jingle: RtpContentMap
# from WebRTC's offer): contents named by the WebRTC mids "0"/"1", Opus with fmtp parameters
# and transport-cc feedback, telephone-event, header extensions, XEP-0339 sources with msid,
# rtcp-mux, DTLS actpass, no candidates (they follow in transport-info), and a BUNDLE group.
# Written from the protocol as those sources map it, not captured from a device.
CONVERSATIONS_INITIATE = """<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate'
    sid='PpWc2iT5Bm4aC7hEoe3Cfg' initiator='romeo@montague.lit/Conversations.abcd'>
  <content creator='initiator' name='0'>
    <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
      <payload-type id='111' name='opus' clockrate='48000' channels='2'>
        <parameter name='minptime' value='10'/>
        <parameter name='useinbandfec' value='1'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='transport-cc'/>
      </payload-type>
      <payload-type id='9' name='G722' clockrate='8000' channels='1'/>
      <payload-type id='0' name='PCMU' clockrate='8000' channels='1'/>
      <payload-type id='126' name='telephone-event' clockrate='8000' channels='1'>
        <parameter name='0-15'/>
      </payload-type>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='1'
          uri='urn:ietf:params:rtp-hdrext:ssrc-audio-level'/>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='3'
          uri='http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01'/>
      <extmap-allow-mixed xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0'/>
      <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='2947271548'>
        <parameter name='cname' value='Mlj3qQ8rFvZ8bkWv'/>
        <parameter name='msid' value='my-media-stream my-audio-track'/>
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
    <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='Ys2V' pwd='fLHBm4ShLU1Lq4VdRmpHt5HA'>
      <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='actpass'>6E:43:8D:45:1A:2D:07:5C:1F:9A:52:4B:D5:32:94:D7:1C:87:A1:58:04:A4:B9:41:49:8B:2A:31:E5:5C:4E:12</fingerprint>
    </transport>
  </content>
  <group xmlns='urn:xmpp:jingle:apps:grouping:0' semantics='BUNDLE'>
    <content name='0'/>
    <content name='1'/>
  </group>
</jingle>"""

# Shaped like Dino's session-accept (xmpp-vala 0166/0167/0176 modules): contents named "audio",
# Opus with useinbandfec, rtcp-mux, DTLS setup active, and the host candidates inline with
# generation, network and id. Written from the protocol as those sources build it.
DINO_ACCEPT = """<jingle xmlns='urn:xmpp:jingle:1' action='session-accept'
    sid='e0b6b9c5-7b1c-4fd2-a70c-7d7d8aa8e1a0' initiator='romeo@montague.lit/heron'
    responder='juliet@capulet.lit/dino.f00d'>
  <content creator='initiator' name='audio'>
    <description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>
      <payload-type id='96' name='opus' clockrate='48000' channels='2'>
        <parameter name='useinbandfec' value='1'/>
        <rtcp-fb xmlns='urn:xmpp:jingle:apps:rtp:rtcp-fb:0' type='transport-cc'/>
      </payload-type>
      <rtp-hdrext xmlns='urn:xmpp:jingle:apps:rtp:rtp-hdrext:0' id='1'
          uri='urn:ietf:params:rtp-hdrext:ssrc-audio-level'/>
      <source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='1780113012'>
        <parameter name='cname' value='dino'/>
      </source>
      <rtcp-mux/>
    </description>
    <transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='QxB1' pwd='nWCcDrMwmXEzkXmBdNE8fM'>
      <fingerprint xmlns='urn:xmpp:jingle:apps:dtls:0' hash='sha-256' setup='active'>0C:AF:0D:5B:6E:93:4B:7F:0A:BB:6D:8E:25:F0:4B:CE:3E:4A:93:BB:6E:60:2C:10:D0:6F:86:44:0A:3C:A9:71</fingerprint>
      <candidate component='1' foundation='1' generation='0' id='ab12cd34ef' ip='192.168.1.20'
          network='0' port='45392' priority='2013266431' protocol='udp' type='host'/>
      <candidate component='1' foundation='2' generation='0' id='bc23de45f0' ip='203.0.113.8'
          network='0' port='45392' priority='1677721855' protocol='udp' rel-addr='192.168.1.20'
          rel-port='45392' type='srflx'/>
    </transport>
  </content>
</jingle>"""
