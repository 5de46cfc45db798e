"""Changes to a message that exists: corrections (XEP-0308), retractions (XEP-0424) and
reactions (XEP-0444) only from whom the message is from, or from the conversation's two sides."""

from __future__ import annotations

from heron.xmpp.policy.jids import DirectionLike, JIDLike, _bare, _direction, _parse
from heron.xmpp.policy.verdict import ACCEPT, Verdict, _reject


def correction_ok(original_sender_bare: JIDLike, original_direction: DirectionLike,
                  correction_sender_bare: JIDLike, correction_direction: DirectionLike,
                  *, groupchat: bool = False) -> Verdict:
    """XEP-0308 §5 / XEP-0424: only the original sender may correct or retract a message.

    Directions are ``"in"``/``"out"`` (or ``Direction``): one of our own messages is changed
    only by us, a peer's only by that peer. Senders are compared by bare JID; in a room
    (``groupchat=True``) pass the occupant JID ``room@service/nick`` and it is compared whole.
    """
    if _direction(original_direction) != _direction(correction_direction):
        return _reject("direction-mismatch")
    first = _parse(original_sender_bare)
    second = _parse(correction_sender_bare)
    if first is None or second is None:
        return _reject("invalid-sender")
    if not first[0] or first[0] != second[0]:
        return _reject("not-original-sender")
    if groupchat and first[1] != second[1]:
        return _reject("not-original-occupant")
    return ACCEPT


def retraction_ok(original_sender: JIDLike, original_direction: DirectionLike | None,
                  retraction_sender: JIDLike, retraction_direction: DirectionLike) -> Verdict:
    """XEP-0424 §6: a retraction applies only to a message that exists (``original_sender``
    is "" when none with that id is stored in the conversation) and only when it comes from
    the bare JID that sent that message: the peer retracts the peer's messages, we (this or
    another of our clients, via carbons or the archive) retract ours. A peer naming one of our
    messages, or we one of theirs, is refused like a third party."""
    if not original_sender or original_direction is None:
        return _reject("no-such-message")
    if _direction(original_direction) != _direction(retraction_direction):
        return _reject("names-another-senders-message")
    first = _bare(original_sender)
    second = _bare(retraction_sender)
    if first is None or second is None:
        return _reject("invalid-sender")
    if not first or first != second:
        return _reject("not-original-sender")
    return ACCEPT


def reaction_ok(sender: JIDLike, direction: DirectionLike, peer: JIDLike, own: JIDLike,
                target_found: bool) -> Verdict:
    """XEP-0444: a reaction set counts only from the conversation's peer (incoming) or our own
    bare JID (ours, from this or another of our clients), and only for a message of that
    conversation that we hold (``target_found``). Anyone else is refused."""
    who = _bare(sender)
    expected = _bare(own) if _direction(direction) == "out" else _bare(peer)
    if who is None:
        return _reject("invalid-sender")
    if not who or who != expected:
        return _reject("not-peer-or-own")
    if not target_found:
        return _reject("no-such-message")
    return ACCEPT
