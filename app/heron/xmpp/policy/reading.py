"""Read state: chat markers (XEP-0333) from the contact a message went to, and what the user
read elsewhere (a marker from another of our clients, XEP-0490 on our own PEP node)."""

from __future__ import annotations

from heron.xmpp.policy.jids import JIDLike, _bare, _parse
from heron.xmpp.policy.peers import _from_peer
from heron.xmpp.policy.verdict import ACCEPT, Verdict, _reject


def marker_ok(outer_from: JIDLike, recipient: JIDLike, own: JIDLike) -> Verdict:
    """XEP-0333: a marker says the contact received or displayed one of our messages, so it is
    believed only from the bare JID that message was sent to (``recipient``, as stored; ""
    when no message of ours has that id). Our own account's markers are our other clients
    answering the contact, not the contact reading ours."""
    if not recipient:
        return _reject("no-such-message")
    sender = _bare(outer_from)
    if sender is not None and sender and sender == _bare(own):
        return _reject("from-own-account")
    return _from_peer(outer_from, recipient)


def read_elsewhere_ok(marker_from: JIDLike, marker_to: JIDLike, own: JIDLike) -> Verdict:
    """XEP-0333 <displayed/> sent by another of our own clients (seen as a carbon or in our
    archive): it says the user read the contact's messages, so it is believed only when it
    was sent from our own account to someone else."""
    sender = _bare(marker_from)
    if sender is None:
        return _reject("invalid-from")
    if not sender or sender != _bare(own):
        return _reject("not-own-account")
    to = _bare(marker_to)
    if not to or to == sender:
        return _reject("not-to-a-contact")
    return ACCEPT


def displayed_sync_ok(outer_from: JIDLike, own: JIDLike) -> Verdict:
    """XEP-0490: where the user stopped reading is published by the user's own clients on the
    user's own PEP node, so a notification is believed only from our own bare JID (the PEP
    service), never from a resource or anyone else."""
    sender = _parse(outer_from)
    mine = _bare(own)
    if sender is None:
        return _reject("invalid-from")
    if not mine or sender[0] != mine:
        return _reject("not-own-account")
    if sender[1]:
        return _reject("from-own-resource")
    return ACCEPT
