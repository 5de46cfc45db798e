# XEP-0393: Message Styling
"""Plain text to styled lines, following XEP-0393 (no Qt here; ui/styled_text.py paints it).

The result keeps every character of the text where it was: one ``Line`` per line of the body,
offsets into the original string, and the styling directives (``*``, ``_``, ``~``, `````,
``>``) are marked but never removed. The XEP recommends showing them (formatted like the text
they apply to); keeping them also means that what is selected and copied is what was sent, and
that ``2*3*4`` or ``file_name_here`` can always be read as typed.

Blocks: a line starting with ``>`` is quoted (one leading whitespace trimmed per level, quotes
nest); a line starting with ````` `` `` ````` opens a preformatted block that ends at a line of
exactly three grave accents or where its parent quote ends; every other line is a plain block.
Spans live inside one plain line: an opening directive at the start of its parent or after
whitespace, not followed by whitespace, closed lazily by the first same directive that is not
preceded by whitespace, with text in between; a ````` ` ````` span holds no further spans.
An opening directive followed by the same character opens nothing, so ``**`` and ``****``
stay plain as the XEP's examples require.

The work is linear in the length of the text: closing directives are found through
precomputed "next closing position" tables, and spans nest at most four deep (a span can never
contain a span of its own kind, because the inner closing would close the outer one first).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum, Flag, auto


class Style(Flag):
    NONE = 0
    STRONG = auto()  # *bold*
    EMPHASIS = auto()  # _italic_
    STRIKE = auto()  # ~strike~
    MONO = auto()  # `code`


DIRECTIVES = {"*": Style.STRONG, "_": Style.EMPHASIS, "~": Style.STRIKE, "`": Style.MONO}
FENCE = "```"


class LineKind(Enum):
    PLAIN = "plain"  # a plain block: may hold spans
    FENCE = "fence"  # the opening or closing ``` line of a preformatted block
    PRE = "pre"  # a line inside a preformatted block: no spans


@dataclass(frozen=True, slots=True)
class Span:
    """``text[start:end]`` shown with ``style``; ``directive``: these are styling characters."""

    start: int
    end: int
    style: Style
    directive: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text (``text[start:end]``, without its newline).

    ``quotes``: the offsets of its ``>`` markers, outermost first (its quote depth is their
    number); ``content``: where the text after the quote markers starts; ``spans``: the
    styled runs of the content (only for plain lines; adjacent, in order)."""

    kind: LineKind
    start: int
    end: int
    content: int
    quotes: tuple[int, ...] = ()
    spans: tuple[Span, ...] = ()


def is_space(char: str) -> bool:
    """Whitespace as XEP-0393 defines it: Unicode White_Space or category Z."""
    return char.isspace() or unicodedata.category(char).startswith("Z")


def _peel_quotes(text: str, pos: int, end: int, limit: int) -> tuple[list[int], int]:
    """Up to ``limit`` quote levels from ``pos``: their ``>`` offsets and where the rest starts."""
    markers: list[int] = []
    while len(markers) < limit and pos < end and text[pos] == ">":
        markers.append(pos)
        pos += 1
        if pos < end and is_space(text[pos]):  # the first leading whitespace is trimmed
            pos += 1
    return markers, pos


def parse(text: str) -> list[Line]:
    """The lines of ``text`` with their block kind, quote markers and styled spans."""
    lines: list[Line] = []
    pre_depth: int | None = None  # quote depth of the open preformatted block, if any
    start = 0
    length = len(text)
    while start <= length:
        end = text.find("\n", start)
        if end < 0:
            end = length
        if pre_depth is not None:
            markers, content = _peel_quotes(text, start, end, pre_depth)
            if len(markers) < pre_depth:
                pre_depth = None  # the quote holding the block ended, and the block with it
            elif text[content:end] == FENCE:
                lines.append(Line(LineKind.FENCE, start, end, content, tuple(markers)))
                pre_depth = None
                start = end + 1
                continue
            else:
                lines.append(Line(LineKind.PRE, start, end, content, tuple(markers)))
                start = end + 1
                continue
        markers, content = _peel_quotes(text, start, end, length)
        if text.startswith(FENCE, content, end):
            pre_depth = len(markers)
            lines.append(Line(LineKind.FENCE, start, end, content, tuple(markers)))
        else:
            lines.append(Line(LineKind.PLAIN, start, end, content, tuple(markers),
                              tuple(_spans(text, content, end))))
        start = end + 1
    return lines


def _closing_tables(text: str, start: int, end: int) -> dict[str, list[int]]:
    """For each directive in the line: at index k - start, the first position >= k holding a
    closing candidate (the directive, not preceded by whitespace), or ``end`` if none."""
    tables: dict[str, list[int]] = {}
    for char in DIRECTIVES:
        if text.find(char, start, end) < 0:
            continue
        table = [end] * (end - start + 1)
        nearest = end
        for k in range(end - 1, start - 1, -1):
            if text[k] == char and k > start and not is_space(text[k - 1]):
                nearest = k
            table[k - start] = nearest
        tables[char] = table
    return tables


def _spans(text: str, start: int, end: int) -> list[Span]:
    out: list[Span] = []
    tables = _closing_tables(text, start, end)
    if tables:
        _parse_range(text, start, end, Style.NONE, tables, start, out)
    elif start < end:
        out.append(Span(start, end, Style.NONE))
    return out


def _parse_range(text: str, start: int, end: int, style: Style,  # noqa: PLR0917  recursion state
                 tables: dict[str, list[int]], line_start: int, out: list[Span]) -> None:
    """Spans of ``text[start:end]`` (a line's content or a span's inside) under ``style``."""
    plain_from = start
    i = start
    while i < end:
        char = text[i]
        table = tables.get(char)
        if (table is not None and (i == start or is_space(text[i - 1]))
                and i + 1 < end and not is_space(text[i + 1]) and text[i + 1] != char):
            close = table[i + 2 - line_start] if i + 2 <= end else end
            if close < end:
                if plain_from < i:
                    out.append(Span(plain_from, i, style))
                inner = style | DIRECTIVES[char]
                out.append(Span(i, i + 1, inner, directive=True))
                if char == "`":
                    out.append(Span(i + 1, close, inner))
                else:
                    _parse_range(text, i + 1, close, inner, tables, line_start, out)
                out.append(Span(close, close + 1, inner, directive=True))
                i = plain_from = close + 1
                continue
        i += 1
    if plain_from < end:
        out.append(Span(plain_from, end, style))


def is_plain(lines: list[Line]) -> bool:
    """Nothing styled: no quote, no preformatted block, no styled span."""
    return all(line.kind is LineKind.PLAIN and not line.quotes
               and all(span.style is Style.NONE for span in line.spans) for line in lines)
