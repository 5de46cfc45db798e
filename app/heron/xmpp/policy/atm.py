"""Automatic trust management (XEP-0450): whose trust messages are believed."""

from __future__ import annotations

from heron.xmpp.policy.jids import JIDLike, _bare
from heron.xmpp.policy.verdict import ACCEPT, Verdict, _reject


def trust_message_ok(sender: JIDLike, own: JIDLike, key_owner: JIDLike,
                     sender_verified: bool) -> Verdict:
    """XEP-0450 §4: a trust message is acted on only from a device whose key the user
    verified; from one of the user's own devices it may name anyone's keys, from a contact's
    device only that contact's own keys."""
    if not sender_verified:
        return _reject("sender-not-verified")
    sender_bare, own_bare, owner_bare = _bare(sender), _bare(own), _bare(key_owner)
    if not sender_bare or not own_bare or not owner_bare:
        return _reject("not-a-jid")
    if sender_bare not in (own_bare, owner_bare):
        return _reject("keys-of-someone-else")
    return ACCEPT
