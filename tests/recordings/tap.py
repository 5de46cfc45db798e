"""The bytes a server sent, cut into stanzas exactly as they arrived, and made stable.

:class:`RawTap` keeps each top-level element of a stream as the server wrote it (attribute
order, quotes, namespace declarations and prefixes untouched): slixmpp's own view of a stanza
is re-serialised and would hide exactly the differences the recordings are for.
:func:`normalise` then replaces what changes from run to run (ids, time stamps, roster
versions, ports) by stand-ins of the same shape, so a re-recording gives a clean diff and a
digit-only id stays digits, a UUID stays a UUID-shaped string, a stamp keeps its fraction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from xml.parsers import expat

from heron.xmpp.expat_eager import parse_eagerly

STANZA_DEPTH = 2  # depth 1 is <stream:stream>


@dataclass
class Stream:
    """One stream (a restart after STARTTLS or SASL begins a new one)."""

    header: bytes = b""
    stanzas: list[bytes] = field(default_factory=list)


def _tag_end(data: bytes | bytearray, start: int) -> int:
    """The offset after the ``>`` closing the tag at ``start`` (quotes respected)."""
    quote = 0
    for i in range(start, len(data)):
        char = data[i]
        if quote:
            if char == quote:
                quote = 0
        elif char in b"'\"":
            quote = char
        elif char == ord(">"):
            return i + 1
    raise ValueError("tag not closed")


class RawTap:
    """Feed it what ``data_received`` gets; :attr:`streams` holds the cut stanzas."""

    def __init__(self) -> None:
        self.streams: list[Stream] = []

    @property
    def stanzas(self) -> list[tuple[bytes, bytes]]:
        """Every stanza so far with the header of its stream, in order."""
        return [(s.header, raw) for s in self.streams for raw in s.stanzas]

    def new_stream(self) -> None:
        self._buffer = bytearray()
        self._depth = 0
        self._start = 0
        stream = Stream()
        self.streams.append(stream)
        parser = expat.ParserCreate(None, "}")
        parse_eagerly(parser)

        def start(_name: str, _attrs: dict[str, str]) -> None:
            self._depth += 1
            index = parser.CurrentByteIndex
            if self._depth == 1:
                stream.header = bytes(self._buffer[index:_tag_end(self._buffer, index)])
            elif self._depth == STANZA_DEPTH:
                self._start = index

        def end(_name: str) -> None:
            if self._depth == STANZA_DEPTH:
                head_end = _tag_end(self._buffer, self._start)
                if self._buffer[head_end - 2:head_end] == b"/>":  # an empty element
                    stop = head_end
                else:
                    stop = self._buffer.index(b">", parser.CurrentByteIndex) + 1
                stream.stanzas.append(bytes(self._buffer[self._start:stop]))
            self._depth -= 1

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        self._parser = parser

    def feed(self, data: bytes | str) -> None:
        raw = data.encode() if isinstance(data, str) else data
        self._buffer += raw
        self._parser.Parse(raw, False)


# --- normalising -------------------------------------------------------------------------------

# Roster versions that are counters (Prosody's) stay: they are the same in every run.
_ATTRIBUTE = re.compile(r"""(\s(id|stamp|ver)=)(['"])(.*?)\3""", re.DOTALL)
_RSM_TEXT = re.compile(r"(<(first|last|before|after)\b[^>]*>)([^<]*)(</\2>)")
_STAMP = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$")
STAMP_BASE = datetime(2026, 1, 2, 3, 4, 0, tzinfo=UTC)


class Normaliser:
    """Same value in, same stand-in out, within one file; stand-ins numbered by first sight."""

    def __init__(self, ports: tuple[int, ...] = (), sort_attributes: bool = False) -> None:
        self.ports = ports
        self.sort_attributes = sort_attributes
        self._ids: dict[str, str] = {}
        self._stamps: dict[str, str] = {}
        self._versions: dict[str, str] = {}

    def id_(self, value: str) -> str:
        if value not in self._ids:
            self._ids[value] = _same_shape(value, len(self._ids) + 1)
        return self._ids[value]

    def version(self, value: str) -> str:
        """Roster and caps versions, numbered apart from ids (``v`` plus the number)."""
        if value not in self._versions:
            self._versions[value] = f"v{len(self._versions) + 1}"
        return self._versions[value]

    def stamp(self, value: str) -> str:
        match = _STAMP.match(value)
        if match is None:
            return self.id_(value)
        if value not in self._stamps:
            moment = STAMP_BASE + timedelta(seconds=len(self._stamps) + 1)
            fraction = match.group(2) or ""
            digits = f".{'0' * (len(fraction) - 2)}1" if fraction else ""
            self._stamps[value] = moment.strftime("%Y-%m-%dT%H:%M:%S") + digits + match.group(3)
        return self._stamps[value]

    def text(self, xml: str) -> str:
        def attribute(match: re.Match[str]) -> str:
            name, value = match.group(2), match.group(4)
            if name == "stamp":
                new = self.stamp(value)
            elif name == "ver":
                new = value if value.isdigit() else self.version(value)
            else:
                new = self.id_(value)
            return f"{match.group(1)}{match.group(3)}{new}{match.group(3)}"

        xml = _ATTRIBUTE.sub(attribute, xml)
        xml = _RSM_TEXT.sub(lambda m: m.group(1) + (self.id_(m.group(3)) if m.group(3) else "")
                            + m.group(4), xml)
        for port in self.ports:
            xml = xml.replace(f":{port}", ":PORT")
        if self.sort_attributes:
            xml = _START_TAG.sub(_sorted_attributes, xml)
            for container in _SET_LIKE:
                xml = container.sub(_sorted_children, xml)
        return xml


_START_TAG = re.compile(r"""<([\w:.-]+)((?:\s+[\w:.-]+=(?:'[^']*'|"[^"]*"))+)(\s*/?)>""")
_ATTR = re.compile(r"""([\w:.-]+)=('[^']*'|"[^"]*")""")


def _sorted_attributes(match: re.Match[str]) -> str:
    """Prosody writes attributes in Lua's table order, which changes from run to run."""
    pairs = sorted(_ATTR.findall(match.group(2)))
    return f"<{match.group(1)}" + "".join(f" {k}={v}" for k, v in pairs) + f"{match.group(3)}>"


# Containers whose children Prosody writes in table order (random per run): sorted, with
# the attributes, for Prosody only. Their content never holds the same tag again.
# Inner containers first: one pass must not swallow another's content.
_SET_LIKE = [re.compile(rf"(<({name})\b[^>]*>)(.*?)(</\2>)", re.DOTALL)
             for name in ("mechanisms", "set", "query", "stream:features")]
_TAG = re.compile(r"<(/?)[^>]*?(/?)>")


def _children(content: str) -> list[str]:
    """The top-level elements of ``content`` (text between them is dropped)."""
    found: list[str] = []
    depth = start = 0
    for match in _TAG.finditer(content):
        if depth == 0:
            start = match.start()
        if match.group(1):
            depth -= 1
        elif not match.group(2):
            depth += 1
        if depth == 0:
            found.append(content[start:match.end()])
    return found


def _sorted_children(match: re.Match[str]) -> str:
    children = _children(match.group(3))
    if "".join(children) != match.group(3):
        return match.group(0)  # mixed content: left as it is
    return match.group(1) + "".join(sorted(children)) + match.group(4)


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _same_shape(value: str, number: int) -> str:
    """A stand-in of the same kind as ``value``: a number stays a number, a UUID a UUID, hex
    stays hex, any other token becomes ``x...N``. Only the kind is kept, not each character's
    class (that is random), and the length is rounded up to a multiple of 4: ejabberd's
    random ids differ by a digit or two from run to run."""
    digits = str(number)
    if _UUID.match(value):
        return f"00000000-0000-4000-8000-{number:012d}"
    if re.fullmatch(r"[0-9a-f]{32}", value):  # slixmpp's ids (uuid4().hex)
        return digits.zfill(32)
    width = max(-(-len(value) // 4) * 4, len(digits) + 1)
    if value.isdigit():
        return "1" + digits.zfill(width - 1)
    return digits.rjust(width, "x")
