# XEP-0402: PEP Native Bookmarks (XEP-0048 read as a fallback)
"""The user's bookmarked rooms, shared with their other clients.

Each bookmark is an item (id = the room's bare JID) of the private PEP node
urn:xmpp:bookmarks:1, published with the publish-options the XEP requires. At each login the
items are fetched; when the account does not announce ``urn:xmpp:bookmarks:1#compat`` (no server
unification), the older XEP-0048 lists (private XML storage, XEP-0049, and the PEP node
storage:bookmarks) are read too and merged in (read only: what we write is XEP-0402).

Live sync: our caps carry ``urn:xmpp:bookmarks:1+notify``, so a bookmark another of our clients
adds, changes or retracts arrives as a PEP event; ``policy.bookmark_update_ok`` believes it only
from our own bare JID. An autojoin bookmark joins the room, autojoin turned off or a retraction
leaves it (XEP-0402 §4.5).

This service is also a RoomJoiner (rooms_api.py) around MucService: a room joined through it
(the browser, a link, the join dialog) is bookmarked with autojoin, and leaving clears autojoin
but keeps the bookmark. Autojoin at login runs after the session's set-up, which itself starts
after the main window is shown (ui/runner.py), and starts the joins spaced apart, a few at a
time, so fifty rooms do not arrive as one burst.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, SubElement, fromstring, tostring

from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.plugins.xep_0402.stanza import Conference

from heron.core.events import BookmarksChanged
from heron.core.rooms import Bookmark
from heron.core.tasks import spawn
from heron.xmpp import policy
from heron.xmpp.services.mds import publish_private
from heron.xmpp.services.room_directory import MAX_NAME, bare_or_none, plain
from heron.xmpp.services.room_joining import muc_of
from heron.xmpp.services.rooms_api import RoomJoiner
from heron.xmpp.services.server_features import DISCO_INFO, parse_info
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

NS = "urn:xmpp:bookmarks:1"
COMPAT = f"{NS}#compat"
LEGACY = "storage:bookmarks"  # XEP-0048
PRIVATE = "jabber:iq:private"  # XEP-0049
PUBSUB = "http://jabber.org/protocol/pubsub"
TIMEOUT = 10.0
MAX_BOOKMARKS = 1000
AUTOJOIN_SPACING = 0.25  # seconds between starting two autojoins at login
AUTOJOIN_AT_ONCE = 3  # joins in flight at once


def _true(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true"}


def parse_conference(room: str, conference: Element | None) -> Bookmark | None:
    """A XEP-0402 ``<conference/>`` for item id ``room``; None when the id is not a room."""
    jid = bare_or_none(room)
    if jid is None or "@" not in jid:
        return None
    if conference is None or conference.tag != f"{{{NS}}}conference":
        return Bookmark(jid)
    extensions = conference.find(f"{{{NS}}}extensions")
    return Bookmark(
        jid, plain(conference.get("name", ""), MAX_NAME), _true(conference.get("autojoin")),
        plain(conference.findtext(f"{{{NS}}}nick", ""), MAX_NAME),
        conference.findtext(f"{{{NS}}}password", "") or "",
        tostring(extensions) if extensions is not None else b"")


def parse_legacy(storage: Element | None) -> list[Bookmark]:
    """XEP-0048 ``<storage xmlns='storage:bookmarks'/>``: its conferences (URLs are ignored)."""
    if storage is None or storage.tag != f"{{{LEGACY}}}storage":
        return []
    found: list[Bookmark] = []
    for conference in list(storage.iterfind(f"{{{LEGACY}}}conference"))[:MAX_BOOKMARKS]:
        jid = bare_or_none(conference.get("jid", ""))
        if jid is None or "@" not in jid:
            continue
        found.append(Bookmark(
            jid, plain(conference.get("name", ""), MAX_NAME), _true(conference.get("autojoin")),
            plain(conference.findtext(f"{{{LEGACY}}}nick", ""), MAX_NAME),
            conference.findtext(f"{{{LEGACY}}}password", "") or ""))
    return found


def conference_payload(bookmark: Bookmark) -> Conference:
    conference = Conference()
    if bookmark.name:
        conference["name"] = bookmark.name
    conference["autojoin"] = bookmark.autojoin
    if bookmark.nick:
        conference["nick"] = bookmark.nick
    if bookmark.password:
        conference["password"] = bookmark.password
    if bookmark.extensions:
        # Kept as another client wrote it. The bytes are our own tostring() of an element the
        # restricted stream parser (xmlguard.py) already read: no DTD or entity can be in them.
        conference.xml.append(fromstring(bookmark.extensions))  # noqa: S314
    return conference


class BookmarksService:
    """The account's bookmarks; a RoomJoiner that bookmarks what it joins."""

    def __init__(self, session: AccountSession, joiner: RoomJoiner | None = None) -> None:
        self.session = session
        self._joiner = joiner
        self.bookmarks: dict[str, Bookmark] = {}
        self._autojoining: asyncio.Future[Any] | None = None
        self._autojoin_tasks: list[asyncio.Future[Any]] = []
        self._entering: set[str] = set()
        self._ended = False  # the session is over: no join starts until the next one
        client = session.client
        client.register_plugin("xep_0402")
        # +notify in our caps: the server sends our other clients' changes here.
        pep: Any = client.plugin["xep_0163"]
        pep.register_pep("bookmarks2", Conference)
        client.add_event_handler("bookmarks2_publish", self._on_publish)
        client.add_event_handler("bookmarks2_retract", self._on_retract)
        # Joins still waiting when the session ends (logout, quit, a stream that could not be
        # resumed) belong to a session that is over: the next session starts its own autojoin.
        client.add_event_handler("session_end", lambda _e: self.stop_autojoin())
        client.add_event_handler("session_start", self._on_session_start)

    def _on_session_start(self, _event: Any) -> None:
        self._ended = False

    @property
    def muc(self) -> RoomJoiner | None:
        return self._joiner if self._joiner is not None else muc_of(self.session)

    # --- RoomJoiner ----------------------------------------------------------------------------

    async def join(self, room: str, nick: str, password: str | None = None) -> None:
        """Join through MucService, then bookmark the room with autojoin (a failure to
        bookmark is logged: the user is in the room all the same)."""
        muc = self.muc
        if muc is None:
            raise RuntimeError("no MucService on this session")
        await muc.join(room, nick, password)
        await self.remember_join(room, nick, password)

    async def remember_join(self, room: str, nick: str, password: str | None = None) -> None:
        """A room the user joined (by whatever way) is bookmarked with autojoin."""
        old = self.bookmarks.get(room, Bookmark(room))
        wanted = replace(old, autojoin=True, nick=nick, password=password or old.password)
        if wanted != old:
            await self.save(wanted)

    async def leave(self, room: str) -> None:
        muc = self.muc
        if muc is not None:
            await muc.leave(room)
        old = self.bookmarks.get(room)
        if old is not None and old.autojoin:
            await self.save(replace(old, autojoin=False))

    def joined(self) -> set[str]:
        muc = self.muc
        return muc.joined() if muc is not None else set()

    # --- storage -------------------------------------------------------------------------------

    async def save(self, bookmark: Bookmark) -> bool:
        """Publish ``bookmark`` (add or change) with XEP-0402's publish-options."""
        try:
            await publish_private(self.session.client, conference_payload(bookmark),
                                  bookmark.jid, node=NS)
        except (IqError, IqTimeout) as exc:
            log.warning("bookmark for %s not saved: %s", bookmark.jid, exc)
            return False
        self._set(bookmark)
        return True

    def _set(self, bookmark: Bookmark) -> None:
        self.bookmarks[bookmark.jid] = bookmark
        self._changed()

    def _changed(self) -> None:
        self.session.bus.publish(BookmarksChanged(self.session.jid,
                                                  tuple(self.bookmarks.values())))

    async def _query(self, payload: Element, timeout: float = TIMEOUT) -> Element | None:
        """An IQ get to our own account; the reply's first child, None on error or timeout."""
        client = self.session.client
        iq = client.Iq(stype="get")
        iq.append(payload)
        try:
            reply = await send_iq(iq, timeout=timeout)
        except (IqError, IqTimeout) as exc:
            log.info("bookmarks query %s failed: %s", payload.tag, exc)
            return None
        sender = str(reply.xml.get("from", ""))
        if sender and bare_or_none(sender) != self.session.jid:  # only our account answers
            return None
        children = list(reply.xml)
        return children[0] if children else None

    async def _pep_items(self, node: str) -> list[Element]:
        pubsub = Element(f"{{{PUBSUB}}}pubsub")
        SubElement(pubsub, f"{{{PUBSUB}}}items", node=node)
        answer = await self._query(pubsub)
        items = answer.find(f"{{{PUBSUB}}}items") if answer is not None else None
        return list(items.iterfind(f"{{{PUBSUB}}}item"))[:MAX_BOOKMARKS] if items is not None \
            else []

    async def load(self) -> dict[str, Bookmark]:
        """Fetch the bookmarks (XEP-0402, plus XEP-0048 when the server does not unify)."""
        info = parse_info(await self._query(Element(f"{{{DISCO_INFO}}}query")))
        found: dict[str, Bookmark] = {}
        for item in await self._pep_items(NS):
            bookmark = parse_conference(item.get("id", ""), item.find(f"{{{NS}}}conference"))
            if bookmark is not None:
                found[bookmark.jid] = bookmark
        if COMPAT not in info.features:
            private = Element(f"{{{PRIVATE}}}query")
            SubElement(private, f"{{{LEGACY}}}storage")
            answer = await self._query(private)
            legacy = parse_legacy(answer.find(f"{{{LEGACY}}}storage")
                                  if answer is not None else None)
            for item in await self._pep_items(LEGACY):
                legacy += parse_legacy(item.find(f"{{{LEGACY}}}storage"))
            for bookmark in legacy:
                found.setdefault(bookmark.jid, bookmark)  # XEP-0402's item wins
            log.info("bookmarks: no XEP-0402 unification on the server; %d read from XEP-0048",
                     len(legacy))
        self.bookmarks = found
        self._changed()
        return found

    # --- login and live sync -------------------------------------------------------------------

    async def start(self) -> None:
        """At a new session: load, then join the autojoin rooms, spaced apart."""
        await self.load()
        rooms = [b for b in self.bookmarks.values() if b.autojoin]
        if rooms and self.muc is not None:
            self._autojoining = spawn(self._autojoin(rooms), "bookmark autojoin")

    async def _autojoin(self, rooms: list[Bookmark]) -> None:
        slots = asyncio.Semaphore(AUTOJOIN_AT_ONCE)

        async def one(bookmark: Bookmark) -> None:
            async with slots:
                await self._enter(bookmark)

        tasks = self._autojoin_tasks = []
        for bookmark in rooms:
            tasks.append(spawn(one(bookmark), "autojoin"))
            await asyncio.sleep(AUTOJOIN_SPACING)
        await asyncio.gather(*tasks, return_exceptions=True)

    def stop_autojoin(self) -> None:
        """Cancel the login's autojoin: the rooms not yet entered stay unjoined. A publication
        that arrived as the stream closed (ejabberd sends the last items then) joins nothing."""
        self._ended = True
        if self._autojoining is not None:
            self._autojoining.cancel()
            self._autojoining = None
        for task in self._autojoin_tasks:
            task.cancel()
        self._autojoin_tasks = []

    def _nick(self, bookmark: Bookmark) -> str:
        return bookmark.nick or self.session.jid.split("@", 1)[0]

    async def _enter(self, bookmark: Bookmark) -> None:
        muc = self.muc
        # ejabberd may deliver one publication twice: one join per room in flight.
        if (muc is None or self._ended or bookmark.jid in muc.joined()
                or bookmark.jid in self._entering):
            return
        self._entering.add(bookmark.jid)
        try:
            await muc.join(bookmark.jid, self._nick(bookmark), bookmark.password or None)
        except Exception as exc:  # noqa: BLE001  one room's refusal stops no other
            log.warning("autojoin of %s failed: %s", bookmark.jid, exc)
        finally:
            self._entering.discard(bookmark.jid)

    async def _exit(self, room: str) -> None:
        muc = self.muc
        if muc is not None and room in muc.joined():
            await muc.leave(room)

    def _believed(self, msg: Any, kind: str) -> bool:
        verdict = policy.bookmark_update_ok(str(msg["from"]), self.session.jid)
        if not verdict:
            policy.log_rejected("bookmark-update", verdict.reason, sender=str(msg["from"]),
                                event=kind)
        return bool(verdict)

    def _on_publish(self, msg: Any) -> None:
        if not self._believed(msg, "publish"):
            return
        # .iterables: xep_0060 is iterating this very stanza while it calls us (see mds.py).
        for item in list(msg["pubsub_event"]["items"].iterables):
            bookmark = parse_conference(str(item["id"]), item.xml.find(f"{{{NS}}}conference"))
            if bookmark is None:
                continue
            self._set(bookmark)
            if bookmark.autojoin:
                spawn(self._enter(bookmark), "bookmark join")
            else:
                spawn(self._exit(bookmark.jid), "bookmark leave")

    def _on_retract(self, msg: Any) -> None:
        if not self._believed(msg, "retract"):
            return
        for item in list(msg["pubsub_event"]["items"].iterables):
            room = bare_or_none(str(item["id"])) or ""
            if self.bookmarks.pop(room, None) is not None:
                self._changed()
            spawn(self._exit(room), "bookmark leave")
