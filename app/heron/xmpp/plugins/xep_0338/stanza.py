# XEP-0338: Jingle Grouping Framework (RFC 5888 a=group, e.g. BUNDLE)
from __future__ import annotations

from slixmpp.xmlstream import ElementBase

NS = "urn:xmpp:jingle:apps:grouping:0"


class Group(ElementBase):
    name = "group"
    namespace = NS
    plugin_attrib = "group"
    interfaces = {"semantics"}


class GroupContent(ElementBase):
    name = "content"
    namespace = NS
    plugin_attrib = "content"
    plugin_multi_attrib = "contents"
    interfaces = {"name"}
