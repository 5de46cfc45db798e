# XEP-0167: Jingle RTP Sessions; XEP-0293 (RTCP feedback), XEP-0294 (header extensions),
# XEP-0339 (source-specific media attributes): the elements of an RTP <description/>.
from __future__ import annotations

from typing import ClassVar

from slixmpp.xmlstream import ElementBase

NS = "urn:xmpp:jingle:apps:rtp:1"
NS_INFO = "urn:xmpp:jingle:apps:rtp:info:1"
NS_FB = "urn:xmpp:jingle:apps:rtp:rtcp-fb:0"
NS_HDREXT = "urn:xmpp:jingle:apps:rtp:rtp-hdrext:0"
NS_SSMA = "urn:xmpp:jingle:apps:rtp:ssma:0"
# §7: the informational messages of a session-info.
INFO_ELEMENTS = frozenset({"active", "hold", "unhold", "mute", "unmute", "ringing"})


class Description(ElementBase):
    name = "description"
    namespace = NS
    plugin_attrib = "rtp"
    interfaces = {"media", "ssrc"}


class Parameter(ElementBase):
    name = "parameter"
    namespace = NS
    plugin_attrib = "parameter"
    plugin_multi_attrib = "parameters"
    interfaces = {"name", "value"}


class PayloadType(ElementBase):
    name = "payload-type"
    namespace = NS
    plugin_attrib = "payload_type"
    plugin_multi_attrib = "payload_types"
    interfaces = {"id", "name", "clockrate", "channels", "ptime", "maxptime"}


class RtcpMux(ElementBase):
    name = "rtcp-mux"
    namespace = NS
    plugin_attrib = "rtcp_mux"
    interfaces: ClassVar[set[str]] = set()


class RtcpFb(ElementBase):  # XEP-0293 §3
    name = "rtcp-fb"
    namespace = NS_FB
    plugin_attrib = "rtcp_fb"
    plugin_multi_attrib = "rtcp_fbs"
    interfaces = {"type", "subtype"}


class RtcpFbTrrInt(ElementBase):  # XEP-0293 §3
    name = "rtcp-fb-trr-int"
    namespace = NS_FB
    plugin_attrib = "rtcp_fb_trr_int"
    interfaces = {"value"}


class HdrExt(ElementBase):  # XEP-0294 §3
    name = "rtp-hdrext"
    namespace = NS_HDREXT
    plugin_attrib = "rtp_hdrext"
    plugin_multi_attrib = "rtp_hdrexts"
    interfaces = {"id", "uri", "senders"}


class ExtmapAllowMixed(ElementBase):  # XEP-0294 §3 (RFC 8285 a=extmap-allow-mixed)
    name = "extmap-allow-mixed"
    namespace = NS_HDREXT
    plugin_attrib = "extmap_allow_mixed"
    interfaces: ClassVar[set[str]] = set()


class SourceParameter(ElementBase):  # XEP-0339 §2.1
    name = "parameter"
    namespace = NS_SSMA
    plugin_attrib = "parameter"
    plugin_multi_attrib = "parameters"
    interfaces = {"name", "value"}


class Source(ElementBase):  # XEP-0339 §2.1
    name = "source"
    namespace = NS_SSMA
    plugin_attrib = "source"
    plugin_multi_attrib = "sources"
    interfaces = {"ssrc"}


class SsrcGroup(ElementBase):  # XEP-0339 §2.2
    name = "ssrc-group"
    namespace = NS_SSMA
    plugin_attrib = "ssrc_group"
    plugin_multi_attrib = "ssrc_groups"
    interfaces = {"semantics"}


class _Info(ElementBase):
    namespace = NS_INFO
    interfaces = {"creator", "name"}


def _info(tag: str) -> type[ElementBase]:
    return type(f"Info_{tag}", (_Info,), {"name": tag, "plugin_attrib": f"rtp_{tag}"})


# session-info payloads (§7): jingle["rtp_ringing"], jingle["rtp_mute"] ...
INFO_CLASSES = {tag: _info(tag) for tag in sorted(INFO_ELEMENTS)}
