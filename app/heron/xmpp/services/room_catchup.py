# XEP-0313 (MUC MAM) for XEP-0045: what a room said while we were out of it
"""Catch-up after a rejoin (a reconnect, a self-ping rejoin, a stream that could not be resumed).

A room with an archive sends no history at join (``maxstanzas=0``, muc.py), so everything said
while we were away comes from the archive: its pages are fetched newest first and backwards
until a page holds the newest archived message we already had, at most ``CAP`` messages (a
week away from a busy room should not mean a minute of downloading; older ones still page in
when the user scrolls up). The pages are stored once the gap is found, oldest first. The
newest message we had is read before our join presence goes
out: what the room sends live after it must not be mistaken for the point where the gap ends.
A room we have never seen gets its newest page only (muc.py's ``fetch_older``).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from heron.xmpp.services import muc_history

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

CAP = 2_000  # archived messages at most per catch-up


async def newest_known(session: AccountSession, room: str) -> str | None:
    """The archive id of the newest message of ``room`` we hold (None: none yet)."""
    return await session.repos.rooms.newest_archived(session.jid, room)


async def catch_up(session: AccountSession, room: str, nick: str, known: str | None) -> int:
    """Fetch what ``room``'s archive has after ``known``; returns how many were new."""
    if known is None:
        return await session.muc.fetch_older(room)
    before, pages, seen = "", [], 0
    while seen < CAP:
        page = await muc_history.read_page(session, room, nick, before,
                                           min(muc_history.PAGE_SIZE, CAP - seen))
        pages.append(page)
        seen += len(page.ids)
        if page.complete or not page.ids or known in page.ids:
            break
        before = page.ids[0]
    else:
        log.info("room %s: catch-up stopped at %d archived messages", room, CAP)
    await _not_before(session, room, known, pages)
    # Oldest page first: archive times are often whole seconds, and rows of one second keep
    # the order they were stored in.
    stored = 0
    for page in reversed(pages):
        stored += await muc_history.store_page(session, page)
    return stored


async def _not_before(session: AccountSession, room: str, known: str,
                      pages: list[muc_history.ArchivePage]) -> None:
    """What the archive holds after ``known`` was said after it: archive times are often whole
    seconds, so a message said in the same second as the one we had live (stamped to the
    millisecond) would otherwise sort above it."""
    anchor = await session.repos.rooms.stamp_of(session.jid, room, known)
    if anchor is None:
        return
    after = False
    for page in reversed(pages):  # oldest first
        later = set(page.ids[page.ids.index(known) + 1:]) if known in page.ids else None
        after = after or later is not None
        for n, message in enumerate(page.messages):
            newer = message.stanza_id in later if later is not None else after
            if newer and message.timestamp < anchor:
                page.messages[n] = dataclasses.replace(message, timestamp=anchor)
