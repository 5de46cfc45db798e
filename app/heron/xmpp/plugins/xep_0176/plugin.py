# XEP-0176: Jingle ICE-UDP Transport Method (the plugin: stanza registration and disco feature)
from __future__ import annotations

from slixmpp.plugins import BasePlugin
from slixmpp.xmlstream import register_stanza_plugin

from heron.xmpp.plugins.xep_0166.stanza import Content
from heron.xmpp.plugins.xep_0176 import stanza
from heron.xmpp.plugins.xep_0176.stanza import NS, Candidate, Transport


class XEP_0176(BasePlugin):  # noqa: N801  slixmpp's naming of plugin classes
    name = "xep_0176"
    description = "XEP-0176: Jingle ICE-UDP Transport Method"
    dependencies = {"xep_0030", "xep_0166"}
    stanza = stanza

    def plugin_init(self) -> None:
        register_stanza_plugin(Content, Transport)
        register_stanza_plugin(Transport, Candidate, iterable=True)

    def plugin_end(self) -> None:
        self.advertise(False)

    def advertise(self, on: bool) -> None:
        disco = self.xmpp.plugin["xep_0030"]
        if on:
            disco.add_feature(NS)
        else:
            disco.del_feature(feature=NS)
