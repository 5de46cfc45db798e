# XEP-0176: Jingle ICE-UDP Transport Method (the <transport/> and its <candidate/>s)
from __future__ import annotations

from slixmpp.xmlstream import ElementBase

NS = "urn:xmpp:jingle:transports:ice-udp:1"
# §5.3: every attribute a candidate carries (rel-addr/rel-port only for srflx/prflx/relay).
CANDIDATE_ATTRIBUTES = ("component", "foundation", "generation", "id", "ip", "network", "port",
                        "priority", "protocol", "rel-addr", "rel-port", "type")


class Transport(ElementBase):
    name = "transport"
    namespace = NS
    plugin_attrib = "ice_udp"
    interfaces = {"ufrag", "pwd"}


class Candidate(ElementBase):
    name = "candidate"
    namespace = NS
    plugin_attrib = "candidate"
    plugin_multi_attrib = "candidates"
    interfaces = set(CANDIDATE_ATTRIBUTES)
