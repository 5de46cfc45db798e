"""Which RoomJoiner (rooms_api.py) a join asked by the user goes through.

MucService (``session.muc``) does joins; bookmarks (``session.bookmarks``) wraps it so that a
room joined from the browser, a link or the join dialog is also bookmarked with autojoin, and
leaving clears autojoin. A session without MucService has no joiner: the UI says so.
"""

from __future__ import annotations

from typing import Any

from heron.xmpp.services.rooms_api import RoomJoiner


def muc_of(session: Any) -> RoomJoiner | None:
    """The session's MucService (or a test's joiner), looked up when needed: it may be
    plugged in after the services that use it were built."""
    joiner: RoomJoiner | None = getattr(session, "muc", None)
    return joiner


def joiner_for(session: Any) -> RoomJoiner | None:
    if muc_of(session) is None:
        return None
    bookmarks: RoomJoiner | None = getattr(session, "bookmarks", None)
    return bookmarks if bookmarks is not None else muc_of(session)
