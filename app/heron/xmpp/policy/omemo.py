"""OMEMO (XEP-0384): whose device lists are believed."""

from __future__ import annotations

from heron.xmpp.policy.jids import JIDLike, _bare, _parse
from heron.xmpp.policy.verdict import ACCEPT, Verdict, _reject


def omemo_device_list_ok(event_from: JIDLike, publisher: JIDLike) -> Verdict:
    """XEP-0384 §5.3.1: a device list is an item of its owner's PEP node, so a notification is
    believed only from a bare JID (the account's PEP service) and, where the server names the
    item's publisher, only when that is the same account: nobody else lists devices for it."""
    sender = _parse(event_from)
    if sender is None or not sender[0] or sender[1]:
        return _reject("not-a-bare-jid")
    if publisher and _bare(publisher) != sender[0]:
        return _reject("publisher-not-owner")
    return ACCEPT
