"""JID string helpers for the layers that must not import slixmpp (RFC 7622, simplified)."""

from __future__ import annotations


def bare(jid: str) -> str:
    """``user@host/res`` -> ``user@host`` (lower-cased local part and domain)."""
    without_resource = jid.split("/", 1)[0]
    return without_resource.lower()


def resource(jid: str) -> str:
    return jid.partition("/")[2]


def localpart(jid: str) -> str:
    b = bare(jid)
    return b.split("@", 1)[0] if "@" in b else ""


def domain(jid: str) -> str:
    b = bare(jid)
    return b.split("@", 1)[1] if "@" in b else b


def looks_valid(jid: str) -> bool:
    """A cheap syntax check for input fields; slixmpp does the full RFC 7622 check."""
    b = jid.split("/", 1)[0]
    if b.count("@") != 1:
        return False
    local, dom = b.split("@")
    return (bool(local) and bool(dom) and " " not in b and "." in dom) or dom == "localhost"
