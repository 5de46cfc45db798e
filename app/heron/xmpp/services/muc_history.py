# XEP-0313 §4 (MUC MAM) for XEP-0045 rooms: a room's history from the room's own archive
"""Room history: the newest page right after joining, older pages when the user scrolls up.

The query goes to the room's bare JID; its results are believed only from that archive with our
query id (``policy.mam_result_ok``, through ``MamService``'s result handler), and each archived
message only when it names that room as its sender (``policy.room_message_ok`` on the inner
``from``: a room cannot hand us another room's words). The archive's result id is the room's
stanza-id, so a message seen live (stanza-id ``by`` the room) and again here is stored once.
Joining asks the room for no history of its own (``maxstanzas=0``) when it keeps an archive.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from slixmpp.exceptions import IqError, IqTimeout

from heron.core.events import DeliveryState, Direction, NewMessage
from heron.core.timestamps import clamp_stamp
from heron.xmpp import policy
from heron.xmpp.services import omemo_room_archive
from heron.xmpp.services.chat import MAX_BODY_CHARS, delay_stamp
from heron.xmpp.services.mam import MAM_NS, _Query
from heron.xmpp.services.omemo_receive import encrypted_namespaces
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

PAGE_SIZE = 50


@dataclass
class ArchivePage:
    """One page of a room's archive as fetched, not yet stored."""

    room: str
    our_nick: str
    messages: list[NewMessage]
    results: list[Any]  # the raw results, for the edits and moderations among them
    ids: list[str]  # archive ids, oldest first
    complete: bool  # the archive has nothing older
    #: index in ``messages`` -> its encrypted stanza, decrypted as it is stored
    sealed: dict[int, Any] = field(default_factory=dict)


async def fetch_page(session: AccountSession, room: str, our_nick: str,
                     before: str = "", max_items: int = PAGE_SIZE) -> tuple[int, bool]:
    """Store the page of ``room``'s archive before the archive id ``before`` ("" for the
    newest page). Returns (how many were new, whether the archive has nothing older)."""
    page = await read_page(session, room, our_nick, before, max_items)
    return await store_page(session, page), page.complete


async def read_page(session: AccountSession, room: str, our_nick: str,
                    before: str = "", max_items: int = PAGE_SIZE) -> ArchivePage:
    """Fetch (without storing) the page of ``room``'s archive before ``before``."""
    client = session.client
    queryid = uuid.uuid4().hex
    queries = session.mam._queries  # its result handler checks sender and query id
    queries[queryid] = _Query(archive=room)
    iq = client.Iq(stype="set")
    iq["to"] = room
    iq["mam"]["queryid"] = queryid
    iq["mam"]["rsm"]["max"] = str(max_items)
    iq["mam"]["rsm"]["before"] = before or True  # True: an empty <before/>, the newest page
    try:
        reply = await send_iq(iq, timeout=30)
    except (IqError, IqTimeout) as exc:
        log.warning("history of room %s could not be fetched: %s", room, exc)
        return ArchivePage(room, our_nick, [], [], [], complete=True)
    finally:
        query = queries.pop(queryid)
    fin = reply.xml.find(f"{{{MAM_NS}}}fin")
    complete = fin is not None and fin.get("complete") in ("true", "1")
    joined = {room}
    messages: list[NewMessage] = []
    sealed: dict[int, Any] = {}
    for result in query.results:
        message = _to_message(session, result, room, our_nick, joined)
        if message is None:
            continue
        inner = result["mam_result"]["forwarded"]["stanza"]
        if encrypted_namespaces(inner.xml):  # OMEMO: decrypted as stored, never its <body>
            sealed[len(messages)] = inner
            message = replace(message, body="")
        messages.append(message)
    return ArchivePage(room, our_nick, messages, query.results,
                       [_archive_id(r) for r in query.results], complete or not query.results,
                       sealed)


async def store_page(session: AccountSession, page: ArchivePage) -> int:
    """Store a fetched page, then apply the edits and moderations in it; returns how many
    messages were new."""
    if page.sealed:  # encrypted messages among them: omemo_room_archive.py
        stored = await omemo_room_archive.store_in_order(session, page)
    else:
        stored = await session.pipeline.store_now(page.messages, live=False) if page.messages else 0
    await session.room_moderation.from_archive(page.room, page.results)  # XEP-0425
    await session.room_edits.from_archive(page.room, page.our_nick, page.results)
    return stored


def _archive_id(outer: Any) -> str:
    result = outer.xml.find(f"{{{MAM_NS}}}result")
    return str(result.get("id", "")) if result is not None else ""


def _to_message(session: AccountSession, outer: Any, room: str, our_nick: str,
                joined: set[str]) -> NewMessage | None:
    forwarded = outer["mam_result"]["forwarded"]
    inner = forwarded["stanza"]
    sealed = bool(encrypted_namespaces(inner.xml))  # OMEMO, also without a fallback <body>
    if (inner["type"] != "groupchat" or not (inner["body"] or sealed)
            or (session.room_edits.is_edit(inner.xml) and not sealed)):
        return None  # subjects; edits apply after the page is stored (room_edits.py)
    verdict = policy.room_message_ok(inner["from"], joined)
    if not verdict:
        policy.log_rejected("room archive", verdict.reason, sender=str(inner["from"]))
        return None
    nick = inner["from"].resource
    ours = nick == our_nick
    archive_id = _archive_id(outer)
    new = session.chat.to_new_message(
        inner, room, Direction.OUTGOING if ours else Direction.INCOMING,
        stanza_id_archive=room, stanza_id=archive_id or None,
        timestamp=clamp_stamp(delay_stamp(forwarded.xml), time.time()))
    occupant_id, sender_jid = session.room_edits.archived_identity(room, inner.xml)
    return replace(new, body=new.body[:MAX_BODY_CHARS], sender_resource=nick[:1024],
                   state=DeliveryState.SENT if ours else DeliveryState.RECEIVED, markable=False,
                   occupant_id=occupant_id, sender_jid=sender_jid)
