# RFC 6120 §4.9: stream errors
"""The server's last words: a stream error among bytes read but not yet handled when the server
closed the connection.

A large read is handed to slixmpp in slices (xmlguard.py); when the server closes the connection
meanwhile, the rest of the read is dropped with it. Its last words are often a stream error
(``<conflict/>``: another login with our device name replaced this one). Dropped, the end looked
like a lost connection: Heron logged in again and replaced the other login in turn. Only the
stream error is read from what is dropped (nothing else is handled on a connection that ended).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

STREAMS_NS = "http://etherx.jabber.org/streams"
START, END = b"<stream:error", b"</stream:error>"
MAX_ERROR_BYTES = 8192  # a stream error is a few hundred bytes; anything larger is not read
_OPEN = (f"<stream:stream xmlns:stream='{STREAMS_NS}' xmlns='jabber:client'>").encode()


def stream_error_in(data: bytes) -> ET.Element | None:
    """The last ``<stream:error/>`` in ``data`` (a stream's unread bytes), or None."""
    start = data.rfind(START)
    end = data.find(END, start) if start >= 0 else -1
    if end < 0 or end - start > MAX_ERROR_BYTES:
        return None
    try:  # no DTD can stand inside an element: an entity in it fails to parse (and is ignored)
        root = ET.fromstring(_OPEN + data[start:end + len(END)] + b"</stream:stream>")  # noqa: S314
    except ET.ParseError:
        return None
    return root.find(f"{{{STREAMS_NS}}}error")
