"""``xmpp:`` URIs that carry OMEMO fingerprints, as Conversations and Kaidan show them in QR
codes: ``xmpp:bob@example.org?omemo-sid-1234=<hex>;omemo2-sid-5678=<hex>``. ``omemo-sid-``
names a legacy OMEMO device (its Curve25519 key), ``omemo2-sid-`` an OMEMO 2 device (its
Ed25519 key); fingerprint.py computes both. Text from outside: parsed strictly, never trusted
beyond comparing it with the keys Heron already has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from heron.crypto.omemo import OLDMEMO, TWOMEMO

PREFIXES = {OLDMEMO: "omemo-sid-", TWOMEMO: "omemo2-sid-"}
MAX_JID = 3071  # RFC 7622: three parts of at most 1023 bytes, and their separators
_PARAM = re.compile(r"^(omemo2?)-sid-(\d{1,10})=(?:05)?([0-9a-fA-F]{64})$")


@dataclass(frozen=True, slots=True)
class NamedKey:
    namespace: str
    device_id: int
    fingerprint: str  # 64 lower-case hex digits


def build(jid: str, keys: list[NamedKey]) -> str:
    params = ";".join(f"{PREFIXES[k.namespace]}{k.device_id}={k.fingerprint}" for k in keys)
    return f"xmpp:{quote(jid, safe='@.-_')}" + (f"?{params}" if params else "")


def parse(uri: str) -> tuple[str, list[NamedKey]]:
    """(bare JID, the fingerprints it names); ValueError when it is no such URI."""
    text = uri.strip()
    if not text.lower().startswith("xmpp:"):
        raise ValueError("not an xmpp: link")
    address, _sep, query = text[5:].partition("?")
    jid = unquote(address).lstrip("/")
    if "@" not in jid or "/" in jid or len(jid) > MAX_JID:
        raise ValueError("no account address in the link")
    keys: list[NamedKey] = []
    for param in query.split(";"):
        found = _PARAM.match(param)
        if found is not None:
            namespace = TWOMEMO if found.group(1) == "omemo2" else OLDMEMO
            keys.append(NamedKey(namespace, int(found.group(2)), found.group(3).lower()))
    if not keys:
        raise ValueError("the link names no OMEMO fingerprint")
    return jid, keys
