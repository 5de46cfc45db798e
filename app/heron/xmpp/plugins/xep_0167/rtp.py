# XEP-0167: Jingle RTP Sessions (the plugin: stanza registration and disco features)
from __future__ import annotations

from slixmpp.plugins import BasePlugin
from slixmpp.xmlstream import register_stanza_plugin

from heron.xmpp.plugins.xep_0166.stanza import Content, Jingle
from heron.xmpp.plugins.xep_0167 import stanza
from heron.xmpp.plugins.xep_0167.stanza import (
    INFO_CLASSES,
    NS,
    NS_FB,
    NS_HDREXT,
    Description,
    ExtmapAllowMixed,
    HdrExt,
    Parameter,
    PayloadType,
    RtcpFb,
    RtcpFbTrrInt,
    RtcpMux,
    Source,
    SourceParameter,
    SsrcGroup,
)

FEATURES = (
    NS, f"{NS[:-2]}:audio", f"{NS[:-2]}:video",  # urn:xmpp:jingle:apps:rtp:audio / :video
    NS_FB, NS_HDREXT,
    "urn:ietf:rfc:5576",  # XEP-0339 §3
)


class XEP_0167(BasePlugin):  # noqa: N801  slixmpp's naming of plugin classes
    name = "xep_0167"
    description = "XEP-0167: Jingle RTP Sessions"
    dependencies = {"xep_0030", "xep_0166"}
    stanza = stanza

    def plugin_init(self) -> None:
        register_stanza_plugin(Content, Description)
        register_stanza_plugin(Description, PayloadType, iterable=True)
        register_stanza_plugin(PayloadType, Parameter, iterable=True)
        register_stanza_plugin(PayloadType, RtcpFb, iterable=True)
        register_stanza_plugin(PayloadType, RtcpFbTrrInt)
        register_stanza_plugin(Description, RtcpFb, iterable=True)
        register_stanza_plugin(Description, RtcpFbTrrInt)
        register_stanza_plugin(Description, RtcpMux)
        register_stanza_plugin(Description, HdrExt, iterable=True)
        register_stanza_plugin(Description, ExtmapAllowMixed)
        register_stanza_plugin(Description, Source, iterable=True)
        register_stanza_plugin(Source, SourceParameter, iterable=True)
        register_stanza_plugin(Description, SsrcGroup, iterable=True)
        register_stanza_plugin(SsrcGroup, Source, iterable=True)
        for info in INFO_CLASSES.values():
            register_stanza_plugin(Jingle, info)

    def plugin_end(self) -> None:
        self.advertise(False)

    def advertise(self, on: bool) -> None:
        disco = self.xmpp.plugin["xep_0030"]
        for feature in FEATURES:
            if on:
                disco.add_feature(feature)
            else:
                disco.del_feature(feature=feature)
