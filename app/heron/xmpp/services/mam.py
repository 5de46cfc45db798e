# XEP-0313: Message Archive Management
"""Catch up after every (re)connect, and page older history on demand.

Results are believed only from the archive we queried and with our query id
(``policy.mam_result_ok``); a result anyone else sends is dropped. Pages go to the database in
one batch each; duplicates of live messages collapse on stanza-id / origin-id.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.core.events import Direction, NewMessage
from heron.xmpp import policy
from heron.xmpp.services.chat import CHAT_TYPES, message_timestamp

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

MAM_NS = "urn:xmpp:mam:2"
PAGE_SIZE = 250
MAX_CATCH_UP_PAGES = 200  # 50,000 messages; beyond that, scrolling fetches the rest


@dataclass
class _Query:
    archive: str
    results: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Page:
    messages: list[NewMessage]
    first_id: str
    last_id: str
    complete: bool


class MamService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self._queries: dict[str, _Query] = {}
        self.history_complete: set[str] = set()  # peers whose whole archive we have
        session.client.register_handler(
            Callback("Heron MAM result", MatchXPath(f"{{jabber:client}}message/{{{MAM_NS}}}result"),
                     self._on_result)
        )

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

    async def query(self, *, with_jid: str = "", after: str = "", before: str | None = None,
                    max_items: int = PAGE_SIZE) -> Page:
        """One page of our own archive. ``before=""`` asks for the newest page."""
        client = self.session.client
        queryid = uuid.uuid4().hex
        self._queries[queryid] = _Query(archive=self.session.jid)
        iq = client.Iq(stype="set")
        iq["mam"]["queryid"] = queryid
        if with_jid:
            iq["mam"]["with"] = with_jid
        iq["mam"]["rsm"]["max"] = str(max_items)
        if after:
            iq["mam"]["rsm"]["after"] = after
        if before is not None:
            iq["mam"]["rsm"]["before"] = before
        try:
            reply = await iq.send(timeout=30)
        finally:
            query = self._queries.pop(queryid)
        fin = reply.xml.find(f"{{{MAM_NS}}}fin")
        complete = fin is not None and fin.get("complete") in ("true", "1")
        messages = [m for m in (self._to_message(r) for r in query.results) if m is not None]
        ids = [self._result_id(r) for r in query.results]
        return Page(messages, ids[0] if ids else "", ids[-1] if ids else "", complete)

    @staticmethod
    def _result_id(msg: Any) -> str:
        result = msg.xml.find(f"{{{MAM_NS}}}result")
        return str(result.get("id", "")) if result is not None else ""

    def _to_message(self, outer: Any) -> NewMessage | None:
        forwarded = outer["mam_result"]["forwarded"]
        inner = forwarded["stanza"]
        if inner["type"] not in CHAT_TYPES or not inner["body"]:
            return None
        own = self.session.jid
        if inner["from"].bare == own:
            direction, peer = Direction.OUTGOING, inner["to"].bare
        else:
            direction, peer = Direction.INCOMING, inner["from"].bare
        if not peer or peer == own:
            return None
        if inner.get_plugin("replace", check=True) is not None and inner["replace"]["id"]:
            # XEP-0308 from the archive: it corrects its message (same sender rule as live),
            # it is not a second message.
            self.session.chat._correct(peer, direction, str(inner["replace"]["id"]),
                                       str(inner["body"]))
            return None
        stamp = forwarded["delay"]["stamp"]
        timestamp = stamp.timestamp() if stamp else message_timestamp(inner)
        return self.session.chat.to_new_message(
            inner, peer, direction, stanza_id_archive=own,
            stanza_id=self._result_id(outer) or None, timestamp=timestamp,
        )

    async def catch_up(self) -> int:
        """Fetch everything after the newest archive id we have; the newest page on first run."""
        repo = self.session.repos.mam
        own = self.session.jid
        known = await repo.get(own, own, "")
        stored = 0
        try:
            if known is None or not known.newest_id:
                page = await self.query(before="", max_items=PAGE_SIZE)
                stored += await self._store(page, live=True)
                if page.last_id:
                    await repo.extend(own, own, "", newest_id=page.last_id,
                                      newest_ts=_last_ts(page), oldest_id=page.first_id,
                                      oldest_ts=_first_ts(page))
                return stored
            after = known.newest_id
            for _ in range(MAX_CATCH_UP_PAGES):
                page = await self.query(after=after, max_items=PAGE_SIZE)
                stored += await self._store(page, live=True)
                if page.last_id:
                    after = page.last_id
                    await repo.extend(own, own, "", newest_id=page.last_id,
                                      newest_ts=_last_ts(page))
                if page.complete or not page.last_id:
                    break
                await asyncio.sleep(0)
        except (IqError, IqTimeout) as exc:
            # item-not-found: the id we knew expired from the archive; start over from now.
            log.warning("MAM catch-up failed: %s", exc)
            if isinstance(exc, IqError) and exc.condition == "item-not-found":
                await repo.extend(own, own, "", newest_id="", newest_ts=0.0)
        return stored

    async def fetch_older(self, peer: str, max_items: int = 50) -> int:
        """Scrolling past the local history: the page just before the oldest we fetched."""
        if peer in self.history_complete or not self.session.connection.connected:
            return 0
        repo = self.session.repos.mam
        own = self.session.jid
        known = await repo.get(own, own, peer)
        before = known.oldest_id if known and known.oldest_id else ""
        try:
            page = await self.query(with_jid=peer, before=before, max_items=max_items)
        except (IqError, IqTimeout) as exc:
            log.warning("MAM history for %s failed: %s", peer, exc)
            return 0
        if page.complete or not page.first_id:
            self.history_complete.add(peer)
        if page.first_id:
            await repo.extend(own, own, peer,
                              newest_id=known.newest_id if known else page.last_id,
                              newest_ts=known.newest_ts if known else _last_ts(page),
                              oldest_id=page.first_id, oldest_ts=_first_ts(page))
        return await self._store(page)

    async def _store(self, page: Page, live: bool = False) -> int:
        """``live``: messages missed while offline (they count as unread and notify);
        otherwise older history paged in on demand."""
        if not page.messages:
            return 0
        return await self.session.pipeline.store_now(page.messages, live=live)


def _first_ts(page: Page) -> float:
    return page.messages[0].timestamp if page.messages else 0.0


def _last_ts(page: Page) -> float:
    return page.messages[-1].timestamp if page.messages else 0.0
