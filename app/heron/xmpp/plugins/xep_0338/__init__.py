# XEP-0338: Jingle Grouping Framework
from slixmpp.plugins.base import register_plugin

from heron.xmpp.plugins.xep_0338.plugin import XEP_0338
from heron.xmpp.plugins.xep_0338.stanza import NS, Group, GroupContent

register_plugin(XEP_0338)

__all__ = ["NS", "XEP_0338", "Group", "GroupContent"]
