# RFC 6120 §8.1.2 / RFC 7622: addresses that are not JIDs stop at the edge
"""A stanza whose ``from`` or ``to`` does not parse is dropped before any handler runs.

slixmpp parses addresses lazily: a 3 KB resource or a forbidden character raised InvalidJID
inside whichever handler read ``msg["from"]`` first (a traceback per stanza), and slixmpp's
error path then answered the bogus address. The filter runs after stream management counted
the stanza (XEP-0198 acks stay right) and logs one line per drop (``policy.log_rejected``).
"""

from __future__ import annotations

from typing import Any

from heron.xmpp import policy

MAX_LOGGED = 80  # characters of a bogus address in the log line


def install(client: Any) -> None:
    """Add the filter to ``client`` (after the filters plugins registered before it)."""
    client.add_filter("in", drop_invalid_addresses)


def drop_invalid_addresses(stanza: Any) -> Any:
    xml = getattr(stanza, "xml", None)
    if xml is None:
        return stanza
    for attribute in ("from", "to"):
        value = xml.get(attribute, "")
        verdict = policy.jid_ok(value)
        if not verdict:
            policy.log_rejected(f"{stanza.name}", f"invalid-{attribute}",
                                sender=value[:MAX_LOGGED], length=str(len(value)))
            return None
    return stanza
