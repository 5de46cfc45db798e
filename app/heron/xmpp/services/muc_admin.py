# XEP-0045 §9-§10: Multi-User Chat administration — configure, subject, destroy, affiliations, roles
"""What owners, admins and moderators do to a room; joining and messages stay in ``muc.py``.

The room's configuration form is a XEP-0004 form (``core/data_forms.py``), rendered by
``ui/data_form.py``. Every refusal becomes a ``RoomAdminError`` whose sentence says, in plain
words, whether we were not allowed (forbidden), the room does not allow it (not-allowed), it
refused the values (bad-request / not-acceptable) or could not be reached.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, SubElement

from slixmpp.exceptions import IqError, IqTimeout

from heron.core import data_forms
from heron.core.errors import ErrorKind, RoomAdminError, describe_room
from heron.core.events import RoomSubjectChanged
from heron.xmpp.services import room_features
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

MUC_OWNER = "http://jabber.org/protocol/muc#owner"
MUC_ADMIN = "http://jabber.org/protocol/muc#admin"
TIMEOUT = 15.0
MAX_ITEMS = 5000  # entries of one affiliation list we show
MAX_REASON = 1024
AFFILIATIONS = ("owner", "admin", "member", "outcast")
ROLES = ("moderator", "participant", "visitor", "none")

_CONDITIONS = {
    "forbidden": ErrorKind.ROOM_FORBIDDEN,
    "not-allowed": ErrorKind.ROOM_NOT_ALLOWED,
    "conflict": ErrorKind.ROOM_NOT_ALLOWED,  # e.g. the last owner giving up ownership
    "bad-request": ErrorKind.ROOM_CONFIG_REFUSED,
    "not-acceptable": ErrorKind.ROOM_CONFIG_REFUSED,
    "item-not-found": ErrorKind.ROOM_NOT_FOUND,
    "remote-server-not-found": ErrorKind.ROOM_UNREACHABLE,
    "remote-server-timeout": ErrorKind.ROOM_UNREACHABLE,
}


@dataclass(frozen=True, slots=True)
class Affiliated:
    """One entry of a room's owner/admin/member/outcast list."""

    jid: str
    affiliation: str
    nick: str = ""
    reason: str = ""


def failure(room: str, condition: str, text: str = "") -> RoomAdminError:
    kind = _CONDITIONS.get(condition, ErrorKind.ROOM_ADMIN_FAILED)
    detail = f"{condition}: {text}" if text else condition
    return RoomAdminError(error=describe_room(kind, room, detail))


def _plain(text: str | None, limit: int = MAX_REASON) -> str:
    return "".join(ch for ch in (text or "")[:limit] if ch >= " ")


class MucAdmin:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self._subject_errors: dict[str, asyncio.Future[None]] = {}  # message id -> waiting
        session.client.add_event_handler("message_error", self._on_message_error)

    # --- requests ------------------------------------------------------------------------------

    async def _ask(self, room: str, kind: str, ns: str, *children: Element) -> Element:
        """An IQ to ``room`` with a ``<query xmlns=ns>`` holding ``children``; the reply's
        query (or an empty one), or ``RoomAdminError``."""
        client = self.session.client
        iq = client.make_iq_set(ito=room) if kind == "set" else client.make_iq_get(ito=room)
        query = SubElement(iq.xml, f"{{{ns}}}query")
        query.extend(children)
        try:
            reply = await send_iq(iq, timeout=TIMEOUT)
        except IqError as exc:
            raise failure(room, str(exc.iq["error"]["condition"] or ""),
                          _plain(exc.iq["error"]["text"])) from exc
        except IqTimeout as exc:
            raise RoomAdminError(error=describe_room(ErrorKind.ROOM_TIMEOUT, room)) from exc
        answer = reply.xml.find(f"{{{ns}}}query")
        return answer if answer is not None else Element(f"{{{ns}}}query")

    # --- configuration (§10.2) -----------------------------------------------------------------

    async def get_config(self, room: str) -> data_forms.Form:
        query = await self._ask(room, "get", MUC_OWNER)
        x = query.find(f"{{{data_forms.NS}}}x")
        if x is None:
            raise failure(room, "bad-request", "no configuration form")
        return data_forms.parse(x)

    async def set_config(self, room: str, form: data_forms.Form,
                         answers: dict[str, list[str]]) -> None:
        await self._ask(room, "set", MUC_OWNER, data_forms.submit(form, answers))
        state = self.session.muc.rooms.get(room)
        name = answers.get("muc#roomconfig_roomname")
        if state is not None and name:  # the title we just gave it, before disco says so
            state.name = _plain(name[0])
        await room_features.refresh(self.session, room)  # archive on or off now

    async def accept_defaults(self, room: str) -> None:
        """An instant room (§10.1.2): an empty submit form takes the service's defaults."""
        await self._ask(room, "set", MUC_OWNER, Element(f"{{{data_forms.NS}}}x",
                                                        {"type": "submit"}))
        await room_features.refresh(self.session, room)

    async def cancel_config(self, room: str) -> None:
        """Cancel configuring; a room still locked after its creation is destroyed (§10.1.3)."""
        try:
            await self._ask(room, "set", MUC_OWNER, data_forms.cancel())
        except RoomAdminError as exc:
            log.info("room %s: cancelling the configuration: %s", room, exc)

    async def create(self, room: str, nick: str, *, instant: bool) -> bool:
        """Join ``room`` as its creator. Returns True when we created it (it did not exist);
        a configured room stays locked until ``set_config`` (or ``cancel_config``)."""
        await self.session.muc.join(room, nick, create=True, configure=not instant)
        state = self.session.muc.rooms.get(room)
        return state is not None and state.created

    async def destroy(self, room: str, reason: str = "") -> None:
        """§10.9: the room is gone for everyone, with ``reason`` in their client."""
        destroy = Element(f"{{{MUC_OWNER}}}destroy")
        if reason.strip():
            SubElement(destroy, f"{{{MUC_OWNER}}}reason").text = reason.strip()[:MAX_REASON]
        await self._ask(room, "set", MUC_OWNER, destroy)
        muc = self.session.muc
        if room in muc.joined():  # ejabberd's goodbye lacks status 110: muc.py cannot tell
            muc._left(room, "destroyed")

    # --- subject (§8.1) ------------------------------------------------------------------------

    async def set_subject(self, room: str, text: str) -> None:
        """Change the subject; returns once the room shows it, raises when it refuses."""
        client = self.session.client
        msg_id = uuid.uuid4().hex
        loop = asyncio.get_running_loop()
        refused = loop.create_future()
        shown = loop.create_future()
        self._subject_errors[msg_id] = refused

        def on_subject(event: RoomSubjectChanged) -> None:
            if event.account == self.session.jid and event.room == room and not shown.done():
                shown.set_result(None)

        unsubscribe = self.session.bus.subscribe(RoomSubjectChanged, on_subject)
        msg = client.make_message(mto=room, mtype="groupchat", msubject=text[:MAX_REASON])
        msg["id"] = msg_id
        msg.send()
        try:
            done, _ = await asyncio.wait({refused, shown}, timeout=TIMEOUT,
                                         return_when=asyncio.FIRST_COMPLETED)
            if not done:
                raise RoomAdminError(error=describe_room(ErrorKind.ROOM_TIMEOUT, room))
            if refused in done:
                refused.result()
        finally:
            unsubscribe()
            self._subject_errors.pop(msg_id, None)
            for future in (refused, shown):
                future.cancel()

    def _on_message_error(self, msg: Any) -> None:
        future = self._subject_errors.get(str(msg["id"]))
        if future is not None and not future.done():
            future.set_exception(failure(msg["from"].bare, str(msg["error"]["condition"] or ""),
                                         _plain(msg["error"]["text"])))

    # --- affiliations (§9) and roles (§8) ------------------------------------------------------

    async def affiliated(self, room: str, affiliation: str) -> list[Affiliated]:
        """The room's list of ``affiliation`` (owner, admin, member, outcast)."""
        item = Element(f"{{{MUC_ADMIN}}}item", {"affiliation": affiliation})
        query = await self._ask(room, "get", MUC_ADMIN, item)
        found = []
        for element in query.findall(f"{{{MUC_ADMIN}}}item")[:MAX_ITEMS]:
            jid = _plain(element.get("jid"), 3071)
            if jid and element.get("affiliation", affiliation) == affiliation:
                found.append(Affiliated(jid, affiliation, _plain(element.get("nick"), 256),
                                        _plain(element.findtext(f"{{{MUC_ADMIN}}}reason"))))
        return sorted(found, key=lambda a: a.jid)

    async def set_affiliation(self, room: str, jid: str, affiliation: str,
                              reason: str = "") -> None:
        """Give ``jid`` the ``affiliation`` ("none" removes it from every list; "outcast"
        bans)."""
        item = Element(f"{{{MUC_ADMIN}}}item", {"jid": jid, "affiliation": affiliation})
        if reason.strip():
            SubElement(item, f"{{{MUC_ADMIN}}}reason").text = reason.strip()[:MAX_REASON]
        await self._ask(room, "set", MUC_ADMIN, item)

    async def set_role(self, room: str, nick: str, role: str, reason: str = "") -> None:
        """Give the occupant ``nick`` the ``role``: "none" kicks, "visitor" revokes voice,
        "participant" grants voice (or revokes moderator), "moderator" grants it."""
        item = Element(f"{{{MUC_ADMIN}}}item", {"nick": nick, "role": role})
        if reason.strip():
            SubElement(item, f"{{{MUC_ADMIN}}}reason").text = reason.strip()[:MAX_REASON]
        await self._ask(room, "set", MUC_ADMIN, item)

    async def kick(self, room: str, nick: str, reason: str = "") -> None:
        await self.set_role(room, nick, "none", reason)

    async def ban(self, room: str, jid: str, reason: str = "") -> None:
        await self.set_affiliation(room, jid, "outcast", reason)
