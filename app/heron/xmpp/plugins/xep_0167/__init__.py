# XEP-0167: Jingle RTP Sessions (with XEP-0293, XEP-0294 and XEP-0339 inside <description/>)
from slixmpp.plugins.base import register_plugin

from heron.xmpp.plugins.xep_0167.rtp import XEP_0167
from heron.xmpp.plugins.xep_0167.stanza import (
    INFO_ELEMENTS,
    NS,
    NS_FB,
    NS_HDREXT,
    NS_INFO,
    NS_SSMA,
    Description,
    ExtmapAllowMixed,
    HdrExt,
    Parameter,
    PayloadType,
    RtcpFb,
    RtcpFbTrrInt,
    RtcpMux,
    Source,
    SsrcGroup,
)

register_plugin(XEP_0167)

__all__ = ["INFO_ELEMENTS", "NS", "NS_FB", "NS_HDREXT", "NS_INFO", "NS_SSMA", "XEP_0167",
           "Description", "ExtmapAllowMixed", "HdrExt", "Parameter", "PayloadType", "RtcpFb",
           "RtcpFbTrrInt", "RtcpMux", "Source", "SsrcGroup"]
