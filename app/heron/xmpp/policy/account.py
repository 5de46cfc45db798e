"""What only the user's own account or server may say: carbons (XEP-0280), roster and block
list pushes (RFC 6121, XEP-0191), what the server offers (XEP-0030) and the bookmarks on the
user's own PEP node (XEP-0402)."""

from __future__ import annotations

from heron.xmpp.policy.jids import JIDLike, _bare, _parse
from heron.xmpp.policy.reading import displayed_sync_ok
from heron.xmpp.policy.verdict import ACCEPT, Verdict, _reject


def carbon_ok(outer_from: JIDLike, own_full_jid: JIDLike, outer_type: str) -> Verdict:  # noqa: PLR0911  a return per rejection
    """XEP-0280: believe a carbon only if the outer message is from our own bare JID.

    Another of our resources, any other account, no ``from`` and a ``groupchat`` outer are all
    refused.
    """
    if outer_type == "groupchat":
        return _reject("groupchat-outer")
    own = _bare(own_full_jid)
    sender = _parse(outer_from)
    if not own:
        return _reject("own-jid-unknown")
    if sender is None:
        return _reject("invalid-from")
    if not sender[0]:
        return _reject("no-from")
    if sender[0] != own:
        return _reject("not-own-account")
    if sender[1]:
        return _reject("from-own-resource")
    return ACCEPT


def roster_push_ok(outer_from: JIDLike, own_jid: JIDLike, item_count: int) -> Verdict:
    """RFC 6121 §2.1.6: a push comes from our server (no ``from``, or exactly our bare JID)."""
    sender = _parse(outer_from)
    if sender is None:
        return _reject("invalid-from")
    if sender[0]:
        own = _bare(own_jid)
        if not own or sender[0] != own:
            return _reject("not-from-our-server")
        if sender[1]:
            return _reject("from-own-resource")
    if item_count != 1:
        return _reject("not-exactly-one-item")
    return ACCEPT


def disco_answer_ok(reply_from: JIDLike, asked: JIDLike, own_jid: JIDLike) -> Verdict:  # noqa: PLR0911  a return per rejection
    """XEP-0030: an answer that decides which features Heron uses comes from our own server.

    ``asked`` must be our domain, a service under it (``upload.<domain>``) or our own bare JID
    (the server answers for the account); never another account or another server. The answer
    must come from exactly that address; one without ``from`` counts only for our bare JID
    (RFC 6120 §8.1.2.1: the server answering on the account's behalf).
    """
    own = _bare(own_jid)
    target = _parse(asked)
    if not own:
        return _reject("own-jid-unknown")
    if target is None or not target[0] or target[1]:
        return _reject("not-a-service")
    domain = own.split("@")[-1]
    name = target[0]
    if name != own and not (name == domain or ("@" not in name and name.endswith("." + domain))):
        return _reject("not-our-server")
    sender = _parse(reply_from)
    if sender is None:
        return _reject("invalid-from")
    if not sender[0]:
        return ACCEPT if name == own else _reject("no-from")
    if sender[0] != name or sender[1]:
        return _reject("not-from-asked")
    return ACCEPT


def blocklist_push_ok(outer_from: JIDLike, own_jid: JIDLike) -> Verdict:
    """XEP-0191 §3.4: a block or unblock push comes from our server, as a roster push does
    (no ``from``, or exactly our bare JID); from anyone else it would edit our block list."""
    return roster_push_ok(outer_from, own_jid, 1)


def bookmark_update_ok(outer_from: JIDLike, own: JIDLike) -> Verdict:
    """XEP-0402: bookmarks live on the user's own PEP node, so an event that adds, changes or
    retracts one is believed only from our own bare JID; from anyone else it would make Heron
    join (or leave) rooms of a stranger's choosing. The same rule as displayed_sync_ok."""
    return displayed_sync_ok(outer_from, own)
