# XEP-0320: Use of DTLS-SRTP in Jingle Sessions
from slixmpp.plugins.base import register_plugin

from heron.xmpp.plugins.xep_0320.plugin import XEP_0320
from heron.xmpp.plugins.xep_0320.stanza import NS, Fingerprint

register_plugin(XEP_0320)

__all__ = ["NS", "XEP_0320", "Fingerprint"]
