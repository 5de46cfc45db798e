# XEP-0338: Jingle Grouping Framework (the plugin: stanza registration and disco feature)
from __future__ import annotations

from slixmpp.plugins import BasePlugin
from slixmpp.xmlstream import register_stanza_plugin

from heron.xmpp.plugins.xep_0166.stanza import Jingle
from heron.xmpp.plugins.xep_0338 import stanza
from heron.xmpp.plugins.xep_0338.stanza import Group, GroupContent


class XEP_0338(BasePlugin):  # noqa: N801  slixmpp's naming of plugin classes
    name = "xep_0338"
    description = "XEP-0338: Jingle Grouping Framework"
    dependencies = {"xep_0030", "xep_0166"}
    stanza = stanza

    def plugin_init(self) -> None:
        register_stanza_plugin(Jingle, Group)
        register_stanza_plugin(Group, GroupContent, iterable=True)

    def plugin_end(self) -> None:
        self.advertise(False)

    def advertise(self, on: bool) -> None:
        disco = self.xmpp.plugin["xep_0030"]
        if on:
            disco.add_feature("urn:ietf:rfc:5888")
        else:
            disco.del_feature(feature="urn:ietf:rfc:5888")
