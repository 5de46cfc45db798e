# XEP-0292: vCard4 Over XMPP (read side)
"""A contact's vCard4, published on their PEP node ``urn:xmpp:vcard4`` (item ``current``).

Read beside vcard-temp (XEP-0054), and preferred field by field where both say something:
Prosody's vcard-temp mirror of a vCard4 drops the note ("about"), and a client that publishes
only vCard4 (Conversations, Dino, Movim) leaves ejabberd's vcard-temp empty. A node that is
missing or not open to us is no error: vcard-temp alone answers then.

Believed only from the person it describes (the PEP service is their bare JID); every field
is plain text, capped, without control or bidi-override characters, as vcard-temp's are.
"""

from __future__ import annotations

import logging
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout

from heron.core.profile import Profile
from heron.xmpp import policy
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)
NODE = "urn:xmpp:vcard4"
VCARD4 = "urn:ietf:params:xml:ns:vcard-4.0"
PUBSUB = "http://jabber.org/protocol/pubsub"
MAX_FIELD = 500
TIMEOUT = 20
# field -> (property, value element) as RFC 6351 writes them; the first present wins
_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "full_name": (("fn", "text"),),
    "nickname": (("nickname", "text"),),
    "email": (("email", "text"),),
    "phone": (("tel", "uri"), ("tel", "text")),
    "organisation": (("org", "text"),),
    "url": (("url", "uri"),),
    "birthday": (("bday", "date"), ("bday", "text")),
    "note": (("note", "text"),),
}


def _plain(text: str) -> str:
    kept = "".join(c for c in text if c in "\n\t" or c.isprintable()).strip()
    return kept[:MAX_FIELD]


def _value(vcard: Element, prop: str, kind: str) -> str:
    element = vcard.find(f"{{{VCARD4}}}{prop}/{{{VCARD4}}}{kind}")
    text = _plain(element.text or "") if element is not None else ""
    if prop == "tel" and kind == "uri" and text.lower().startswith("tel:"):
        text = text[4:]  # the number, as vcard-temp gives it
    return text


def profile_from_vcard4(vcard: Element | None) -> Profile:
    """The fields Heron shows, from a <vcard xmlns='urn:ietf:params:xml:ns:vcard-4.0'>."""
    if vcard is None:
        return Profile()
    found: dict[str, str] = {}
    for name, choices in _FIELDS.items():
        found[name] = next((v for prop, kind in choices if (v := _value(vcard, prop, kind))), "")
    return Profile(**found)


def from_owner(answer_from: str, jid: str, own: str) -> bool:
    """A vCard4 is believed only from the bare JID it describes (an answer without ``from``
    comes from our own account)."""
    sender = (answer_from or own).split("/", 1)[0].lower()
    return bool(jid) and sender == jid.lower()


def merged(first: Profile, fallback: Profile) -> Profile:
    """``first``'s fields, with ``fallback``'s where ``first`` says nothing."""
    return replace(first, **{f.name: getattr(fallback, f.name) for f in fields(Profile)
                             if not getattr(first, f.name)})


async def fetch_vcard4(session: AccountSession, jid: str) -> Profile:
    """``jid``'s vCard4 from their PEP node; an empty Profile when there is none, it is not
    open to us, or the answer is not from ``jid``."""
    client = session.client
    iq = client.make_iq_get(ito=JID(jid))
    pubsub = Element(f"{{{PUBSUB}}}pubsub")
    items = Element(f"{{{PUBSUB}}}items", {"node": NODE, "max_items": "1"})
    pubsub.append(items)
    iq.append(pubsub)
    try:
        answer: Any = await send_iq(iq, timeout=TIMEOUT)
    except IqError as exc:  # no node, or not ours to read (its access model)
        log.debug("no vCard4 for %s: %s", jid, exc.iq["error"]["condition"])
        return Profile()
    except IqTimeout:
        log.info("no answer for %s's vCard4", jid)
        return Profile()
    if not from_owner(str(answer["from"]), jid, session.jid):
        policy.log_rejected("vcard4", "not-from-its-owner", sender=str(answer["from"]))
        return Profile()
    return profile_from_vcard4(answer.xml.find(
        f"{{{PUBSUB}}}pubsub/{{{PUBSUB}}}items/{{{PUBSUB}}}item/{{{VCARD4}}}vcard"))
