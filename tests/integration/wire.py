"""What Heron's client puts on the wire, observed in the tests."""

from __future__ import annotations

from typing import Any


def record_sasl(client: Any) -> list[str]:
    """Every SASL element the client sends (<auth>, <response> ...), as it goes out."""
    sent: list[str] = []

    def keep(stanza: Any) -> Any:
        if type(stanza).__module__.startswith("slixmpp.features.feature_mechanisms"):
            sent.append(f"{stanza.name} {stanza.xml.get('mechanism', '')}".strip())
        return stanza

    client.add_filter("out", keep)
    return sent
