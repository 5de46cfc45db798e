# XEP-0166: Jingle
from slixmpp.plugins.base import register_plugin

from heron.xmpp.plugins.xep_0166.jingle import ACK, XEP_0166, JingleReply, jingle_error_of
from heron.xmpp.plugins.xep_0166.stanza import (
    ACTIONS,
    JINGLE_ERRORS,
    NS,
    NS_ERRORS,
    REASONS,
    Content,
    Jingle,
    Reason,
)

register_plugin(XEP_0166)

__all__ = ["ACK", "ACTIONS", "JINGLE_ERRORS", "NS", "NS_ERRORS", "REASONS", "XEP_0166", "Content",
           "Jingle", "JingleReply", "Reason",
           "jingle_error_of"]
