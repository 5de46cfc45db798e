"""Restricted XML for incoming streams (RFC 6120 §11.1), plus bounds on stanza size and depth.

DESIGN.md, "Security rules": *incoming XML is restricted (RFC 6120): no DTD, no entities,
bounded depth and stanza size.* slixmpp 1.17 parses the wire with a plain
``xml.etree.ElementTree.XMLPullParser`` (``XMLStream.init_parser``), which accepts a DOCTYPE and
expands internal entities: a 300-byte "billion laughs" grows to megabytes (STACK-NOTES.md §10).

Heron replaces that parser, per stream, with :class:`RestrictedPullParser`: one expat parser
(the model is python-nbxmpp's ``simplexml.py``) whose handlers refuse, before anything is
expanded or built, a DOCTYPE, entity / attribute-list / element / notation declarations,
external entities, comments and processing instructions, and an undefined entity reference;
it feeds an ``ElementTree.TreeBuilder`` and offers the same ``feed()`` / ``read_events()``
interface that ``XMLStream.data_received`` consumes, so slixmpp's own stanza handling is
unchanged. Everything parsed before the offending byte is delivered as usual.

:class:`RestrictedXMLStreamMixin` (put it before ``slixmpp.ClientXMPP`` in the bases) installs
the parser in ``init_parser`` (called on every connection and stream restart) and, after each
``data_received``, closes a stream that broke a rule: it sends
``<stream:error><restricted-xml/></stream:error>`` (``policy-violation`` for a stanza over
``max_stanza_bytes`` or nesting deeper than ``max_xml_depth``, ``not-well-formed`` for broken
XML), closes the transport (aborted if it has not gone within ``ABORT_AFTER`` seconds) and logs
one WARNING. slixmpp then fires its usual ``disconnected`` event, so only that stream ends: the
account reconnects and the process carries on.

A read from the socket can hold hundreds of stanzas (an offline backlog, a MAM page: up to
256 KiB per TLS read), and slixmpp handles every stanza of a read, with all its handlers, in
that one ``data_received`` call: the event loop, and so the window, stood still until all were
done. The mixin hands a large read to slixmpp in slices of ``SLICE_BYTES``, as many as fit in
``TURN_SECONDS``, and lets the loop run before the next ones. What arrives meanwhile queues
behind them, so stanzas keep their order; reading pauses only while more than ``PAUSE_ABOVE``
waits (pausing it at every large read made every later read a large one).
"""

from __future__ import annotations

import contextlib
import logging
import time
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, NoReturn
from xml.parsers import expat

from slixmpp.stanza import StreamError
from slixmpp.xmlstream import XMLStream

from heron.xmpp import last_words
from heron.xmpp.expat_eager import parse_eagerly

log = logging.getLogger(__name__)

STREAMS_NS = "urn:ietf:params:xml:ns:xmpp-streams"
DEFAULT_MAX_STANZA_BYTES = 256 * 1024
DEFAULT_MAX_DEPTH = 64
ABORT_AFTER = 1.0  # seconds a closing transport may take to flush the stream error
SLICE_BYTES = 4 * 1024  # a larger read is handed to slixmpp in slices of this size,
TURN_SECONDS = 0.008  # as many as fit in this time; then the loop runs before the next ones
PAUSE_ABOVE = 1024 * 1024  # reading pauses while more than this waits to be handled

_UNDEFINED_ENTITY = expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]
_NAME_CACHE_LIMIT = 1024


class XMLRestrictionError(Exception):
    """The stream broke a rule; ``condition`` is the RFC 6120 stream error to send."""

    def __init__(self, condition: str, reason: str) -> None:
        super().__init__(reason)
        self.condition = condition
        self.reason = reason


# The name the previous version of this module used.
XMLViolationError = XMLRestrictionError


class RestrictedPullParser(ET.XMLPullParser):  # type: ignore[type-arg]
    """A drop-in for slixmpp's ``XMLPullParser(("start", "end"))`` that refuses what RFC 6120
    forbids. It never raises from :meth:`feed`: the first violation is kept in
    :attr:`violation`, parsing stops there and later input is ignored.
    """

    def __init__(self, max_stanza_bytes: int = DEFAULT_MAX_STANZA_BYTES,
                 max_depth: int = DEFAULT_MAX_DEPTH) -> None:
        super().__init__(events=())  # only to be a real XMLPullParser; never fed
        self.max_stanza_bytes = max_stanza_bytes
        self.max_depth = max_depth
        self.violation: XMLRestrictionError | None = None
        self._ready: deque[tuple[str, ET.Element]] = deque()
        self._builder = ET.TreeBuilder()
        self._names: dict[str, str] = {}
        self._depth = 0
        self._fed = 0  # bytes given to expat so far (CurrentByteIndex counts the same way)
        self._stanza_start: int | None = None  # byte offset of the open top-level stanza
        self._mark = 0  # offset of the last thing seen between stanzas

        parser = expat.ParserCreate(None, "}")
        parser.buffer_text = True
        parser.ordered_attributes = True
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.UseForeignDTD(False)
        parse_eagerly(parser)  # a stanza is read once whole, not when more data follows
        restricted = self._restricted
        parser.StartDoctypeDeclHandler = lambda *_: restricted("DOCTYPE")
        parser.EntityDeclHandler = lambda *_: restricted("entity declaration")
        parser.UnparsedEntityDeclHandler = lambda *_: restricted("unparsed entity declaration")
        parser.NotationDeclHandler = lambda *_: restricted("notation declaration")
        parser.ElementDeclHandler = lambda *_: restricted("element declaration")
        parser.AttlistDeclHandler = lambda *_: restricted("attribute list declaration")
        parser.ExternalEntityRefHandler = lambda *_: restricted("external entity")
        parser.SkippedEntityHandler = lambda *_: restricted("entity reference")
        parser.CommentHandler = lambda *_: restricted("comment")
        parser.ProcessingInstructionHandler = lambda *_: restricted("processing instruction")
        parser.XmlDeclHandler = self._xml_decl
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        self._expat: Any = parser

    # --- the interface XMLStream.data_received uses -------------------------------------------

    def feed(self, data: bytes | str) -> None:  # type: ignore[override]
        if self.violation is not None:
            return
        raw = data.encode("utf-8") if isinstance(data, str) else data
        self._fed += len(raw)
        try:
            self._expat.Parse(raw, False)
            self._check_pending()
        except XMLRestrictionError as violation:
            self._stop(violation)
        except expat.ExpatError as exc:
            if exc.code == _UNDEFINED_ENTITY:
                self._stop(XMLRestrictionError("restricted-xml", f"entity reference ({exc})"))
            else:
                self._stop(XMLRestrictionError("not-well-formed", f"malformed XML ({exc})"))

    def read_events(self) -> Iterator[tuple[str, ET.Element]]:  # type: ignore[override]
        ready = self._ready
        while ready:
            yield ready.popleft()

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self.violation is None:
            with contextlib.suppress(expat.ExpatError, XMLRestrictionError):
                self._expat.Parse(b"", True)
        self._stop(self.violation or XMLRestrictionError("not-well-formed", "parser closed"))

    # --- expat handlers -------------------------------------------------------------------------

    def _stop(self, violation: XMLRestrictionError) -> None:
        if self.violation is None:
            self.violation = violation
        # Drop the handlers (and the tree) so nothing of this stream is kept alive.
        self._expat = None
        self._builder = ET.TreeBuilder()

    @staticmethod
    def _restricted(what: str) -> NoReturn:
        raise XMLRestrictionError("restricted-xml", f"{what} in stream")

    def _xml_decl(self, _version: str | None, encoding: str | None, _standalone: int) -> None:
        if encoding and encoding.replace("-", "").lower() != "utf8":
            raise XMLRestrictionError("unsupported-encoding", f"encoding {encoding!r}")

    def _name(self, name: str) -> str:
        fixed = self._names.get(name)
        if fixed is None:
            fixed = "{" + name if "}" in name else name
            if len(self._names) < _NAME_CACHE_LIMIT:
                self._names[name] = fixed
        return fixed

    def _start(self, tag: str, attributes: list[str]) -> None:
        self._depth += 1
        if self._depth > self.max_depth:
            raise XMLRestrictionError("policy-violation",
                                      f"elements nested deeper than {self.max_depth}")
        position: int = self._expat.CurrentByteIndex
        if self._depth == 2:  # a stanza opens (depth 1 is <stream:stream>)  # noqa: PLR2004  stanza depth
            self._stanza_start = position
        else:
            self._check_stanza(position)
        name = self._name
        attrib = {name(attributes[i]): attributes[i + 1] for i in range(0, len(attributes), 2)}
        self._ready.append(("start", self._builder.start(name(tag), attrib)))

    def _end(self, tag: str) -> None:
        position: int = self._expat.CurrentByteIndex
        self._check_stanza(position)
        if self._depth == 2:  # noqa: PLR2004  stanza depth
            self._stanza_start = None
            self._mark = position
        self._depth -= 1
        self._ready.append(("end", self._builder.end(self._name(tag))))

    def _data(self, text: str) -> None:
        position: int = self._expat.CurrentByteIndex
        if self._depth >= 2:  # noqa: PLR2004  stanza depth
            self._check_stanza(position)
            self._builder.data(text)
        else:
            # Whitespace between stanzas (keepalives): nothing reads it, so nothing keeps it.
            self._mark = position

    # --- size ---------------------------------------------------------------------------------

    def _check_stanza(self, position: int) -> None:
        start = self._stanza_start
        if start is not None and position - start > self.max_stanza_bytes:
            raise XMLRestrictionError("policy-violation",
                                      f"stanza larger than {self.max_stanza_bytes} bytes")

    def _check_pending(self) -> None:
        """After a chunk: the open stanza, or the bytes expat holds since the last complete
        thing between stanzas (an endless start tag), must stay under the bound."""
        start = self._stanza_start if self._stanza_start is not None else self._mark
        if self._fed - start > self.max_stanza_bytes:
            raise XMLRestrictionError("policy-violation",
                                      f"stanza larger than {self.max_stanza_bytes} bytes")


if TYPE_CHECKING:
    _StreamBase = XMLStream
else:
    _StreamBase = object


class RestrictedXMLStreamMixin(_StreamBase):
    """Mix into a slixmpp ``ClientXMPP`` subclass, *before* ``ClientXMPP`` in the bases.

    ``max_stanza_bytes`` and ``max_xml_depth`` may be overridden per class or instance.
    """

    max_stanza_bytes: int = DEFAULT_MAX_STANZA_BYTES
    max_xml_depth: int = DEFAULT_MAX_DEPTH

    def init_parser(self) -> None:
        super().init_parser()
        self.parser = RestrictedPullParser(self.max_stanza_bytes, self.max_xml_depth)

    # The slices of a large read still to hand to slixmpp (in order, with whatever arrives
    # meanwhile), their size, and the transport and parser they belong to.
    _pending_slices: deque[bytes] | None = None
    _pending_bytes = 0
    _reading_paused = False
    _slices_for: tuple[Any, Any] = (None, None)

    def data_received(self, data: bytes | str) -> None:
        if self._pending_slices:  # earlier slices still wait; this comes after them
            self._queue(data)
            return
        if len(data) <= SLICE_BYTES:
            self._receive_slice(data)
            return
        self._pending_slices = deque()
        self._pending_bytes = 0
        self._reading_paused = False
        self._slices_for = (self.transport, self.parser)
        self._queue(data)
        self._next_slice()

    def _queue(self, data: bytes | str) -> None:
        pending = self._pending_slices
        if pending is None:  # not slicing: nothing to queue behind
            raise RuntimeError("slices queued outside a sliced read")
        for piece in _slices(data):
            pending.append(piece)
            self._pending_bytes += len(piece)
        # Reading goes on while slices wait: only a server that sends faster than we handle,
        # for long, is held back.
        if self._pending_bytes > PAUSE_ABOVE and not self._reading_paused:
            self._set_reading(paused=True)

    def _set_reading(self, *, paused: bool) -> None:
        transport: Any = self._slices_for[0]
        if transport is None:
            return
        with contextlib.suppress(AttributeError, RuntimeError):
            transport.pause_reading() if paused else transport.resume_reading()
        self._reading_paused = paused

    def _next_slice(self) -> None:
        pending = self._pending_slices
        transport, parser = self._slices_for
        if not pending:
            return
        if not self._still_reading(transport):
            self._drop_pending()  # the connection is gone, and what it read with it
            return
        deadline = time.perf_counter() + TURN_SECONDS
        while pending:
            if self.parser is not parser:
                # A stream restart (STARTTLS, SASL success) while slices wait. A server sends
                # nothing after <proceed/> or <success/> until our new header, so what waits
                # cannot belong to the new stream (nor, after STARTTLS, be trusted).
                log.warning("ignoring %d bytes that followed a stream restart",
                            self._pending_bytes)
                self._drop_pending()
                break
            piece = pending.popleft()
            self._pending_bytes -= len(piece)
            self._receive_slice(piece)
            if not self._still_reading(transport):
                self._drop_pending()
                return
            if time.perf_counter() >= deadline:
                break
        if self._reading_paused and self._pending_bytes <= PAUSE_ABOVE // 2:
            self._set_reading(paused=False)
        if pending:
            self.loop.call_soon(self._next_slice)  # the loop runs (and paints) first
        else:
            self._slices_for = (None, None)  # keep no ended connection alive

    # The server closed the connection with slices still waiting: its stream error among them
    # is still heard (last_words.py).
    _eof_from: Any = None  # the transport whose server closed its side

    def eof_received(self) -> None:
        self._eof_from = self.transport
        super().eof_received()

    def connection_lost(self, exception: BaseException | None) -> None:
        self._drop_pending()  # before slixmpp reports the end: a stream error comes first
        super().connection_lost(exception)

    def _drop_pending(self) -> None:
        if self._pending_slices:
            if self._slices_for[0] is not None and self._slices_for[0] is self._eof_from:
                unread = b"".join(p if isinstance(p, bytes) else p.encode()
                                  for p in self._pending_slices)
                if (error := last_words.stream_error_in(unread)) is not None:
                    self.event("stream_error", StreamError(xml=error))
            self._pending_slices.clear()
        self._pending_bytes = 0
        if self._reading_paused and self._still_reading(self._slices_for[0]):
            self._set_reading(paused=False)
        self._slices_for = (None, None)

    def _still_reading(self, transport: Any) -> bool:
        current: Any = self.transport
        return transport is not None and current is transport and not current.is_closing()

    def _receive_slice(self, data: bytes | str) -> None:
        parser = self.parser
        if isinstance(parser, RestrictedPullParser) and parser.violation is not None:
            return  # this stream is being closed; nothing more of it is read
        super().data_received(data)
        # The stanzas before the offending bytes have been handled; now end the stream.
        if isinstance(parser, RestrictedPullParser) and parser.violation is not None:
            self._close_restricted(parser.violation)

    def _close_restricted(self, violation: XMLRestrictionError) -> None:
        transport = self.transport
        log.warning(
            "closing stream from %s: %s (%s)", self.default_domain,
            violation.reason, violation.condition,
            extra={"xml_condition": violation.condition, "xml_reason": violation.reason},
        )
        if transport is None:
            return
        self.disconnect_reason = f"stream closed: {violation.reason}"
        try:
            transport.write(
                f"<stream:error><{violation.condition} xmlns='{STREAMS_NS}'/></stream:error>"
                "</stream:stream>".encode()
            )
        finally:
            # close() flushes the error, stops reading and leads to connection_lost, hence
            # slixmpp's "disconnected" event; a peer that never reads is cut off shortly after.
            transport.close()
            self.loop.call_later(ABORT_AFTER, self._abort_if_still, transport)

    def _abort_if_still(self, transport: Any) -> None:
        current = self.transport
        if current is not None and current is transport:
            current.abort()


def _slices(data: bytes | str) -> Iterator[bytes]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    for start in range(0, len(raw), SLICE_BYTES):
        yield raw[start : start + SLICE_BYTES]


# The name the previous version of this module used (heron.xmpp.client imports it).
RestrictedXMLMixin = RestrictedXMLStreamMixin
