"""What the user types into a search field, read into a safe full-text query and filters.

Understood: words (all required), "exact phrases", prefix* (at least two letters), and the
filters ``from:<jid or name>``, ``before:YYYY-MM-DD`` (messages before that day),
``after:YYYY-MM-DD`` (that day and later) and ``on:YYYY-MM-DD``; a filter's value may be quoted
(``from:"Bob Builder"``). Everything else is text to find: FTS5 operators (OR, NOT, NEAR,
``column:``, parentheses, ``^``) typed by the user are searched as words, never run as syntax,
because every term reaches SQLite as a quoted FTS5 string. An unbalanced quote makes a phrase
of the rest of the line. The matched words are also returned so that the results can highlight
them (painted from plain text, see :func:`highlight_spans`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

#: a prefix shorter than this is searched as a whole word: "a*" would match most of an archive
MIN_EXPLICIT_PREFIX = 2
#: the last word typed is also a prefix (search as you type) from this length on
MIN_TYPED_PREFIX = 3
FILTERS = ("from", "before", "after", "on")


@dataclass(frozen=True, slots=True)
class Term:
    """One thing to find: a word, or a phrase (several words in a row); ``prefix``: the last
    word may continue."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        quoted = '"' + " ".join(self.words).replace('"', '""') + '"'
        return quoted + "*" if self.prefix else quoted


@dataclass(frozen=True, slots=True)
class SearchQuery:
    terms: tuple[Term, ...] = ()
    #: ``from:`` as typed (case-folded); "" when there is none
    sender: str = ""
    #: epoch seconds, local midnight: messages at or after ``after`` and before ``before``
    after: float | None = None
    before: float | None = None
    #: filters that were not understood (a bad date), shown to the user, not searched
    ignored: tuple[str, ...] = field(default=())

    @property
    def match(self) -> str:
        """The FTS5 expression ("" when there is no text to find)."""
        return " ".join(t.fts() for t in self.terms)

    @property
    def empty(self) -> bool:
        """Nothing to search for: neither text nor a filter."""
        return not self.terms and not self.sender and self.after is None and self.before is None


def fold(text: str) -> str:
    """Case and accents away, one character for one (so offsets stay valid): what the FTS5
    tokenizer (unicode61, remove_diacritics 2) compares."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0].lower()
        out.append(base[0] if base else ch)
    return "".join(out)


def _words(text: str) -> list[str]:
    """The tokens the FTS5 tokenizer would make (letters and digits, folded)."""
    return [w for w, _start in _word_spans(fold(text))]


def _word_spans(folded: str) -> list[tuple[str, int]]:
    spans: list[tuple[str, int]] = []
    start = -1
    for i, ch in enumerate(folded):
        if ch.isalnum():
            if start < 0:
                start = i
        elif start >= 0:
            spans.append((folded[start:i], start))
            start = -1
    if start >= 0:
        spans.append((folded[start:], start))
    return spans


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if len(value) == 10 else None  # noqa: PLR2004  YYYY-MM-DD
    except ValueError:
        return None


def _midnight(day: date) -> float:
    return datetime.combine(day, time()).timestamp()  # local time, as the user sees the day


def _tokens(text: str) -> list[tuple[str, bool]]:
    """(token, quoted) in order; ``key:"quoted value"`` stays one token."""
    tokens: list[tuple[str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == '"':
            end = text.find('"', i + 1)
            end = n if end < 0 else end
            tokens.append((text[i + 1:end], True))
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace():
            if text[j] == '"' and j > i and text[j - 1] == ":":  # key:"value with spaces"
                end = text.find('"', j + 1)
                end = n if end < 0 else end
                tokens.append((text[i:j] + text[j + 1:end], True))
                j = end + 1
                break
            j += 1
        else:
            tokens.append((text[i:j], False))
        i = j
    return tokens


def parse(text: str) -> SearchQuery:
    """Read the user's text; never raises, whatever it holds."""
    text = text.replace("\x00", " ")
    terms: list[Term] = []
    sender = ""
    after: float | None = None
    before: float | None = None
    ignored: list[str] = []
    tokens = _tokens(text)
    typed_on = bool(text) and not text[-1].isspace() and not text.endswith('"')
    for position, (token, quoted) in enumerate(tokens):
        key, colon, value = token.partition(":")
        key = key.lower()
        if colon and key in FILTERS and (value or quoted):
            if key == "from":
                sender = fold(value.strip())
                continue
            day = _day(value.strip())
            if day is None:
                ignored.append(token)
                continue
            start = _midnight(day)
            end = _midnight(day + timedelta(days=1))
            if key in ("after", "on"):
                after = start if after is None else max(after, start)
            if key in ("before", "on"):
                limit = start if key == "before" else end
                before = limit if before is None else min(before, limit)
            continue
        words = _words(token)
        if not words:
            continue
        if quoted:
            terms.append(Term(tuple(words)))
            continue
        explicit = token.endswith("*") and len(words[-1]) >= MIN_EXPLICIT_PREFIX
        last_typed = (position == len(tokens) - 1 and typed_on
                      and len(words[-1]) >= MIN_TYPED_PREFIX)
        # "foo-bar" is one phrase of two words (as the tokenizer splits it).
        terms.append(Term(tuple(words), prefix=explicit or last_typed))
    return SearchQuery(tuple(terms), sender, after, before, tuple(ignored))


def highlight_spans(body: str, terms: tuple[Term, ...]) -> list[tuple[int, int]]:
    """(start, end) character ranges of ``body`` that match a term, in order, merged: what the
    results and the find bar paint highlighted."""
    spans = _word_spans(fold(body))
    found: list[tuple[int, int]] = []
    for term in terms:
        size = len(term.words)
        for i in range(len(spans) - size + 1):
            ok = True
            for k, word in enumerate(term.words):
                candidate = spans[i + k][0]
                last = k == size - 1
                if not (candidate == word or (last and term.prefix
                                              and candidate.startswith(word))):
                    ok = False
                    break
            if ok:
                end_word, end_at = spans[i + size - 1]
                found.append((spans[i][1], end_at + len(end_word)))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(body: str, spans: list[tuple[int, int]],
            width: int = 140) -> tuple[str, list[tuple[int, int]]]:
    """One line of ``body`` around its first match (at most about ``width`` characters, "…"
    where cut), and the spans moved to it."""
    flat = " ".join(body.split("\n"))
    if len(flat) <= width:
        return flat, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(flat) - width))
    end = min(len(flat), start + width)
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(flat) else ""
    shift = len(lead) - start
    moved = [(max(s + shift, len(lead)), min(e + shift, len(lead) + end - start))
             for s, e in spans if e > start and s < end]
    return lead + flat[start:end] + tail, moved
