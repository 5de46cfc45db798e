"""Restricted XML for incoming streams (RFC 6120 §11.1), plus bounds on stanza size and depth.

slixmpp feeds the wire straight into ``xml.etree.ElementTree.XMLPullParser``, which accepts a
DOCTYPE and expands internal entities (a 300-byte "billion laughs" grows to megabytes). Heron
puts a strict expat scanner in front of it: every chunk is checked first, and only a chunk the
scanner accepts reaches slixmpp. A DTD, entity, comment or processing instruction closes the
stream with <restricted-xml/>; an oversized or too deep stanza with <policy-violation/>. Only
that stream ends: the account reconnects, the process stays up. Modelled on what python-nbxmpp
does for Gajim.
"""

from __future__ import annotations

import logging
from typing import Any
from xml.parsers import expat

log = logging.getLogger(__name__)

STREAMS_NS = "urn:ietf:params:xml:ns:xmpp-streams"
DEFAULT_MAX_STANZA_BYTES = 256 * 1024
DEFAULT_MAX_DEPTH = 64


class XMLViolationError(Exception):
    def __init__(self, condition: str, reason: str) -> None:
        super().__init__(reason)
        self.condition = condition  # the stream error to send
        self.reason = reason


class StreamGuard:
    """Scans a stream's bytes; raises :class:`XMLViolationError` on anything RFC 6120 forbids."""

    def __init__(self, max_stanza_bytes: int = DEFAULT_MAX_STANZA_BYTES,
                 max_depth: int = DEFAULT_MAX_DEPTH) -> None:
        self.max_stanza_bytes = max_stanza_bytes
        self.max_depth = max_depth
        self._fed = 0
        self._depth = 0
        self._stanza_start: int | None = None
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.UseForeignDTD(False)
        parser.StartDoctypeDeclHandler = self._forbid("DOCTYPE")
        parser.EntityDeclHandler = self._forbid("entity declaration")
        parser.UnparsedEntityDeclHandler = self._forbid("unparsed entity")
        parser.NotationDeclHandler = self._forbid("notation")
        parser.ExternalEntityRefHandler = self._forbid("external entity")
        parser.AttlistDeclHandler = self._forbid("attribute list declaration")
        parser.ElementDeclHandler = self._forbid("element declaration")
        parser.CommentHandler = self._forbid("comment")
        parser.ProcessingInstructionHandler = self._forbid("processing instruction")
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        self._parser = parser

    @staticmethod
    def _forbid(what: str) -> Any:
        def handler(*_args: Any) -> None:
            raise XMLViolationError("restricted-xml", f"{what} in stream")

        return handler

    def _start(self, _name: str, _attrs: Any) -> None:
        self._depth += 1
        if self._depth > self.max_depth:
            raise XMLViolationError("policy-violation",
                                    f"element nesting deeper than {self.max_depth}")
        if self._depth == 2:  # a stanza opens (depth 1 is <stream:stream>)
            self._stanza_start = self._parser.CurrentByteIndex
        self._check_size(self._parser.CurrentByteIndex)

    def _end(self, _name: str) -> None:
        self._check_size(self._parser.CurrentByteIndex)
        if self._depth == 2:
            self._stanza_start = None
        self._depth -= 1

    def _check_size(self, position: int) -> None:
        if self._stanza_start is not None and position - self._stanza_start > \
                self.max_stanza_bytes:
            raise XMLViolationError("policy-violation",
                            f"stanza larger than {self.max_stanza_bytes} bytes")

    def feed(self, data: bytes) -> None:
        self._fed += len(data)
        try:
            self._parser.Parse(data, False)
        except expat.ExpatError as exc:
            # An undefined entity reference lands here too: plain XML has only the five.
            raise XMLViolationError("not-well-formed", f"malformed XML: {exc}") from exc
        # A stanza still open after this chunk counts everything fed so far.
        self._check_size(self._fed)


class RestrictedXMLMixin:
    """Mix into a slixmpp ``ClientXMPP`` subclass (before it in the bases)."""

    max_stanza_bytes = DEFAULT_MAX_STANZA_BYTES
    max_depth = DEFAULT_MAX_DEPTH
    _guard: StreamGuard | None = None

    def init_parser(self) -> None:
        super().init_parser()  # type: ignore[misc]
        self._guard = StreamGuard(self.max_stanza_bytes, self.max_depth)

    def data_received(self, data: bytes | str) -> None:
        guard = self._guard
        if guard is not None:
            raw = data.encode() if isinstance(data, str) else data
            try:
                guard.feed(raw)
            except XMLViolationError as violation:
                self._close_for(violation)
                return
        super().data_received(data)  # type: ignore[misc]

    def _close_for(self, violation: XMLViolationError) -> None:
        log.warning("closing stream: %s (%s)", violation.reason, violation.condition,
                    extra={"condition": violation.condition})
        self._guard = None
        stream: Any = self
        transport = getattr(stream, "transport", None)
        if transport is not None:
            transport.write(
                f"<stream:error><{violation.condition} xmlns='{STREAMS_NS}'/></stream:error>"
                "</stream:stream>".encode()
            )
        stream.parser = None  # nothing more of this stream reaches slixmpp
        stream.disconnect_reason = f"stream closed: {violation.reason}"
        stream.abort()
