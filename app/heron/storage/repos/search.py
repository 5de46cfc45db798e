"""Full-text search over every conversation, with the filters of core/search_query.py.

Hits come newest-stored first, walking the FTS5 index by descending rowid (which it reads
without sorting) and joining each hit to its row: the first page of a common word over a
million messages reads about one page of index entries, not every hit. Pages continue by rowid
(``before_pk``), never by offset. Inside a page the hits are ordered by time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from heron.core.events import StoredMessage
from heron.core.search_query import SearchQuery
from heron.storage.repos.messages import _M_COLUMNS, _row
from heron.storage.repos.omemo import NOT_A_PLACEHOLDER

#: at most this many matches of one conversation are counted for "n of m"
MAX_CONVERSATION_MATCHES = 10_000


@dataclass(frozen=True, slots=True)
class SearchPage:
    hits: list[StoredMessage]
    #: where the next page starts (None: this was the last)
    next_before_pk: int | None


def _filters(query: SearchQuery, account: str | None,
             peer: str | None) -> tuple[str, list[object]]:
    """SQL conditions on ``m`` (messages) for the query's filters and an optional scope."""
    where: list[str] = []
    args: list[object] = []
    if account is not None:
        where.append("m.account = ?")
        args.append(account)
    if peer is not None:
        where.append("m.peer = ?")
        args.append(peer)
    if query.after is not None:
        where.append("m.ts >= ?")
        args.append(query.after)
    if query.before is not None:
        where.append("m.ts < ?")
        args.append(query.before)
    if query.sender:
        # from: the contact (address or roster name, any part of it) for their messages; the
        # user ("me", or their own address) for their own.
        like = "%" + query.sender.replace("\\", "\\\\").replace("%", "\\%").replace(
            "_", "\\_") + "%"
        where.append(
            "((m.direction = 'in' AND (m.peer LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM "
            "roster AS r WHERE r.account = m.account AND r.jid = m.peer AND r.name LIKE ? "
            "ESCAPE '\\'))) OR (m.direction = 'out' AND (? = 'me' OR m.account LIKE ? "
            "ESCAPE '\\')))")
        args += [like, like, query.sender, like]
    where.append("m.retracted = 0")
    if query.match:  # words: never those of an OMEMO placeholder (a filter alone lists it)
        where.append(NOT_A_PLACEHOLDER)
    return " AND ".join(where), args


def search_on(conn: sqlite3.Connection, query: SearchQuery, limit: int, *,
              before_pk: int | None = None, account: str | None = None,
              peer: str | None = None) -> SearchPage:
    """One page of hits, newest first."""
    if query.empty or limit <= 0:
        return SearchPage([], None)
    where, args = _filters(query, account, peer)
    cursor = [] if before_pk is None else [before_pk]
    if query.match:
        sql = (f"SELECT {_M_COLUMNS} FROM messages_fts JOIN messages AS m "  # noqa: S608  fixed columns and conditions
               f"ON m.pk = messages_fts.rowid WHERE messages_fts MATCH ? AND {where}"
               + (" AND messages_fts.rowid < ?" if cursor else "")
               + " ORDER BY messages_fts.rowid DESC LIMIT ?")
        rows = conn.execute(sql, [query.match, *args, *cursor, limit + 1]).fetchall()
    else:
        # Filters only (from:, dates): the newest messages that pass them.
        sql = (f"SELECT {_M_COLUMNS} FROM messages AS m WHERE {where}"  # noqa: S608  fixed columns and conditions
               + (" AND m.pk < ?" if cursor else "") + " ORDER BY m.pk DESC LIMIT ?")
        rows = conn.execute(sql, [*args, *cursor, limit + 1]).fetchall()
    more = len(rows) > limit
    hits = [_row(r) for r in rows[:limit]]
    next_pk = hits[-1].pk if more and hits else None
    hits.sort(key=lambda m: m.key, reverse=True)
    return SearchPage(hits, next_pk)


def conversation_matches_on(conn: sqlite3.Connection, query: SearchQuery, account: str,
                            peer: str) -> list[tuple[float, int]]:
    """The paging keys of every match in one conversation, oldest first (the find bar's
    "n of m"); at most :data:`MAX_CONVERSATION_MATCHES` (the newest)."""
    if query.empty:
        return []
    where, args = _filters(query, account, peer)
    if query.match:
        rows = conn.execute(
            f"SELECT m.ts, m.pk FROM messages_fts JOIN messages AS m "  # noqa: S608  fixed conditions
            f"ON m.pk = messages_fts.rowid WHERE messages_fts MATCH ? AND {where} "
            "ORDER BY messages_fts.rowid DESC LIMIT ?",
            [query.match, *args, MAX_CONVERSATION_MATCHES]).fetchall()
    else:
        rows = conn.execute(
            f"SELECT m.ts, m.pk FROM messages AS m WHERE {where} "  # noqa: S608  fixed conditions
            "ORDER BY m.ts DESC, m.pk DESC LIMIT ?", [*args, MAX_CONVERSATION_MATCHES]).fetchall()
    return sorted((float(ts), int(pk)) for ts, pk in rows)
