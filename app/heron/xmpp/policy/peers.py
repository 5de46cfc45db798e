"""What a conversation's peer says about it: receipts (XEP-0184), chat states (XEP-0085),
bounces (RFC 6120 §8.3) and pictures (XEP-0084/0153)."""

from __future__ import annotations

from heron.xmpp.policy.jids import JIDLike, _bare, _parse
from heron.xmpp.policy.verdict import ACCEPT, Verdict, _reject


def _from_peer(outer_from: JIDLike, peer: JIDLike) -> Verdict:
    sender = _bare(outer_from)
    expected = _bare(peer)
    if sender is None:
        return _reject("invalid-from")
    if not sender or not expected or sender != expected:
        return _reject("not-from-peer")
    return ACCEPT


def receipt_ok(outer_from: JIDLike, peer: JIDLike) -> Verdict:
    """XEP-0184: a receipt for a message in a conversation comes from that conversation's peer."""
    return _from_peer(outer_from, peer)


def chat_state_ok(outer_from: JIDLike, peer: JIDLike, own: JIDLike = "") -> Verdict:
    """XEP-0085: "is typing" is shown only for the conversation whose peer sent it, and never
    for our own account (another of our clients is not a conversation)."""
    verdict = _from_peer(outer_from, peer)
    if verdict and own and _bare(outer_from) == _bare(own):
        return _reject("from-own-account")
    return verdict


def bounce_ok(error_from: JIDLike, recipient: JIDLike, own_jid: JIDLike) -> Verdict:
    """RFC 6120 §8.3: a ``<message type='error'/>`` marks our message as not delivered only
    when it comes from where the message went: the recipient's bare JID or one of its
    resources, the recipient's domain (its server answering for it), or our own server's
    domain (it could not pass the message on). Anyone else could otherwise "unsend" a message
    by guessing its id. An error without ``from`` is refused: servers name themselves.
    """
    sender = _parse(error_from)
    to = _parse(recipient)
    own = _bare(own_jid)
    if sender is None:
        return _reject("invalid-from")
    if not sender[0]:
        return _reject("no-from")
    if to is None or not to[0] or not own:
        return _reject("recipient-unknown")
    if sender[0] == to[0]:
        return ACCEPT
    domains = {to[0].rsplit("@", maxsplit=1)[-1], own.rsplit("@", maxsplit=1)[-1]}
    if "@" not in sender[0] and not sender[1] and sender[0] in domains:
        return ACCEPT
    return _reject("not-from-recipient-or-server")


def avatar_ok(sender: JIDLike, about: JIDLike, own_jid: JIDLike, in_roster: bool) -> Verdict:
    """XEP-0084/0153: a picture is believed only from the person it belongs to (their own
    bare or full JID, never a server or another contact) and only for a contact in the roster
    or the user's own account: a stranger cannot put a picture into the contact list."""
    owner = _bare(sender)
    if owner is None or owner != _bare(about) or "@" not in owner:
        return _reject("not-from-its-owner")
    if not in_roster and _bare(about) != _bare(own_jid):
        return _reject("not-in-roster")
    return Verdict(True)
