"""``xmpp:`` URIs (RFC 5122) and their query actions (XEP-0147).

A link on a web page or in another program names an address and, optionally, what to do with
it: ``xmpp:juliet@example.com?message;body=Hi`` opens a chat with a draft, ``?roster;name=Juliet;
group=Friends`` and ``?subscribe`` offer to add the contact, ``?join`` names a room. Such a link
comes from anywhere, so it only ever *prepares* something the user then confirms: a body becomes
a draft, never a sent message, and nothing from the link is markup.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from urllib.parse import unquote

from heron.core.jid import looks_valid

#: the actions Heron acts on; any other action still opens the chat (RFC 5122 §2.5: unknown
#: actions are ignored, the address is what counts)
ACTIONS = frozenset({"message", "roster", "subscribe", "join"})
MAX_URI = 8192
MAX_VALUE = 4000  # a draft or a name longer than this is not something a person wrote


class UriError(ValueError):
    """Not an ``xmpp:`` URI Heron can open. ``str(error)`` is a fixed English sentence (the UI
    translates it in the "XmppUri" context); nothing from the link is in it."""


@dataclass(frozen=True, slots=True)
class XmppUri:
    jid: str  # bare address, lower-cased; the resource (if any) is kept separately
    resource: str = ""
    action: str = ""  # one of ACTIONS, or "" for none / an action Heron does not know
    params: dict[str, str] = field(default_factory=dict)
    groups: tuple[str, ...] = ()  # ?roster may name several groups
    account: str = ""  # RFC 5122 authority: the account the link asks to use

    @property
    def body(self) -> str:
        return self.params.get("body", "")


def _clean(text: str) -> str:
    """Decoded text without control or bidi-override characters (a draft keeps its newlines)."""
    kept = [c for c in text if c in "\n\t" or unicodedata.category(c) not in {"Cc", "Cf"}]
    return "".join(kept)[:MAX_VALUE]


def _decode(part: str) -> str:
    return unquote(part, encoding="utf-8", errors="strict")


def _address(text: str) -> tuple[str, str]:
    decoded = _decode(text).strip()
    if _clean(decoded) != decoded:  # invisible characters make one address look like another
        raise UriError("The address in the link contains invisible characters.")
    address, _, resource = decoded.partition("/")
    local, _, domain = address.partition("@")
    bare = f"{local.lower()}@{domain.lower().rstrip('.')}"
    if not looks_valid(bare):
        raise UriError("The link does not contain a valid address.")
    return bare, resource


def parse(text: str) -> XmppUri:
    """Read an ``xmpp:`` URI; raises UriError with a reason a person understands."""
    text = text.strip()
    if len(text) > MAX_URI:
        raise UriError("The link is too long.")
    scheme, colon, rest = text.partition(":")
    if not colon or scheme.lower() != "xmpp":
        raise UriError("This is not an xmpp: link.")
    try:
        return _parse_rest(rest.split("#", 1)[0])  # Heron has no use for a fragment
    except UnicodeDecodeError as exc:
        raise UriError("The link is not valid UTF-8.") from exc


def _parse_rest(rest: str) -> XmppUri:
    account = ""
    if rest.startswith("//"):  # xmpp://account@host/target: the account the link asks for
        authority, slash, rest = rest[2:].partition("/")
        if not slash:
            raise UriError("The link does not contain a valid address.")
        account = _address(authority)[0]
    path, _, query = rest.partition("?")
    jid, resource = _address(path)
    action, params, groups = _query(query)
    return XmppUri(jid=jid, resource=resource, action=action, params=params, groups=groups,
                   account=account)


def _query(query: str) -> tuple[str, dict[str, str], tuple[str, ...]]:
    if not query:
        return "", {}, ()
    head, *pairs = query.split(";")
    action = _decode(head).strip().lower()
    params: dict[str, str] = {}
    groups: list[str] = []
    for pair in pairs:
        key, equals, value = pair.partition("=")
        if not equals:
            continue
        key = _decode(key).strip().lower()
        value = _clean(_decode(value))  # RFC 3986: "+" is a plus, not a space
        if key == "group":
            if value.strip():
                groups.append(value.strip())
        elif key not in params:  # the first value wins: a later duplicate cannot override it
            params[key] = value
    return (action if action in ACTIONS else ""), params, tuple(dict.fromkeys(groups))
