"""``xmpp:`` URIs that carry OMEMO fingerprints, in the forms the other clients write and read.

Conversations (``XmppUri.java``, ``Account.getShareableUri``) writes
``xmpp:bob@example.org?omemo-sid-1234=<hex>`` (legacy OMEMO: the device id, and the
Curve25519 identity key without its 05 type byte), parameters split by ``;``; its invite links
``https://conversations.im/i/bob@example.org?omemo-sid-1234=<hex>`` split them by ``&``. It
reads parameter names in any case, URL-decodes values, and also takes ``omemo=<hex>`` (no
device id).

Kaidan (QXmpp's ``QXmppUri``) writes and reads only a XEP-0434 Trust Message URI:
``xmpp:bob@example.org?trust-message;encryption=urn:xmpp:omemo:2;trust=<hex>;distrust=<hex>``
(OMEMO 2: the Ed25519 identity key, no device id). The query type comes first, as XEP-0147
wants.

Heron writes one link both read: the trust-message query with the OMEMO 2 key, then the legacy
``omemo-sid-`` parameter (Conversations looks only at ``omemo-sid-``; QXmpp only at
``encryption``, ``trust`` and ``distrust``). It reads all of these, and ``omemo2-sid-`` from
its own older links. A key without a device id is matched by its fingerprint. ``distrust``
keys are never acted on from a link. Text from outside: parsed strictly, never trusted beyond
comparing it with the keys Heron already has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from heron.crypto.omemo import OLDMEMO, TWOMEMO

MAX_JID = 3071  # RFC 7622: three parts of at most 1023 bytes, and their separators
INVITE_PREFIX = "https://conversations.im/i/"
TRUST_MESSAGE = "trust-message"  # XEP-0434's URI query type
_DEVICE_PARAM = re.compile(r"^(omemo2?)-sid-(\d{1,10})$")
_KEY = re.compile(r"^(?:05)?([0-9a-f]{64})$")


@dataclass(frozen=True, slots=True)
class NamedKey:
    namespace: str
    device_id: int  # 0: the link names no device (Kaidan's keys): matched by fingerprint
    fingerprint: str  # 64 lower-case hex digits


def build(jid: str, keys: list[NamedKey]) -> str:
    params: list[str] = []
    omemo2 = [k for k in keys if k.namespace == TWOMEMO]
    if omemo2:
        params += [TRUST_MESSAGE, f"encryption={TWOMEMO}"]
        params += [f"trust={k.fingerprint}" for k in omemo2]
    params += [f"omemo-sid-{k.device_id}={k.fingerprint}" for k in keys
               if k.namespace == OLDMEMO]
    return f"xmpp:{quote(jid, safe='@.-_')}" + (f"?{';'.join(params)}" if params else "")


def _split(uri: str) -> tuple[str, list[tuple[str, str]]]:
    """(address, [(lower-case name, URL-decoded value)]) of an xmpp: or invite link."""
    text = uri.strip()
    if text.lower().startswith("xmpp:"):
        address, _sep, query = text[5:].partition("?")
        separator = ";"
    elif text.lower().startswith(INVITE_PREFIX):
        address, _sep, query = text[len(INVITE_PREFIX):].partition("?")
        separator = "&"
    else:
        raise ValueError("not an xmpp: link")
    pairs = []
    for param in query.split(separator):
        name, _eq, value = param.partition("=")
        pairs.append((name.lower(), unquote(value).strip().lower()))
    return address, pairs


def parse(uri: str) -> tuple[str, list[NamedKey]]:
    """(bare JID, the fingerprints it names); ValueError when it is no such URI."""
    address, pairs = _split(uri)
    jid = unquote(address).lstrip("/")
    if "@" not in jid or "/" in jid or len(jid) > MAX_JID:
        raise ValueError("no account address in the link")
    trust_message = bool(pairs) and pairs[0][0] == TRUST_MESSAGE
    encryption = next((value for name, value in pairs if name == "encryption"), "")
    keys: list[NamedKey] = []
    for name, value in pairs:
        key = _KEY.match(value)
        if key is None:
            continue
        device = _DEVICE_PARAM.match(name)
        if device is not None:
            namespace = TWOMEMO if device.group(1) == "omemo2" else OLDMEMO
            keys.append(NamedKey(namespace, int(device.group(2)), key.group(1)))
        elif name == "omemo":  # Conversations: a key without its device
            keys.append(NamedKey(OLDMEMO, 0, key.group(1)))
        elif name == "trust" and trust_message and encryption == TWOMEMO:
            keys.append(NamedKey(TWOMEMO, 0, key.group(1)))
    if not keys:
        raise ValueError("the link names no OMEMO fingerprint")
    return jid, list(dict.fromkeys(keys))
