# XEP-0176: Jingle ICE-UDP Transport Method
from slixmpp.plugins.base import register_plugin

from heron.xmpp.plugins.xep_0176.plugin import XEP_0176
from heron.xmpp.plugins.xep_0176.stanza import NS, Candidate, Transport

register_plugin(XEP_0176)

__all__ = ["NS", "XEP_0176", "Candidate", "Transport"]
