# XEP-0045: Multi-User Chat — joining and leaving rooms, nicknames, occupants, room messages
"""The core of group rooms; implements ``rooms_api.RoomJoiner`` for the browser, links and
bookmarks.

Joining asks the room's disco#info first (does it exist, is there an archive, a password), then
sends the join presence and waits for our own presence (status 110). A room with its own archive
(MUC MAM) is asked for no join history (``maxstanzas=0``): the archive fills it without
duplicates. Occupant presence is applied to our list at once but published in batches (every
50 ms), so a join storm of a thousand occupants reaches the view as a few changes.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.jid import InvalidJID
from slixmpp.stanza import Message, Presence
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.core.errors import ErrorKind, RoomJoinError, describe_room
from heron.core.events import (
    DeliveryState,
    Direction,
    MessagesAdded,
    MessageUpdated,
    NewMessage,
    Occupant,
    OccupantsChanged,
    RoomJoined,
    RoomLeft,
    RoomSubjectChanged,
    StoredMessage,
)
from heron.core.tasks import spawn
from heron.xmpp import policy
from heron.xmpp.services import muc_history, room_catchup, room_features

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

MUC = "http://jabber.org/protocol/muc"
MUC_USER = MUC + "#user"
MUC_OWNER = MUC + "#owner"
DATA_FORMS = "jabber:x:data"
OCCUPANT_ID = "urn:xmpp:occupant-id:0"
JOIN_TIMEOUT = 20.0
LEAVE_TIMEOUT = 5.0
DISCO_TIMEOUT = 10.0
COALESCE_SECONDS = 0.05
MAX_TEXT = 1024  # a nick, a subject: cut, never trusted to be short
MAX_BODY_CHARS = 64 * 1024

# Errors of a join presence (XEP-0045 §7.2) -> why, in Heron's words
_REFUSALS = {
    "conflict": ErrorKind.ROOM_NICK_TAKEN,
    "forbidden": ErrorKind.ROOM_BANNED,
    "registration-required": ErrorKind.ROOM_MEMBERS_ONLY,
    "not-authorized": ErrorKind.ROOM_PASSWORD,
    "item-not-found": ErrorKind.ROOM_LOCKED,  # the room exists (disco said so): locked
    "remote-server-not-found": ErrorKind.ROOM_UNREACHABLE,
    "remote-server-timeout": ErrorKind.ROOM_UNREACHABLE,
}
_SHOWS = ("chat", "away", "xa", "dnd")


def is_room_presence(presence: Any) -> bool:
    """A room occupant's presence (it carries ``muc#user``): not a contact's."""
    return presence.xml.find(f"{{{MUC_USER}}}x") is not None


def _plain(text: str) -> str:
    """Network text for a line of UI: no control characters, bounded."""
    return "".join(ch for ch in text[:MAX_TEXT] if ch >= " " or ch == "\t")


@dataclass
class RoomState:
    room: str
    nick: str
    name: str = ""
    subject: str = ""
    joined: bool = False
    archive: bool = False  # MUC MAM
    occupants: dict[str, Occupant] = field(default_factory=dict)
    created: bool = False  # we made it (status 201); muc_admin.py configures it


@dataclass
class _Waiter:
    """A join or nick change waiting for the room's answer."""

    future: asyncio.Future[tuple[str, set[str]]]
    nick: str


class MucService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.rooms: dict[str, RoomState] = {}
        self._waiting: dict[str, _Waiter] = {}  # room -> join or nick change in progress
        self._leaving: dict[str, asyncio.Future[None]] = {}
        self._dirty: dict[str, dict[str, Occupant | None]] = {}
        self._reset: set[str] = set()
        self._flush_handle: asyncio.TimerHandle | None = None
        self._history_complete: set[str] = set()  # rooms whose whole archive we hold
        client = session.client
        client.add_event_handler("presence", self._on_presence)
        client.add_event_handler("message", self._on_message)
        client.register_handler(Callback(
            "Heron room subject", MatchXPath("{jabber:client}message/{jabber:client}subject"),
            self._on_subject))
        client.add_event_handler("session_start", self._on_new_session)

    # --- RoomJoiner ----------------------------------------------------------------------------

    def joined(self) -> set[str]:
        return {room for room, state in self.rooms.items() if state.joined}

    async def default_nick(self, room: str) -> str:
        """The nick used there last time, else the account's name before the @."""
        known = await self.session.repos.rooms.get(self.session.jid, room)
        return known.nick if known is not None and known.nick else self.session.jid.split("@")[0]

    async def join(self, room: str, nick: str, password: str | None = None, *,
                   create: bool = False, configure: bool = False) -> None:
        """See ``RoomJoiner.join``; raises ``RoomJoinError``. ``create``: a room that does
        not exist is created (an instant room, XEP-0045 §10.1.2); otherwise that is an
        error the caller can offer to fix."""
        room = _bare_room(room)
        nick = nick.strip()
        if not nick:
            raise RoomJoinError(error=describe_room(ErrorKind.ROOM_NICK_TAKEN, room, "no nick"))
        if room in self.joined():
            return
        known = await room_catchup.newest_known(self.session, room)  # before live messages
        features, name = await self._room_info(room)
        if features is None and not create:
            raise RoomJoinError(error=describe_room(ErrorKind.ROOM_NOT_FOUND, room))
        state = RoomState(room, nick, name=name)
        room_features.apply(self.session, state, features or set())
        self.rooms[room] = state
        self._reset.add(room)
        waiter = _Waiter(asyncio.get_running_loop().create_future(), nick)
        self._waiting[room] = waiter
        self.session.client.send(self._join_presence(room, nick, password, state.archive))
        try:
            final_nick, codes = await asyncio.wait_for(waiter.future, JOIN_TIMEOUT)
        except TimeoutError:
            self._forget(room)
            self._send_unavailable(room, nick)
            raise RoomJoinError(error=describe_room(ErrorKind.ROOM_TIMEOUT, room)) from None
        except RoomJoinError:
            self._forget(room)
            raise
        finally:
            self._waiting.pop(room, None)
        state.nick, state.joined = final_nick, True
        state.created = "201" in codes
        if state.created and not configure:  # locked until configured (muc_admin.py)
            await self._accept_instant(room)
            await room_features.refresh(self.session, room)  # it exists now: archive?
        # Said before anything is awaited: the room's first messages follow our presence.
        self.session.bus.publish(RoomJoined(self.session.jid, room, final_nick, name,
                                            state.subject))
        self._mark(room, None, None)
        await self.session.repos.rooms.joined(self.session.jid, room, final_nick, name)
        if state.archive:  # the room sent no history: its archive does (muc_history.py)
            spawn(room_catchup.catch_up(self.session, room, final_nick, known), "room history")

    async def leave(self, room: str) -> None:
        room = _bare_room(room)
        state = self.rooms.get(room)
        if state is None or not state.joined:
            return
        done = asyncio.get_running_loop().create_future()
        self._leaving[room] = done
        self._send_unavailable(room, state.nick)
        try:
            await asyncio.wait_for(done, LEAVE_TIMEOUT)
        except TimeoutError:
            log.info("room %s did not confirm our leaving", room)
        finally:
            self._leaving.pop(room, None)
        self._forget(room)
        await self.session.repos.rooms.left(self.session.jid, room)
        self.session.bus.publish(RoomLeft(self.session.jid, room, ""))

    async def change_nick(self, room: str, nick: str) -> None:
        """XEP-0045 §7.6; raises ``RoomJoinError`` (nick taken) when the room refuses."""
        room = _bare_room(room)
        state = self.rooms.get(room)
        nick = nick.strip()
        if state is None or not state.joined or not nick or nick == state.nick:
            return
        waiter = _Waiter(asyncio.get_running_loop().create_future(), nick)
        self._waiting[room] = waiter
        self.session.client.send_presence(pto=f"{room}/{nick}")
        try:
            final_nick, _codes = await asyncio.wait_for(waiter.future, JOIN_TIMEOUT)
        except TimeoutError:
            raise RoomJoinError(error=describe_room(ErrorKind.ROOM_TIMEOUT, room)) from None
        finally:
            self._waiting.pop(room, None)
        state.nick = final_nick
        await self.session.repos.rooms.joined(self.session.jid, room, final_nick, state.name)
        self.session.bus.publish(RoomJoined(self.session.jid, room, final_nick, state.name))

    def is_room(self, jid: str) -> bool:
        return jid in self.rooms

    async def fetch_older(self, room: str) -> int:
        """The page of the room's archive before the oldest archived message we hold (the
        newest page when we hold none); 0 once the archive has nothing older."""
        state = self.rooms.get(room)
        if state is None or not state.archive or room in self._history_complete:
            return 0
        before = await self.session.repos.messages.oldest_stanza_id(self.session.jid, room)
        stored, complete = await muc_history.fetch_page(self.session, room, state.nick,
                                                        before or "")
        if complete:
            self._history_complete.add(room)
        return stored

    # --- sending -------------------------------------------------------------------------------

    async def send(self, room: str, text: str, reply_to: StoredMessage | None = None) -> bool:
        """Store our message (pending until the room reflects it back), then send it."""
        state = self.rooms.get(room)
        if state is None or not state.joined:
            return False
        origin_id = str(uuid.uuid4())
        new = NewMessage(account=self.session.jid, peer=room, direction=Direction.OUTGOING,
                         body=text, timestamp=time.time(), origin_id=origin_id,
                         message_id=origin_id, sender_resource=state.nick,
                         state=DeliveryState.PENDING,
                         reply_to=reply_to.stanza_id or "" if reply_to is not None else "")
        stored = await self.session.repos.messages.add_many([new])
        if stored:
            self.session.bus.publish(MessagesAdded(self.session.jid, room, tuple(stored), True))
        msg = self.session.client.make_message(mto=room, mbody=text, mtype="groupchat")
        msg["id"] = origin_id
        msg["origin_id"]["id"] = origin_id
        if reply_to is not None and reply_to.stanza_id:  # XEP-0461, naming the room's id
            self.session.replies.prepare(origin_id, reply_to, room_reply=True)
            self.session.replies.decorate(msg, origin_id)
        if not self.session.omemo.rooms.transmit(msg, room, origin_id):  # encrypted: there
            msg.send()
        return True

    # --- presence ------------------------------------------------------------------------------

    def _join_presence(self, room: str, nick: str, password: str | None,
                       archive: bool) -> Presence:
        presence = self.session.client.make_presence(pto=f"{room}/{nick}")
        x = ET.SubElement(presence.xml, f"{{{MUC}}}x")
        if archive:  # the archive fills the history: the room sends none (no duplicates)
            ET.SubElement(x, f"{{{MUC}}}history", {"maxstanzas": "0"})
        if password:
            ET.SubElement(x, f"{{{MUC}}}password").text = password
        return presence

    def _send_unavailable(self, room: str, nick: str) -> None:
        self.session.client.send_presence(pto=f"{room}/{nick}", ptype="unavailable")

    def _on_presence(self, presence: Presence) -> None:
        sender = presence["from"]
        room, nick = sender.bare, sender.resource
        state = self.rooms.get(room)
        if state is None:
            return
        if presence["type"] == "error":
            self._refused(room, presence)
            return
        x = presence.xml.find(f"{{{MUC_USER}}}x")
        if x is None or not nick:
            return
        codes = {str(s.get("code", "")) for s in x.findall(f"{{{MUC_USER}}}status")}
        item = x.find(f"{{{MUC_USER}}}item")
        attrs = dict(item.attrib) if item is not None else {}
        ours = "110" in codes
        if presence["type"] == "unavailable":
            self._gone(state, nick, codes, attrs, ours)
            return
        show = presence["show"] if presence["show"] in _SHOWS else "available"
        occupant_id = presence.xml.find(f"{{{OCCUPANT_ID}}}occupant-id")
        occupant = Occupant(
            nick=_plain(nick), role=attrs.get("role", "participant"),
            affiliation=attrs.get("affiliation", "none"), show=show,
            jid=_jid_bare(attrs.get("jid", "")),
            occupant_id=occupant_id.get("id", "") if occupant_id is not None else "",
            self=ours)
        state.occupants[nick] = occupant
        self._mark(room, nick, occupant)
        waiter = self._waiting.get(room)
        if ours and waiter is not None and not waiter.future.done():
            # In at once: the subject and messages that follow in the same read are ours.
            state.joined, state.nick = True, nick
            waiter.future.set_result((nick, codes))  # 210: the room picked this nick

    def _gone(self, state: RoomState, nick: str, codes: set[str], attrs: dict[str, str],
              ours: bool) -> None:
        state.occupants.pop(nick, None)
        self._mark(state.room, nick, None)
        if "303" in codes:  # a nick change: the new presence follows
            if ours and attrs.get("nick"):
                state.nick = attrs["nick"]
            return
        if not ours:
            return
        leaving = self._leaving.get(state.room)
        if leaving is not None and not leaving.done():
            leaving.set_result(None)
            return
        reason = ("banned" if "301" in codes else "kicked" if "307" in codes
                  else "removed" if codes & {"321", "322", "332"} else "")
        self._left(state.room, reason or "removed")

    def _refused(self, room: str, presence: Presence) -> None:
        condition = str(presence["error"]["condition"] or "")
        text = str(presence["error"]["text"] or "")
        waiter = self._waiting.get(room)
        if waiter is None or waiter.future.done():
            log.info("room %s: error presence %s %s", room, condition, text)
            return
        kind = _REFUSALS.get(condition, ErrorKind.ROOM_UNREACHABLE)
        waiter.future.set_exception(RoomJoinError(
            error=describe_room(kind, room, f"{condition}: {text}" if text else condition)))

    def _left(self, room: str, reason: str) -> None:
        self._forget(room)
        spawn(self.session.repos.rooms.left(self.session.jid, room), "room left")
        self.session.bus.publish(RoomLeft(self.session.jid, room, reason))

    def _forget(self, room: str) -> None:
        self.rooms.pop(room, None)
        self._dirty.pop(room, None)
        self._reset.discard(room)

    def _on_new_session(self, _event: Any) -> None:
        # Not resumed: the server took us out of every room. Rejoining is the bookmarks' job.
        for room in list(self.rooms):
            self._left(room, "disconnected")

    # --- batching ------------------------------------------------------------------------------

    def _mark(self, room: str, nick: str | None, occupant: Occupant | None) -> None:
        changes = self._dirty.setdefault(room, {})
        if nick is not None:
            changes[nick] = occupant
        if self._flush_handle is None:
            self._flush_handle = asyncio.get_running_loop().call_later(
                COALESCE_SECONDS, self._flush)

    def _flush(self) -> None:
        self._flush_handle = None
        dirty, self._dirty = self._dirty, {}
        for room, changes in dirty.items():
            state = self.rooms.get(room)
            if state is None:
                continue
            if room in self._reset:
                if not state.joined:
                    continue  # the list goes out whole once we are in
                self._reset.discard(room)
                self.session.bus.publish(OccupantsChanged(
                    self.session.jid, room, tuple(state.occupants.values()), (), True))
                continue
            changed = tuple(o for o in changes.values() if o is not None)
            gone = tuple(n for n, o in changes.items() if o is None)
            if changed or gone:
                self.session.bus.publish(OccupantsChanged(self.session.jid, room, changed, gone))
        if self._dirty and self._flush_handle is None:
            self._flush_handle = asyncio.get_running_loop().call_later(
                COALESCE_SECONDS, self._flush)

    def occupants(self, room: str) -> list[Occupant]:
        state = self.rooms.get(room)
        return list(state.occupants.values()) if state is not None else []

    # --- messages ------------------------------------------------------------------------------

    def _on_message(self, msg: Message) -> None:
        if msg["type"] != "groupchat":
            return
        sender = msg["from"]
        verdict = policy.room_message_ok(sender, self.joined())
        if not verdict:
            policy.log_rejected("groupchat", verdict.reason, sender=str(sender))
            return
        if self.session.omemo.rooms.takes(msg, self.rooms[sender.bare]):  # omemo_rooms.py
            return
        if self.session.room_edits.take(msg, self.rooms[sender.bare]):  # room_edits.py
            return
        self._store(msg, self.rooms[sender.bare])

    def _on_subject(self, msg: Any) -> None:
        """XEP-0045 §8.1: a subject is a groupchat message with <subject/> and no body
        (slixmpp's "message" event fires only for messages with a body)."""
        if msg["type"] != "groupchat" or msg.xml.find("{jabber:client}body") is not None:
            return
        sender = msg["from"]
        verdict = policy.room_subject_ok(sender, self.joined())
        if not verdict:
            policy.log_rejected("room subject", verdict.reason, sender=str(sender))
            return
        subject = msg.xml.find("{jabber:client}subject")
        self._subject(sender.bare, sender.resource, (subject.text or "") if subject is not None
                      else "")

    def _store(self, msg: Message, state: RoomState) -> None:
        nick = msg["from"].resource
        origin = msg["origin_id"]["id"] if msg.get_plugin("origin_id", check=True) else ""
        ours = nick == state.nick
        direction = Direction.OUTGOING if ours else Direction.INCOMING
        new = self.session.chat.to_new_message(msg, state.room, direction,
                                               stanza_id_archive=state.room)
        occupant_id, sender_jid = self.session.room_edits.identity(state.room, nick, msg.xml)
        new = replace(
            new, body=new.body[:MAX_BODY_CHARS], sender_resource=_plain(nick),
            state=DeliveryState.SENT if ours else DeliveryState.RECEIVED, markable=False,
            occupant_id=occupant_id, sender_jid=sender_jid)
        self.session.pipeline.submit(new, live=True)
        if ours and origin:  # our own message, reflected: it reached the room
            spawn(self._reflected(state.room, origin), "room reflection")

    async def _reflected(self, room: str, origin_id: str) -> None:
        await self.session.pipeline.drain()  # the row adopts the room's stanza-id first
        updated = await self.session.repos.messages.set_state_by_origin_id(
            self.session.jid, room, origin_id, DeliveryState.SENT)
        if updated is not None:
            self.session.bus.publish(MessageUpdated(self.session.jid, room, updated))

    def _subject(self, room: str, nick: str, text: str) -> None:
        subject = _plain(text)
        state = self.rooms[room]
        state.subject = subject
        spawn(self.session.repos.rooms.set_subject(self.session.jid, room, subject),
              "room subject")
        self.session.bus.publish(RoomSubjectChanged(self.session.jid, room, subject,
                                                    _plain(nick)))

    # --- creating ------------------------------------------------------------------------------

    async def _room_info(self, room: str) -> tuple[set[str] | None, str]:
        """(features, name) of the room; (None, "") when it does not exist. Raises
        ``RoomJoinError`` when its service cannot be reached."""
        disco = self.session.client.plugin["xep_0030"]
        try:
            info = await disco.get_info(jid=JID(room), timeout=DISCO_TIMEOUT, cached=False)
        except IqError as exc:
            condition = str(exc.iq["error"]["condition"])
            if condition == "item-not-found":
                return None, ""
            raise RoomJoinError(error=describe_room(ErrorKind.ROOM_UNREACHABLE, room,
                                                    condition)) from exc
        except IqTimeout as exc:
            raise RoomJoinError(error=describe_room(ErrorKind.ROOM_UNREACHABLE, room,
                                                    "timeout")) from exc
        query = info["disco_info"]
        names = [str(identity[3] or "") for identity in query["identities"]
                 if identity[0] == "conference"]
        return set(query["features"]), _plain(names[0]) if names else ""

    async def _accept_instant(self, room: str) -> None:
        """XEP-0045 §10.1.2: a new room stays locked until its owner submits a form; an
        empty submitted form takes the defaults."""
        iq = self.session.client.make_iq_set(ito=room)
        query = ET.SubElement(iq.xml, f"{{{MUC_OWNER}}}query")
        ET.SubElement(query, f"{{{DATA_FORMS}}}x", {"type": "submit"})
        try:
            await iq.send(timeout=DISCO_TIMEOUT)  # type: ignore[no-untyped-call]
        except (IqError, IqTimeout) as exc:
            log.warning("room %s: the instant-room form was not accepted: %s", room, exc)


def _bare_room(room: str) -> str:
    try:
        bare = JID(room.strip()).bare
    except InvalidJID:
        bare = ""
    if not bare or "@" not in bare:
        raise RoomJoinError(error=describe_room(ErrorKind.ROOM_NOT_FOUND, room.strip()[:200]))
    return bare


def _jid_bare(value: str) -> str:
    try:
        return JID(value).bare if value else ""
    except InvalidJID:
        return ""
