# XEP-0320: Use of DTLS-SRTP in Jingle Sessions (the <fingerprint/> inside an ICE-UDP transport)
from __future__ import annotations

from slixmpp.xmlstream import ElementBase

NS = "urn:xmpp:jingle:apps:dtls:0"
SETUPS = frozenset({"actpass", "active", "passive"})  # §3, as SDP's a=setup (RFC 4145)


class Fingerprint(ElementBase):
    """``<fingerprint hash='sha-256' setup='actpass'>AB:CD:…</fingerprint>``."""

    name = "fingerprint"
    namespace = NS
    plugin_attrib = "fingerprint"
    plugin_multi_attrib = "fingerprints"
    interfaces = {"hash", "setup", "value"}

    def get_value(self) -> str:
        return (self.xml.text or "").strip()

    def set_value(self, value: str) -> None:
        self.xml.text = value

    def del_value(self) -> None:
        self.xml.text = None
