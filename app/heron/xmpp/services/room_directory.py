# XEP-0045 §6: Discovering rooms (with XEP-0030 disco and XEP-0059 result set paging)
"""Find group chat rooms: which conference services our server has, which rooms a service
lists, and what one room says about itself (its muc#roominfo form).

A service may be anyone's (the user can type another server's), so everything it says is
untrusted text: names and descriptions are made plain (no control or bidi characters) and
capped; the list stops at ``MAX_ROOMS`` however many items a hostile service sends; an answer
counts only from the address asked. Failures become a :class:`RoomDirectoryError` whose
``error`` is a plain-words :class:`UserError`.
"""

from __future__ import annotations

import asyncio
import logging
import unicodedata
from collections.abc import Callable
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element, SubElement

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.jid import InvalidJID

from heron.core.errors import ErrorKind, HeronError, describe
from heron.core.rooms import Room, RoomInfo, RoomList
from heron.xmpp.services.server_features import DISCO_INFO, DISCO_ITEMS, parse_info
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

RSM = "http://jabber.org/protocol/rsm"
MUC = "http://jabber.org/protocol/muc"
ROOMINFO = "http://jabber.org/protocol/muc#roominfo"
MAM = "urn:xmpp:mam:2"
TIMEOUT = 15.0
PAGE = 250  # rooms asked per RSM page: a page is one stanza, kept well under stanza limits
MAX_ROOMS = 5000  # a service listing more is cut here (the browser says "showing the first")
MAX_NAME = 120
MAX_DESCRIPTION = 400
MAX_SERVICES = 20  # items of our domain whose disco#info is asked
MAX_COUNT_DIGITS = 8  # an occupant count longer than this is junk


def plain(text: str, limit: int) -> str:
    """One line of untrusted text: no control or format (bidi) characters, capped."""
    kept = "".join(c if unicodedata.category(c) not in {"Cc", "Cf", "Zl", "Zp"} else " "
                   for c in text[: limit * 2])
    line = " ".join(kept.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class RoomDirectoryError(HeronError):
    pass


def _failure(kind: ErrorKind, service: str, detail: str = "") -> RoomDirectoryError:
    error = describe(kind, detail, server=service)
    return RoomDirectoryError(error.message, error)


def bare_or_none(text: str) -> str | None:
    """``text`` as a bare JID (normalised), or None when it is not one."""
    try:
        jid = JID(text.strip())
    except InvalidJID:
        return None
    return jid.bare if jid.bare and not jid.resource else None


def answered_by(asked: str, reply_from: str) -> bool:
    """Only the address asked answers for itself (not another service, not a resource)."""
    try:
        sender = JID(reply_from)
    except InvalidJID:
        return False
    return bool(sender.bare) and sender.bare == asked and not sender.resource


def parse_rooms(query: Element | None, service: str, limit: int) -> list[Room]:
    """The rooms of a disco#items answer: items on ``service`` with a local part."""
    if query is None:
        return []
    rooms: list[Room] = []
    for item in query.iterfind(f"{{{DISCO_ITEMS}}}item"):
        if len(rooms) >= limit:
            break
        jid = bare_or_none(item.get("jid", ""))
        if jid is None or "@" not in jid or jid.split("@", 1)[1] != service:
            continue
        rooms.append(Room(jid, plain(item.get("name", ""), MAX_NAME)))
    return rooms


def _flag(value: list[str]) -> bool:
    return bool(value) and value[0].strip().lower() in {"1", "true"}


def room_info(jid: str, query: Element | None) -> RoomInfo:
    """Read a room's disco#info: identity name, features (muc_passwordprotected, ...) and the
    muc#roominfo form (description, occupant count)."""
    info = parse_info(query)
    name = ""
    if query is not None:
        for identity in query.iterfind(f"{{{DISCO_INFO}}}identity"):
            if identity.get("category") == "conference":
                name = identity.get("name", "")
                break
    form = info.forms.get(ROOMINFO, {})
    count = (form.get("muc#roominfo_occupants") or [""])[0].strip()
    features = info.features
    return RoomInfo(
        jid=jid,
        name=plain(name, MAX_NAME),
        description=plain((form.get("muc#roominfo_description") or [""])[0], MAX_DESCRIPTION),
        occupants=int(count) if count.isdigit() and len(count) <= MAX_COUNT_DIGITS else None,
        password="muc_passwordprotected" in features,
        members_only="muc_membersonly" in features,
        moderated="muc_moderated" in features,
        persistent="muc_persistent" in features,
        public="muc_hidden" not in features,
        archived=MAM in features)


class RoomDirectory:
    """Room discovery for one account's session."""

    def __init__(self, session: AccountSession) -> None:
        self.session = session

    async def _ask(self, jid: str, namespace: str, rsm: tuple[int, str] | None = None
                   ) -> Element:
        """One disco query to ``jid``; its ``<query/>``. Raises RoomDirectoryError."""
        client = self.session.client
        if not self.session.connection.connected:
            raise _failure(ErrorKind.UNREACHABLE, jid, "not connected")
        iq = client.Iq(stype="get", sto=jid)
        iq.enable("disco_info" if namespace == DISCO_INFO else "disco_items")
        if rsm is not None:
            query = iq.xml.find(f"{{{namespace}}}query")
            paging = SubElement(query if query is not None else iq.xml, f"{{{RSM}}}set")
            SubElement(paging, f"{{{RSM}}}max").text = str(rsm[0])
            if rsm[1]:
                SubElement(paging, f"{{{RSM}}}after").text = rsm[1]
        try:
            reply = await send_iq(iq, timeout=TIMEOUT)
        except IqTimeout as exc:
            raise _failure(ErrorKind.TIMEOUT, jid) from exc
        except IqError as exc:
            condition = str(exc.condition)
            log.info("disco of %s failed: %s", jid, condition)
            kind = (ErrorKind.UNREACHABLE if condition.startswith("remote-server")
                    else ErrorKind.ROOM_SERVICE_NOT_FOUND)
            raise _failure(kind, jid, condition) from exc
        sender = str(reply.xml.get("from", ""))
        found = reply.xml.find(f"{{{namespace}}}query")
        if not answered_by(jid, sender) or found is None:
            log.warning("disco answer for %s came from %r; ignored", jid, sender)
            raise _failure(ErrorKind.ROOM_SERVICE_NOT_FOUND, jid, "answer from elsewhere")
        return found

    async def services(self) -> list[str]:
        """Our server's conference services (identity conference/text), best first."""
        domain = self.session.jid.split("@")[-1]
        try:
            items = await self._ask(domain, DISCO_ITEMS)
        except RoomDirectoryError:
            return []
        candidates = []
        for item in items.iterfind(f"{{{DISCO_ITEMS}}}item"):
            jid = bare_or_none(item.get("jid", ""))
            if jid and "@" not in jid and item.get("node") is None and jid not in candidates:
                candidates.append(jid)
        answers = await asyncio.gather(
            *(self._ask(c, DISCO_INFO) for c in candidates[:MAX_SERVICES]),
            return_exceptions=True)
        return [c for c, a in zip(candidates, answers, strict=False)
                if isinstance(a, Element)
                and ("conference", "text") in parse_info(a).identities
                and MUC in parse_info(a).features]

    async def is_conference(self, service: str) -> bool:
        info = parse_info(await self._ask(service, DISCO_INFO))
        return ("conference", "text") in info.identities

    async def list_rooms(self, service: str, limit: int = MAX_ROOMS,
                         progress: Callable[[list[Room]], None] | None = None) -> RoomList:
        """The rooms ``service`` lists, page by page when it pages (XEP-0059); ``progress``
        gets each page as it arrives. Raises RoomDirectoryError (in plain words)."""
        jid = bare_or_none(service)
        if jid is None or "@" in jid:
            raise _failure(ErrorKind.ROOM_SERVICE_NOT_FOUND, service.strip()[:100], "not a JID")
        if not await self.is_conference(jid):
            raise _failure(ErrorKind.ROOM_SERVICE_NOT_FOUND, jid, "no conference identity")
        rooms: list[Room] = []
        seen: set[str] = set()
        after = ""
        while True:
            query = await self._ask(jid, DISCO_ITEMS, (PAGE, after))
            page = [r for r in parse_rooms(query, jid, limit - len(rooms) + 1)
                    if r.jid not in seen]
            seen.update(r.jid for r in page)
            more = len(rooms) + len(page) > limit
            page = page[: limit - len(rooms)]
            rooms.extend(page)
            if progress is not None and page:
                progress(page)
            paging = query.find(f"{{{RSM}}}set")
            last = paging.findtext(f"{{{RSM}}}last", "") if paging is not None else ""
            if more or not page or not last or last == after:
                truncated = more or (len(rooms) >= limit and bool(last))
                return RoomList(jid, tuple(rooms), truncated)
            after = last

    async def info(self, room: str) -> RoomInfo:
        """What ``room`` says about itself. Raises RoomDirectoryError."""
        return room_info(room, await self._ask(room, DISCO_INFO))
