# XEP-0434: Trust Messages (the element XEP-0450, Automatic Trust Management, sends)
"""The ``<trust-message xmlns='urn:xmpp:tm:0'>`` element: which keys of which account its
sender authenticated (``<trust>``) or distrusted (``<distrust>``).

It travels only inside an OMEMO 2 envelope (XEP-0420 ``<content>``): legacy OMEMO encrypts
nothing but the body text, so it cannot carry one. Heron writes and reads ``usage`` XEP-0450
(``urn:xmpp:atm:1``) and ``encryption`` OMEMO 2; a key identifier is the OMEMO 2 identity key
(Ed25519) in hex, as the XEP's examples and Heron's trust links write it. Reading also takes
the 32 bytes in base64 (QXmpp's newer form). Text from the network: bounded, parsed strictly,
anything else ignored.
"""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from heron.crypto.omemo import TWOMEMO

NS = "urn:xmpp:tm:0"
USAGE = "urn:xmpp:atm:1"  # XEP-0450
TAG = f"{{{NS}}}trust-message"
KEY_BYTES = 32
MAX_OWNERS = 32  # key owners read from one message
MAX_KEYS = 64  # keys read per owner and kind
_HEX = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass(frozen=True, slots=True)
class KeyOwner:
    """Keys of one account (bare JID) that the sender authenticated or distrusted."""

    jid: str
    trust: tuple[bytes, ...] = ()
    distrust: tuple[bytes, ...] = ()


def element(owners: list[KeyOwner]) -> ET.Element:
    """The trust message for ``owners`` (OMEMO 2 keys), to go into an envelope."""
    root = ET.Element(TAG, {"usage": USAGE, "encryption": TWOMEMO})
    for owner in owners:
        child = ET.SubElement(root, f"{{{NS}}}key-owner", {"jid": owner.jid})
        for kind, keys in (("trust", owner.trust), ("distrust", owner.distrust)):
            for key in keys:
                ET.SubElement(child, f"{{{NS}}}{kind}").text = key.hex()
    return root


def key_id(text: str | None) -> bytes | None:
    """The 32 bytes a key identifier names (hex, or base64); None when it names none."""
    value = (text or "").strip()
    if _HEX.match(value):
        return bytes.fromhex(value)
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw if len(raw) == KEY_BYTES else None


def _bare(jid: str) -> str:
    return jid.strip().split("/", 1)[0].lower()


def find(content: tuple[ET.Element, ...] | list[ET.Element]) -> list[KeyOwner] | None:
    """The key owners of the XEP-0450 trust message among an envelope's ``content``
    elements (OMEMO 2 keys only); None when there is no such trust message."""
    for candidate in content:
        if candidate.tag != TAG:
            continue
        if candidate.get("usage") != USAGE or candidate.get("encryption") != TWOMEMO:
            return None  # another usage or encryption: not ours to act on
        owners: list[KeyOwner] = []
        for child in candidate.findall(f"{{{NS}}}key-owner")[:MAX_OWNERS]:
            jid = _bare(child.get("jid", ""))
            if "@" not in jid:
                continue
            keys = {kind: tuple(k for k in (key_id(e.text) for e in
                                            child.findall(f"{{{NS}}}{kind}")[:MAX_KEYS])
                                if k is not None)
                    for kind in ("trust", "distrust")}
            owners.append(KeyOwner(jid, keys["trust"], keys["distrust"]))
        return owners
    return None
