"""What Heron told the server about the user looking (XEP-0352), read from slixmpp's own log
of what it wrote; the test sets ``slixmpp.xmlstream.xmlstream`` to DEBUG first."""

from __future__ import annotations

import pytest

CSI_NS = "urn:xmpp:csi:0"
WIRE_LOGGER = "slixmpp.xmlstream.xmlstream"


def client_states(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The XEP-0352 elements Heron put on the wire, in order: "active" / "inactive"."""
    found = []
    for record in caplog.records:
        text = record.getMessage().replace("'", '"')
        if text.startswith("SEND: "):
            found += [e for e in ("inactive", "active") if f"<{e} xmlns=\"{CSI_NS}\"" in text]
    return found
