# XEP-0320: Use of DTLS-SRTP in Jingle Sessions (the plugin: stanza registration and disco feature)
from __future__ import annotations

from slixmpp.plugins import BasePlugin
from slixmpp.xmlstream import register_stanza_plugin

from heron.xmpp.plugins.xep_0176.stanza import Transport
from heron.xmpp.plugins.xep_0320 import stanza
from heron.xmpp.plugins.xep_0320.stanza import NS, Fingerprint


class XEP_0320(BasePlugin):  # noqa: N801  slixmpp's naming of plugin classes
    name = "xep_0320"
    description = "XEP-0320: Use of DTLS-SRTP in Jingle Sessions"
    dependencies = {"xep_0030", "xep_0176"}
    stanza = stanza

    def plugin_init(self) -> None:
        register_stanza_plugin(Transport, Fingerprint, iterable=True)

    def plugin_end(self) -> None:
        self.advertise(False)

    def advertise(self, on: bool) -> None:
        disco = self.xmpp.plugin["xep_0030"]
        if on:
            disco.add_feature(NS)
        else:
            disco.del_feature(feature=NS)
