# XEP-0410: MUC Self-Ping (Schrödinger's Chat), and rejoining rooms after a new session
"""Staying in rooms.

A server can drop us from a room without us hearing of it (a lost presence, a room or link
restart). While a room is quiet we ping our own occupant JID every few minutes; the room
answers for us when we are in, and with an error such as <not-acceptable/> or <item-not-found/>
when we are not: then we rejoin silently with the same nick and fetch what we missed from the
room's archive (muc_history.py; the archive's ids make the page land without duplicates).

After a new session that is not a resumed stream (a drop that could not be resumed, or the
account going offline and online again) the server has taken us out of every room:
``muc.py`` says so, and we rejoin each room we were in the same way. Rooms whose bookmark
says autojoin are left to bookmarks.py, which joins them at every new session.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING, Any

from slixmpp.exceptions import IqError, IqTimeout

from heron.core.errors import HeronError
from heron.core.events import MessagesAdded, OccupantsChanged, RoomJoined, RoomLeft
from heron.core.tasks import spawn
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

PING = "urn:xmpp:ping"
IDLE_SECONDS = 300.0  # a room this quiet is pinged
CHECK_EVERY = 60.0
PING_TIMEOUT = 30.0
# The room answered for an occupant who does not answer pings: we are in (XEP-0410 §3.2).
_STILL_IN = frozenset({"service-unavailable", "feature-not-implemented"})
# No verdict: the room's server could not be asked; ask again later.
_UNKNOWN = frozenset({"remote-server-not-found", "remote-server-timeout"})


class MucSelfPing:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.idle_seconds = IDLE_SECONDS
        self.check_every = CHECK_EVERY
        self._nicks: dict[str, str] = {}  # rooms we mean to be in -> our nick there
        self._seen: dict[str, float] = {}  # room -> when it last showed a sign of life
        self._checker: asyncio.Future[Any] | None = None
        self._rejoining: set[str] = set()
        bus = session.bus
        bus.subscribe(RoomJoined, self._on_joined)
        bus.subscribe(RoomLeft, self._on_left)
        bus.subscribe(MessagesAdded, lambda e: self._alive(e.account, e.peer))
        bus.subscribe(OccupantsChanged, lambda e: self._alive(e.account, e.room))
        # After muc.py's own handler (registered before): it has just put us out of every room.
        session.client.add_event_handler("session_start", self._on_session_start)

    # --- what we mean to be in -----------------------------------------------------------------

    def _on_joined(self, event: RoomJoined) -> None:
        if event.account == self.session.jid:
            self._nicks[event.room] = event.nick
            self._alive(event.account, event.room)
            if self._checker is None or self._checker.done():
                self._checker = spawn(self._check_loop(), "room self-ping")

    def _on_left(self, event: RoomLeft) -> None:
        # "disconnected": the stream ended, not our wish; any other reason is final.
        if event.account == self.session.jid and event.reason != "disconnected" \
                and event.room not in self._rejoining:
            self._nicks.pop(event.room, None)
            self._seen.pop(event.room, None)

    def _alive(self, account: str, room: str) -> None:
        if account == self.session.jid and room in self._nicks:
            self._seen[room] = time.monotonic()

    # --- after a new session -------------------------------------------------------------------

    def _on_session_start(self, _event: object) -> None:
        """A new session (a resumed stream fires "session_resumed" instead and keeps us in
        every room): rejoin now, beside the roster and catch-up, not after them."""
        for room in list(self._nicks):
            bookmark = self.session.bookmarks.bookmarks.get(room)
            if bookmark is not None and bookmark.autojoin:
                continue  # bookmarks.py joins it
            spawn(self.rejoin(room), "rejoin room")

    # --- self-ping -----------------------------------------------------------------------------

    async def _check_loop(self) -> None:
        while self._nicks:
            await asyncio.sleep(self.check_every)
            if not self.session.connection.connected:
                continue
            now = time.monotonic()
            for room in list(self._nicks):
                if now - self._seen.get(room, now) >= self.idle_seconds:
                    self._seen[room] = now  # one ping per quiet period
                    spawn(self.check(room), "room self-ping")

    async def still_in(self, room: str) -> bool | None:
        """Ping our occupant JID: True (in), False (dropped), None (no answer to go by)."""
        state = self.session.muc.rooms.get(room)
        nick = state.nick if state is not None else self._nicks.get(room, "")
        if not nick:
            return False
        iq = self.session.client.make_iq_get(ito=f"{room}/{nick}")
        iq.enable("ping")
        try:
            await send_iq(iq, timeout=PING_TIMEOUT)
        except IqError as exc:
            condition = str(exc.iq["error"]["condition"] or "")
            if condition in _UNKNOWN:
                return None
            return condition in _STILL_IN
        except IqTimeout:
            return None
        return True

    async def check(self, room: str) -> bool:
        """Self-ping ``room``; rejoin when the room no longer has us. True when we rejoined."""
        verdict = await self.still_in(room)
        if verdict is False and room in self._nicks:
            log.info("room %s dropped us: rejoining", room)
            await self.rejoin(room)
            return True
        return False

    async def rejoin(self, room: str) -> None:
        """Join ``room`` again with the same nick, then fetch what was said meanwhile."""
        nick = self._nicks.get(room)
        if nick is None or room in self._rejoining:
            return
        muc = self.session.muc
        self._rejoining.add(room)
        try:
            if room in muc.rooms:  # still "joined" in our books: forget it, quietly
                muc._forget(room)
            bookmark = self.session.bookmarks.bookmarks.get(room)
            password = (bookmark.password or None) if bookmark is not None else None
            await muc.join(room, nick, password)
        except HeronError as exc:
            log.warning("could not rejoin room %s: %s", room, exc)
            return
        finally:
            self._rejoining.discard(room)
        # The join itself catches up from the room's archive (room_catchup.py).
