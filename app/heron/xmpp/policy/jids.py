"""JIDs as the rules read them: parsed and normalised once (nodeprep/nameprep, case) with
``slixmpp.JID``; a JID that does not parse is never believed."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from slixmpp import JID
from slixmpp.jid import InvalidJID

from heron.xmpp.policy.verdict import ACCEPT, Verdict, _reject

JIDLike = str | JID
DirectionLike = str | Enum  # "in" / "out", or heron.core.events.Direction


@lru_cache(maxsize=4096)
def _parse_str(jid: str) -> tuple[str, str] | None:
    try:
        parsed = JID(jid)
    except InvalidJID:
        return None
    return parsed.bare, parsed.resource


def _parse(jid: JIDLike) -> tuple[str, str] | None:
    """``(bare, resource)`` normalised, ``("", "")`` for an empty JID, None if it is invalid."""
    if isinstance(jid, JID):
        return jid.bare, jid.resource
    if not jid:
        return "", ""
    return _parse_str(jid)


def _bare(jid: JIDLike) -> str | None:
    parsed = _parse(jid)
    return None if parsed is None else parsed[0]


def _direction(value: DirectionLike) -> str:
    return str(value.value) if isinstance(value, Enum) else value


def jid_ok(value: str) -> Verdict:
    """RFC 7622: a stanza's ``from``/``to`` must parse (slixmpp raises later, in a handler,
    and answers the bogus address with an error). An absent attribute is fine."""
    if not value:
        return ACCEPT
    return ACCEPT if _parse(value) is not None else _reject("invalid-jid")
