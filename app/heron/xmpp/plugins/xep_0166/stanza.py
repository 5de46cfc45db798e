# XEP-0166: Jingle (the <jingle/>, <content/>, <reason/> elements and the error conditions)
from __future__ import annotations

from slixmpp.xmlstream import ET, ElementBase

NS = "urn:xmpp:jingle:1"
NS_ERRORS = "urn:xmpp:jingle:errors:1"

# §7.2: every action a <jingle/> may carry.
ACTIONS = frozenset({
    "content-accept", "content-add", "content-modify", "content-reject", "content-remove",
    "description-info", "security-info", "session-accept", "session-info", "session-initiate",
    "session-terminate", "transport-accept", "transport-info", "transport-reject",
    "transport-replace",
})
# §7.4: the conditions of a <reason/>.
REASONS = frozenset({
    "alternative-session", "busy", "cancel", "connectivity-error", "decline", "expired",
    "failed-application", "failed-transport", "general-error", "gone",
    "incompatible-parameters", "media-error", "security-error", "success", "timeout",
    "unsupported-applications", "unsupported-transports",
})
# §8: the Jingle-specific error conditions of an IQ error.
JINGLE_ERRORS = frozenset({"out-of-order", "tie-break", "unknown-session", "unsupported-info"})


class Jingle(ElementBase):
    name = "jingle"
    namespace = NS
    plugin_attrib = "jingle"
    interfaces = {"action", "sid", "initiator", "responder"}


class Content(ElementBase):
    name = "content"
    namespace = NS
    plugin_attrib = "content"
    plugin_multi_attrib = "contents"
    interfaces = {"creator", "name", "senders", "disposition"}

    def get_senders(self) -> str:
        return self._get_attr("senders", "both")  # §7.3: "both" when absent


class Reason(ElementBase):
    """``<reason><busy/><text>…</text></reason>``: ``condition`` is one of :data:`REASONS`."""

    name = "reason"
    namespace = NS
    plugin_attrib = "reason"
    interfaces = {"condition", "text"}
    sub_interfaces = {"text"}

    def get_condition(self) -> str:
        for child in self.xml:
            tag = child.tag.split("}")[-1]
            if tag in REASONS:
                return tag
        return ""

    def set_condition(self, value: str) -> None:
        if value not in REASONS:
            raise ValueError(f"not a Jingle reason: {value}")
        self.del_condition()
        self.xml.insert(0, ET.Element(f"{{{NS}}}{value}"))

    def del_condition(self) -> None:
        for child in list(self.xml):
            if child.tag.split("}")[-1] in REASONS:
                self.xml.remove(child)
