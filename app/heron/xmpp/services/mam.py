# XEP-0313: Message Archive Management
"""Catch up after every (re)connect, and page older history on demand.

Results are believed only from the archive we queried and with our query id
(``policy.mam_result_ok``); a result anyone else sends is dropped. Pages go to the database in
one batch each; duplicates of live messages collapse on stanza-id / origin-id.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.stanza import Message
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.core.events import Direction, NewMessage
from heron.core.timestamps import clamp_stamp
from heron.storage.errors import STORAGE_ERRORS, report_storage_failure
from heron.storage.repos.cleared import ClearedRepo
from heron.xmpp import policy
from heron.xmpp.services.chat import CHAT_TYPES, Correction, delay_stamp
from heron.xmpp.services.markers import NS as MARKERS_NS
from heron.xmpp.services.markers import CopiedMarker, copied_marker
from heron.xmpp.services.muc_private import private_peer
from heron.xmpp.services.omemo_receive import encrypted_namespaces
from heron.xmpp.services.reactions import ReactionSet, has_reactions, parse_reactions
from heron.xmpp.services.replies import reply_parts
from heron.xmpp.services.retraction import Retraction, retract_id
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

MAM_NS = "urn:xmpp:mam:2"
PAGE_SIZE = 250
MAX_CATCH_UP_PAGES = 200  # 50,000 messages; beyond that, scrolling fetches the rest
FIRST_RUN_PAGES = 4  # a new profile's history: the newest 1,000; scrolling fetches the rest
MARKER = f"{{{MARKERS_NS}}}displayed"
CLOCK_SLACK = 60.0  # a time pointer asks a little earlier: our clock and the server's differ


@dataclass
class _Query:
    archive: str
    results: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    messages: list[NewMessage]
    first_id: str
    last_id: str
    complete: bool
    corrections: list[Correction] = field(default_factory=list)
    origin_ids: list[str] = field(default_factory=list)  # of our own messages in the page
    retractions: list[Retraction] = field(default_factory=list)
    reactions: list[ReactionSet] = field(default_factory=list)  # XEP-0444, applied last
    markers: list[CopiedMarker] = field(default_factory=list)  # XEP-0333 <displayed/>


class MamService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self._queries: dict[str, _Query] = {}
        self.page_size = PAGE_SIZE
        self.history_complete: set[str] = set()  # peers whose whole archive we have
        self._cleared = ClearedRepo(session.repos.messages.db)
        #: conversations a first catch-up brought: their unread counts are settled after it
        #: (services/first_unread.py)
        self.first_run_peers: set[str] = set()
        session.client.register_handler(
            Callback("Heron MAM result", MatchXPath(f"{{jabber:client}}message/{{{MAM_NS}}}result"),
                     self._on_result)
        )

    @property
    def available(self) -> bool:
        """Our server keeps an archive for the account (found by discovery at this session).
        Without one Heron never asks: history then lives only on this computer."""
        known = self.session.server_features.current
        return known is not None and known.mam

    def _on_result(self, msg: Any) -> None:
        result = msg.xml.find(f"{{{MAM_NS}}}result")
        queryid = result.get("queryid", "") if result is not None else ""
        query = self._queries.get(queryid)
        verdict = policy.mam_result_ok(
            str(msg["from"]), query.archive if query else "", self.session.jid, queryid,
            queryid if query else "",
        )
        if not verdict or query is None:
            policy.log_rejected("mam-result", verdict.reason if not verdict else "unknown-query",
                                sender=str(msg["from"]))
            return
        query.results.append(msg)
        jmi = getattr(self.session, "jmi", None)  # XEP-0353: calls missed while away
        if jmi is not None:
            forwarded = msg["mam_result"]["forwarded"]
            jmi.archived(forwarded["stanza"].xml, delay_stamp(forwarded.xml))

    async def query(self, *, with_jid: str = "", after: str = "", before: str | None = None,
                    start: float | None = None, max_items: int | None = None) -> Page:
        """One page of our own archive. ``before=""`` asks for the newest page (an empty
        ``<before/>``, XEP-0059 §2.5), ``start`` for what the archive took in since then."""
        client = self.session.client
        queryid = uuid.uuid4().hex
        self._queries[queryid] = _Query(archive=self.session.jid)
        iq = client.Iq(stype="set")
        iq["mam"]["queryid"] = queryid
        if with_jid:
            iq["mam"]["with"] = with_jid
        if start is not None:
            iq["mam"]["start"] = datetime.fromtimestamp(start, UTC)
        iq["mam"]["rsm"]["max"] = str(max_items or self.page_size)
        if after:
            iq["mam"]["rsm"]["after"] = after
        if before is not None:
            # slixmpp drops an element set to "": True keeps it, empty.
            iq["mam"]["rsm"]["before"] = before or True
        try:
            reply = await send_iq(iq, timeout=30)
        finally:
            query = self._queries.pop(queryid)
        fin = reply.xml.find(f"{{{MAM_NS}}}fin")
        complete = fin is not None and fin.get("complete") in ("true", "1")
        messages: list[NewMessage] = []
        corrections: list[Correction] = []
        retractions: list[Retraction] = []
        reactions: list[ReactionSet] = []
        markers: list[CopiedMarker] = []
        for result in query.results:
            item = self._to_message(result)
            if isinstance(item, CopiedMarker):
                markers.append(item)
            elif isinstance(item, ReactionSet):
                reactions.append(item)
            elif isinstance(item, Correction):
                corrections.append(item)
            elif isinstance(item, Retraction):
                retractions.append(item)
            elif item is not None:
                messages.append(item)
        ids = [self._result_id(r) for r in query.results]
        return Page(messages, ids[0] if ids else "", ids[-1] if ids else "", complete,
                    corrections, [self._own_origin_id(r) for r in query.results], retractions,
                    reactions, markers)

    def _own_origin_id(self, outer: Message) -> str:
        """The origin-id of a message we sent ("" for anyone else's: a contact cannot make
        the outbox believe one of ours arrived)."""
        inner = outer["mam_result"]["forwarded"]["stanza"]
        if inner["from"].bare != self.session.jid:
            return ""
        return str(inner["origin_id"]["id"]) if inner.get_plugin("origin_id", check=True) else ""

    @staticmethod
    def _result_id(msg: Message) -> str:
        result = msg.xml.find(f"{{{MAM_NS}}}result")
        return str(result.get("id", "")) if result is not None else ""

    def _to_message(self, outer: Message) -> (  # noqa: PLR0911  a return per kind of result
            NewMessage | Correction | Retraction | ReactionSet | CopiedMarker | None):
        forwarded = outer["mam_result"]["forwarded"]
        inner = forwarded["stanza"]
        target = retract_id(inner.xml)
        reacts = has_reactions(inner.xml)
        if encrypted_namespaces(inner.xml):  # OMEMO: decrypted there, never stored as its <body>
            self.session.omemo.receiver.archived(
                inner, self._result_id(outer),
                clamp_stamp(delay_stamp(forwarded.xml), time.time()))
            return None
        if inner["type"] not in CHAT_TYPES or not (inner["body"] or target or reacts
                                                    or inner.xml.find(MARKER) is not None):
            return None
        own = self.session.jid
        if inner["from"].bare == own:
            direction, other = Direction.OUTGOING, inner["to"]
        else:
            direction, other = Direction.INCOMING, inner["from"]
        peer = other.bare
        if not peer or peer == own:
            return None
        # A private message through a room: its own conversation, not the room's.
        peer = private_peer(other, self.session.muc.joined()) or peer
        if not inner["body"] and not target and not reacts:
            return copied_marker(inner, peer, direction)
        if target:  # XEP-0424: applied after the page is stored, like corrections
            return Retraction(peer, direction, target, str(inner["from"]))
        if reacts:  # XEP-0444: the same
            return parse_reactions(inner.xml, peer, direction, str(inner["from"]))
        replace_id = inner["replace"]["id"] if inner.get_plugin("replace", check=True) else ""
        if replace_id:  # XEP-0308: applied to the original after the page is stored
            return Correction(peer, direction, str(replace_id),
                              reply_parts(inner.xml, str(inner["body"]))[0], str(inner["from"]))
        # Our archive's stamp on the <forwarded/>; clamped like any time from the network.
        timestamp = clamp_stamp(delay_stamp(forwarded.xml), time.time())
        return self.session.chat.to_new_message(
            inner, peer, direction, stanza_id_archive=own,
            stanza_id=self._result_id(outer) or None, timestamp=timestamp,
        )

    async def catch_up(self) -> int:
        """What the archive took in since the last session. A new profile pages backwards
        from now (the newest first); later sessions page forward from the pointer (the newest
        archive id, or the time of the first catch-up when the archive was empty then)."""
        if not self.available:
            return 0
        repo = self.session.repos.mam
        own = self.session.jid
        stored = 0
        try:
            known = await repo.get(own, own, "")
            if known is None:
                return await self._first_catch_up()
            after, start = known.newest_id, None
            if not after:
                start = max(0.0, known.newest_ts - CLOCK_SLACK)
            for _ in range(MAX_CATCH_UP_PAGES):
                page = await self.query(after=after, start=start if not after else None)
                stored += await self._store(page, live=True)
                if page.last_id:
                    after = page.last_id
                    # past encrypted messages once they are stored (omemo_receive.py)
                    await self.session.omemo.receiver.after_stored(functools.partial(
                        repo.extend, own, own, "", newest_id=page.last_id,
                        newest_ts=_last_ts(page) or known.newest_ts))
                if page.complete or not page.last_id:
                    break
                await asyncio.sleep(0)
        except (IqError, IqTimeout) as exc:
            log.warning("MAM catch-up failed: %s", exc)
            if isinstance(exc, IqError) and exc.condition == "item-not-found":
                # The id we knew expired from the archive: start over, from now.
                await repo.clear(own, own)
        except STORAGE_ERRORS as exc:
            # The pointer stays before the page that could not be stored: the next catch-up
            # fetches it again.
            report_storage_failure(self.session.bus, own, exc)
        return stored

    async def _first_catch_up(self) -> int:
        """A new profile: the newest page first, then older ones (history, no notification)
        up to FIRST_RUN_PAGES; scrolling fetches the rest. An empty archive leaves a time
        pointer, so the next session asks for everything since."""
        repo = self.session.repos.mam
        own = self.session.jid
        asked_at = time.time()
        stored = 0
        before = ""
        boundary: float | None = None
        markers: list[CopiedMarker] = []
        for n in range(FIRST_RUN_PAGES):
            page = _older_than(await self.query(before=before), boundary)
            stored += await self._store(page, markers_later=markers)
            self.first_run_peers.update(m.peer for m in page.messages)
            boundary = _first_ts(page) if page.messages else boundary
            if not page.first_id:
                break
            if n == 0:
                await repo.extend(own, own, "", newest_id=page.last_id,
                                  newest_ts=_last_ts(page) or asked_at,
                                  oldest_id=page.first_id, oldest_ts=_first_ts(page))
            else:
                await repo.extend(own, own, "", newest_id="", newest_ts=0.0,
                                  oldest_id=page.first_id, oldest_ts=_first_ts(page))
            if page.complete:
                break
            before = page.first_id
            await asyncio.sleep(0)
        await self._apply_markers(markers)
        if await repo.get(own, own, "") is None:
            await repo.extend(own, own, "", newest_id="", newest_ts=asked_at)
        return stored

    async def fetch_older(self, peer: str, max_items: int = 50) -> int:
        """Scrolling past the local history: pages before the oldest we hold for ``peer``,
        until one brings something new (the newest pages are often stored already)."""
        if (peer in self.history_complete or not self.session.connection.connected
                or not self.available):
            return 0
        repo = self.session.repos.mam
        own = self.session.jid
        known = await repo.get(own, own, peer)
        before = known.oldest_id if known and known.oldest_id else ""
        if not before:
            before = await self.session.repos.messages.oldest_stanza_id(own, peer) or ""
        # After "delete local history" only what is newer is asked for: the rest would be
        # dropped at storage anyway, page after page.
        since = await self._cleared.before(own, peer)
        for _ in range(MAX_CATCH_UP_PAGES):
            try:
                page = await self.query(with_jid=peer, before=before, max_items=max_items,
                                        start=since)
            except (IqError, IqTimeout) as exc:
                log.warning("MAM history for %s failed: %s", peer, exc)
                return 0
            if page.complete or not page.first_id:
                self.history_complete.add(peer)
            oldest = await self.session.repos.messages.oldest_key(own, peer)
            page = _older_than(page, oldest[0] if oldest else None)
            stored = await self._store(page)
            if page.first_id:
                await repo.extend(own, own, peer,
                                  newest_id=known.newest_id if known else page.last_id,
                                  newest_ts=known.newest_ts if known else _last_ts(page),
                                  oldest_id=page.first_id, oldest_ts=_first_ts(page))
                before = page.first_id
            if stored or peer in self.history_complete:
                return stored
        return 0

    async def _store(self, page: Page, live: bool = False,
                     markers_later: list[CopiedMarker] | None = None) -> int:
        """``live``: messages missed while offline (they count as unread and notify);
        otherwise older history paged in on demand. Corrections follow their originals;
        markers too, or they wait in ``markers_later`` (pages fetched newest first: the
        message a marker names may come with a later page)."""
        stored = 0
        if page.messages:
            stored = await self.session.pipeline.store_now(page.messages, live=live)
        for correction in page.corrections:
            await self.session.chat.apply_correction(correction)
        for retraction in page.retractions:
            await self.session.retraction.apply(retraction)
        for reaction in page.reactions:
            await self.session.reactions.apply(reaction)
        if markers_later is None:
            await self._apply_markers(page.markers)
        else:
            markers_later.extend(page.markers)
        return stored

    async def _apply_markers(self, markers: list[CopiedMarker]) -> None:
        for marker in markers:
            await self.session.markers.apply_copy(marker)


def _older_than(page: Page, boundary: float | None) -> Page:
    """A page fetched backwards sorts before what we hold, also within one second.

    Archive stamps often have whole seconds, and an older page is stored after the newer one
    (a higher row id), so a tie on (time, row id) would put it below. Messages at or after
    ``boundary`` move a millisecond earlier each, keeping the archive's order."""
    if boundary is None or not page.messages or page.messages[-1].timestamp < boundary:
        return page
    limit = boundary
    moved: list[NewMessage] = []
    for original in reversed(page.messages):
        message = (replace(original, timestamp=limit - 0.001) if original.timestamp >= limit
                   else original)
        limit = message.timestamp
        moved.append(message)
    moved.reverse()
    return replace(page, messages=moved)


def _first_ts(page: Page) -> float:
    return page.messages[0].timestamp if page.messages else 0.0


def _last_ts(page: Page) -> float:
    return page.messages[-1].timestamp if page.messages else 0.0
