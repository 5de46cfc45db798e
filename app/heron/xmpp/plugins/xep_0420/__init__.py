# XEP-0420: Stanza Content Encryption (the envelope OMEMO 2 encrypts, XEP-0384 §4.5)
"""Build and read the ``<envelope xmlns='urn:xmpp:sce:1'>`` that OMEMO 2 encrypts.

Sending: the message's sensitive elements (its ``<body>``, replies, corrections ...) go into
``<content>``, with the affixes OMEMO 2's profile asks for: ``<rpad>`` (random padding, so
the ciphertext's length says little), ``<time>``, ``<to>`` and ``<from>`` (bare JIDs).

Receiving: the decrypted bytes are parsed with Heron's restricted XML parser (no DTD, no
entities, bounded size and depth, as the stream itself), then the affixes are checked
against the stanza that carried them: ``<from>`` must name the stanza's sender and ``<to>``
its recipient (bare JIDs), else the message is refused (XEP-0420 §4: "alert the user/reject
the message"). Server-processed elements found inside ``<content>`` (hints, stanza-ids,
extended addressing, EME) are dropped (§7).
"""

from __future__ import annotations

import secrets
import string
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from heron.core.timestamps import parse_stamp
from heron.xmpp.xmlguard import RestrictedPullParser

NS = "urn:xmpp:sce:1"
CLIENT_NS = "jabber:client"
#: Elements the server must see, never read from inside the envelope (§7)
SERVER_PROCESSED = frozenset({
    "urn:xmpp:hints", "http://jabber.org/protocol/address", "urn:xmpp:eme:0",
})
STANZA_ID = "{urn:xmpp:sid:0}stanza-id"
#: Decrypted envelopes larger than this are refused (a message's own limit, with room)
MAX_ENVELOPE_BYTES = 256 * 1024
MAX_DEPTH = 32
RPAD_ALPHABET = string.ascii_letters + string.digits
RPAD_MAX = 200


class SceError(ValueError):
    """The envelope is not well-formed, breaks the rules, or does not match its stanza."""


@dataclass(frozen=True, slots=True)
class Envelope:
    """What a decrypted envelope carried: the content's elements and the sender's time."""

    content: tuple[ET.Element, ...]
    sent: float | None  # the <time/> affix, when present and readable

    def body(self) -> str:
        for element in self.content:
            if element.tag == f"{{{CLIENT_NS}}}body":
                return element.text or ""
        return ""


def _bare(jid: str) -> str:
    return jid.split("/", 1)[0].lower()


def build(content: list[ET.Element], sender: str, recipient: str, *,
          now: datetime | None = None, rpad: str | None = None) -> bytes:
    """The serialised envelope for ``content`` from ``sender`` to ``recipient``."""
    if rpad is None:
        rpad = "".join(secrets.choice(RPAD_ALPHABET)
                       for _ in range(secrets.randbelow(RPAD_MAX + 1)))
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    # Written out by hand: the envelope in its default namespace, as other clients write it
    # (ElementTree would prefix every name); each content element brings its own namespace.
    inner = b"".join(_serialise(element) for element in content)
    return (f"<envelope xmlns='{NS}'><content>".encode() + inner
            + (f"</content><rpad>{escape(rpad)}</rpad><time stamp={quoteattr(stamp)}/>"
               f"<to jid={quoteattr(_bare(recipient))}/><from jid={quoteattr(_bare(sender))}/>"
               "</envelope>").encode())


def _serialise(element: ET.Element) -> bytes:
    """One element, in its own namespace as the default where ElementTree allows it."""
    namespace = element.tag[1:].partition("}")[0] if element.tag.startswith("{") else ""
    try:
        data: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=False,
                                  default_namespace=namespace or None)
    except ValueError:  # unqualified attributes: keep the prefixed form
        data = ET.tostring(element, encoding="utf-8", xml_declaration=False)
    return data


def body_element(text: str) -> ET.Element:
    element = ET.Element(f"{{{CLIENT_NS}}}body")
    element.text = text
    return element


def _parse_xml(data: bytes) -> ET.Element:
    if len(data) > MAX_ENVELOPE_BYTES:
        raise SceError("envelope too large")
    parser = RestrictedPullParser(max_stanza_bytes=MAX_ENVELOPE_BYTES, max_depth=MAX_DEPTH)
    # The parser reads a stream; a wrapper element stands for the stream's root.
    parser.feed(b"<sce>")
    parser.feed(data)
    if parser.violation is not None:
        raise SceError(f"envelope refused: {parser.violation.reason}")
    ends = [element for event, element in parser.read_events() if event == "end"]
    if not ends:
        raise SceError("envelope incomplete")
    return ends[-1]


def parse(data: bytes, stanza_from: str, stanza_to: str) -> Envelope:
    """Read a decrypted envelope; raises SceError when it must not be believed."""
    root = _parse_xml(data)
    if root.tag != f"{{{NS}}}envelope":
        raise SceError(f"not an envelope: {root.tag}")
    contents = root.findall(f"{{{NS}}}content")
    if len(contents) != 1:
        raise SceError("an envelope needs exactly one <content>")
    senders = root.findall(f"{{{NS}}}from")
    if len(senders) != 1 or _bare(senders[0].get("jid", "")) != _bare(stanza_from):
        raise SceError("the envelope's <from> is not the stanza's sender")
    recipients = root.findall(f"{{{NS}}}to")
    if len(recipients) > 1 or (
            recipients and _bare(recipients[0].get("jid", "")) != _bare(stanza_to)):
        raise SceError("the envelope's <to> is not the stanza's recipient")
    time = root.find(f"{{{NS}}}time")
    sent = parse_stamp(time.get("stamp")) if time is not None else None
    kept = tuple(child for child in contents[0]
                 if child.tag != STANZA_ID
                 and child.tag.partition("}")[0].lstrip("{") not in SERVER_PROCESSED)
    return Envelope(kept, sent)
