"""The server's last words (RFC 6120 §4.9) found among bytes it sent before closing."""

from __future__ import annotations

from heron.xmpp.last_words import STREAMS_NS, stream_error_in

CONFLICT = (b"<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
            b"<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text>"
            b"</stream:error></stream:stream>")


def test_a_stream_error_behind_stanzas_is_found() -> None:
    unread = b"<message to='a@b'><body>" + b"x" * 5000 + b"</body></message>" + CONFLICT
    error = stream_error_in(unread)
    assert error is not None and error.tag == f"{{{STREAMS_NS}}}error"
    assert error.find("{urn:ietf:params:xml:ns:xmpp-streams}conflict") is not None


def test_no_stream_error_or_half_of_one_is_nothing() -> None:
    assert stream_error_in(b"<message><body>hi</body></message>") is None
    assert stream_error_in(CONFLICT[:40]) is None


def test_an_entity_or_junk_inside_is_not_read() -> None:
    assert stream_error_in(b"<stream:error>&boom;</stream:error>") is None
    assert stream_error_in(b"<stream:error><a></stream:error>") is None
    assert stream_error_in(b"<stream:error>" + b"<x/>" * 4000 + b"</stream:error>") is None
