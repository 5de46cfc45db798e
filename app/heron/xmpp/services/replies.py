# XEP-0461: Message Replies (version 0.2, urn:xmpp:reply:0), with XEP-0428 fallback indication
"""Answer a particular message, and show which message an answer is about.

Sending: ``<reply to='author' id='…'/>`` names the original's id (Heron's messages have the
same UUID as id and origin-id); the body starts with the original as "> " lines for clients
without replies, and ``<fallback for='urn:xmpp:reply:0'><body start end/></fallback>`` says
which characters those are.

Receiving: the fallback part is taken out of the text that is stored and shown, only when the
fallback element says so and its range is sane: whole numbers, inside the body, starting at a
line's start and covering only quote lines ("> …"). A hostile range (negative, reversed, past
the end, in the middle of the real text) strips nothing. Offsets count characters (code points),
as Python strings do (XEP-0426).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from heron.core.events import Direction, StoredMessage

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

NS = "urn:xmpp:reply:0"
FALLBACK_NS = "urn:xmpp:fallback:0"
REPLY_TAG = f"{{{NS}}}reply"
FALLBACK_TAG = f"{{{FALLBACK_NS}}}fallback"
FALLBACK_BODY_TAG = f"{{{FALLBACK_NS}}}body"
MAX_ID_CHARS = 256
QUOTE_LINES = 3  # of the original, in the fallback text
QUOTE_LINE_CHARS = 200
#: replies being sent (origin-id -> what the stanza carries); kept until the send is done
MAX_PENDING = 500


@dataclass(frozen=True, slots=True)
class OutgoingReply:
    to: str  # the original's author
    target_id: str
    fallback: str  # "> …" lines put before the text


def _offset(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() and len(value) < 10 else None  # noqa: PLR2004  bounded number


def _quote_only(part: str) -> bool:
    lines = [line for line in part.split("\n") if line.strip()]
    return bool(lines) and all(line.lstrip().startswith(">") for line in lines)


def strip_fallback(xml: Any, body: str) -> str:
    """``body`` without the reply's fallback quote (see the module's docstring)."""
    ranges: list[tuple[int, int]] = []
    for fallback in xml.findall(FALLBACK_TAG):
        if fallback.get("for") != NS:
            continue
        for part in fallback.findall(FALLBACK_BODY_TAG):
            start, end = _offset(part.get("start")), _offset(part.get("end"))
            if start is None or end is None or not 0 <= start < end <= len(body):
                return body
            if (start and body[start - 1] != "\n") or not _quote_only(body[start:end]):
                return body
            ranges.append((start, end))
    ranges.sort()
    if not ranges or any(a[1] > b[0] for a, b in pairwise(ranges)):
        return body
    kept, position = [], 0
    for start, end in ranges:
        kept.append(body[position:start])
        position = end
    kept.append(body[position:])
    text = "".join(kept).strip("\n")
    return text or body


def reply_target(xml: Any) -> str:
    """The id a message's ``<reply/>`` names, "" when none (or an unusable one)."""
    element = xml.find(REPLY_TAG)
    target = element.get("id", "") if element is not None else ""
    return target if 0 < len(target) <= MAX_ID_CHARS else ""


def reply_parts(xml: Any, body: str) -> tuple[str, str]:
    """(the text to store and show, the id of the message it answers or "")."""
    target = reply_target(xml)
    return (strip_fallback(xml, body) if target else body), target


def fallback_text(original: StoredMessage) -> str:
    lines = original.body.splitlines()[:QUOTE_LINES] or [""]
    return "".join(f"> {line[:QUOTE_LINE_CHARS]}\n" for line in lines)


class ReplyService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self._pending: dict[str, OutgoingReply] = {}

    def prepare(self, origin_id: str, original: StoredMessage, *, room_reply: bool = False) -> str:
        """Remember that the message ``origin_id`` answers ``original``; returns the id the
        reply names ("" when the original has none: then it goes out as a plain message).
        ``room_reply``: in a room the reply names the room's stanza-id (XEP-0461 §3)."""
        target = (original.stanza_id if room_reply else
                  original.message_id or original.origin_id) or ""
        if not target:
            return ""
        own = self.session.jid
        if room_reply:
            author = f"{original.peer}/{original.sender_resource}"
        elif original.direction is Direction.OUTGOING:
            author = own
        else:
            author = (f"{original.peer}/{original.sender_resource}" if original.sender_resource
                      else original.peer)
        while len(self._pending) >= MAX_PENDING:
            self._pending.pop(next(iter(self._pending)))
        self._pending[origin_id] = OutgoingReply(author, target, fallback_text(original))
        return target

    async def restore(self, peer: str, origin_id: str) -> None:
        """Before a queued message goes out again (after a restart, or "Send again"): if it
        answers a message, prepare its reply and fallback from what storage holds."""
        if origin_id in self._pending:
            return
        repo = self.session.repos.messages
        sent = await repo.find_by_id(self.session.jid, peer, origin_id,
                                     direction=Direction.OUTGOING)
        full = await repo.get(sent.pk) if sent is not None else None
        if full is None or full.reply is None or full.reply.pk is None:
            return
        original = await repo.get(full.reply.pk)
        if original is not None and not original.retracted:
            self.prepare(origin_id, original)

    def decorate(self, msg: Any, origin_id: str) -> None:
        """Make the outgoing message ``origin_id`` a reply, if it is one: the fallback quote
        goes before its text, and the reply and fallback elements say so."""
        reply = self._pending.get(origin_id)
        if reply is None:
            return
        body = str(msg["body"])
        msg["body"] = reply.fallback + body
        ET.SubElement(msg.xml, REPLY_TAG, {"to": reply.to, "id": reply.target_id})
        fallback = ET.SubElement(msg.xml, FALLBACK_TAG, {"for": NS})
        ET.SubElement(fallback, FALLBACK_BODY_TAG,
                      {"start": "0", "end": str(len(reply.fallback))})
