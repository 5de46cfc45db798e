# XEP-0308, XEP-0424, XEP-0444, XEP-0461 in XEP-0045 rooms, bound to XEP-0421 occupant-id
"""Correct, delete, react to and answer messages in a room, and believe others' only from the
occupant who wrote the message.

Sending: corrections name the original's id (XEP-0308); retractions, reactions and replies
name the stanza-id the room gave it (XEP-0424 §5, XEP-0444 §4, XEP-0461 §3: in groupchat the
id the room assigned, ``by`` the room). All go to the room as ``type='groupchat'``.

Receiving: who an occupant is comes from the room, never from the nick alone. Where the room
announces ``urn:xmpp:occupant-id:0`` its occupant-id is believed (elsewhere anyone could write
one into a message); where it shows real JIDs, the JID; otherwise Heron gives each stay of a
nick a token of its own (from the presence that brought the nick in to the one that took it
away; a nick change carries it along), so Carol taking the nick "Bob" after Bob left cannot
touch Bob's messages. ``policy.room_edit_ok`` compares; ``storage.repos.room_edits`` writes.
"""

from __future__ import annotations

import logging
import uuid
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.jid import InvalidJID

from heron.core.events import Direction, MessageUpdated, StoredMessage
from heron.core.tasks import spawn
from heron.storage.repos.room_edits import RoomEditRepo, RoomTarget
from heron.xmpp import policy
from heron.xmpp.services.chat import MAX_BODY_CHARS
from heron.xmpp.services.omemo_room_edits import plain_correction_refused
from heron.xmpp.services.reactions import REACTION_TAG, REACTIONS_TAG, is_reaction
from heron.xmpp.services.reactions import parse_reactions as _parse_reactions
from heron.xmpp.services.replies import reply_parts
from heron.xmpp.services.retraction import RETRACT_TAG, retract_id
from heron.xmpp.services.retraction_outbox import NS as RETRACT_NS

if TYPE_CHECKING:
    from heron.xmpp.services.muc import RoomState
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

OCCUPANT_ID = "urn:xmpp:occupant-id:0"
MUC_USER = "http://jabber.org/protocol/muc#user"
REPLACE_TAG = "{urn:xmpp:message-correct:0}replace"
TOKEN_PREFIX = "heron-stay:"  # noqa: S105  not a secret; never a room's own occupant-id: those are believed raw
MAX_ID_CHARS = 256


def occupant_id_of(xml: Any) -> str:
    element = xml.find(f"{{{OCCUPANT_ID}}}occupant-id")
    value = element.get("id", "") if element is not None else ""
    return value if 0 < len(value) <= MAX_ID_CHARS else ""


class RoomEditService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.repo = RoomEditRepo(session.repos.messages.db)
        self._offers_ids: set[str] = set()  # rooms that announced XEP-0421
        self._stays: dict[tuple[str, str], str] = {}  # (room, nick) -> token of this stay
        client = session.client
        client.add_event_handler("presence", self._on_presence)
        # A reaction or retraction may have no body: slixmpp's "message" event misses it.
        client.add_event_handler("reactions", self._on_bodiless)
        client.add_event_handler("message_retract", self._on_bodiless)

    # --- who is who --------------------------------------------------------------------------

    def room_features(self, room: str, features: set[str], *, joining: bool = True) -> None:
        """Called when a room's disco#info is known (before joining: the stays of an earlier
        visit are forgotten, whoever holds those nicks now is new to us)."""
        if OCCUPANT_ID in features:
            self._offers_ids.add(room)
        else:
            self._offers_ids.discard(room)
        if not joining:
            return
        for key in [k for k in self._stays if k[0] == room]:
            del self._stays[key]

    def _on_presence(self, presence: Any) -> None:
        sender = presence["from"]
        room, nick = sender.bare, sender.resource
        if not nick or room not in self.session.muc.rooms:
            return
        x = presence.xml.find(f"{{{MUC_USER}}}x")
        if x is None:
            return
        key = (room, nick)
        if presence["type"] == "unavailable":
            token = self._stays.pop(key, None)
            codes = {str(s.get("code", "")) for s in x.findall(f"{{{MUC_USER}}}status")}
            item = x.find(f"{{{MUC_USER}}}item")
            new_nick = item.get("nick", "") if item is not None else ""
            if "303" in codes and new_nick and token:  # a nick change: the same person
                self._stays[(room, new_nick)] = token
        elif presence["type"] != "error" and key not in self._stays:
            self._stays[key] = TOKEN_PREFIX + uuid.uuid4().hex

    def archived_identity(self, room: str, xml: Any) -> tuple[str, str]:
        """(occupant id, real bare JID) of a message from the room's archive: only what the
        room itself wrote into it (no stay token: the archive does not say who was there)."""
        item = xml.find(f"{{{MUC_USER}}}x/{{{MUC_USER}}}item")
        real = _bare(item.get("jid", "")) if item is not None else ""
        return (occupant_id_of(xml) if room in self._offers_ids else ""), real

    def identity(self, room: str, nick: str, xml: Any) -> tuple[str, str]:
        """(occupant id, real bare JID) of the occupant ``nick`` sending ``xml`` now."""
        state = self.session.muc.rooms.get(room)
        occupant = state.occupants.get(nick) if state is not None else None
        real = occupant.jid if occupant is not None else ""
        if room in self._offers_ids:
            given = occupant_id_of(xml)
            if given:
                return given, real
        return self._stays.get((room, nick), ""), real

    # --- receiving ---------------------------------------------------------------------------

    def _on_bodiless(self, msg: Any) -> None:
        if msg["type"] != "groupchat" or msg["body"]:
            return  # with a body it came through the room's "message" handler
        verdict = policy.room_message_ok(msg["from"], self.session.muc.joined())
        if not verdict:
            policy.log_rejected("room edit", verdict.reason, sender=str(msg["from"]))
            return
        state = self.session.muc.rooms.get(msg["from"].bare)
        if state is not None:
            self.take(msg, state)

    def take(self, msg: Any, state: RoomState, decrypted: Any = None) -> bool:
        """A room message that edits another (correction, retraction, reactions): applied
        or dropped here; True when it was one (it is then never stored as a message).
        ``decrypted``: what an encrypted ``msg`` carried (omemo_room_edits.py)."""
        edit = self._live_edit(msg, state, decrypted)
        if edit is None:
            return False
        if edit is not _NOTHING:
            spawn(edit, "room edit")
        return True

    async def take_decrypted(self, msg: Any, state: RoomState, decrypted: Any) -> bool:
        """take() for an encrypted edit, applied before its decryption's writes are
        committed (omemo_rooms.py): a crash in between leaves it to come again."""
        edit = self._live_edit(msg, state, decrypted)
        if edit is not None and edit is not _NOTHING:
            await edit
        return edit is not None

    def _live_edit(self, msg: Any, state: RoomState, decrypted: Any) -> Any:
        nick = msg["from"].resource
        return self._edit_of(decrypted or msg, state.room, nick, nick == state.nick,
                             self.identity(state.room, nick, msg.xml),
                             encrypted=decrypted is not None)

    @staticmethod
    def is_edit(xml: Any) -> bool:
        """A correction, retraction or reactions: never a message of its own."""
        return (bool(retract_id(xml)) or xml.find(REACTIONS_TAG) is not None
                or xml.find(REPLACE_TAG) is not None)

    async def from_archive(self, room: str, our_nick: str, results: list[Any]) -> None:
        """The edits in a page of the room's archive, after the page was stored: applied by
        the same rule, with what the archive says of the sender (no stay tokens there, so in
        a room that gives neither occupant-ids nor real JIDs they are not applied)."""
        for outer in results:
            inner = outer["mam_result"]["forwarded"]["stanza"]
            nick = inner["from"].resource
            if inner["type"] != "groupchat" or inner["from"].bare != room or not nick \
                    or not self.is_edit(inner.xml):
                continue
            edit = self._edit_of(inner, room, nick, nick == our_nick,
                                 self.archived_identity(room, inner.xml))
            if edit is not None and edit is not _NOTHING:
                await edit

    async def decrypted_from_archive(self, inner: Any, room: str, our_nick: str,
                                     decrypted: Any) -> bool:
        """An encrypted edit from the room's archive (omemo_room_archive.py), by
        from_archive's rule; True when it was one (never stored as a message then)."""
        nick = inner["from"].resource
        edit = self._edit_of(decrypted, room, nick, nick == our_nick,
                             self.archived_identity(room, inner.xml), encrypted=True)
        if edit is not None and edit is not _NOTHING:
            await edit
        return edit is not None

    def _edit_of(self, msg: Any, room: str, nick: str, ours: bool,  # noqa: PLR0917
                 who: tuple[str, str], encrypted: bool = False) -> Any:
        """The coroutine that applies the edit ``msg`` carries; ``_NOTHING`` for an unusable
        one; None when ``msg`` is no edit."""
        xml = msg.xml
        direction = Direction.OUTGOING if ours else Direction.INCOMING
        target = retract_id(xml)
        if target:
            return self._apply(room, target, direction, who, "retraction", None)
        if xml.find(REACTIONS_TAG) is not None:
            reactions = _parse_reactions(xml, room, direction, nick)
            if reactions is None:
                return _NOTHING
            sender = (self.session.jid if ours
                      else _reactor(room, nick, who, room in self._offers_ids))
            return self._apply(room, reactions.target_id, direction, who, "reaction",
                               (sender, reactions.emojis))
        replace = xml.find(REPLACE_TAG)
        if replace is None:
            return None
        ref = replace.get("id", "")
        if not 0 < len(ref) <= MAX_ID_CHARS:
            return _NOTHING
        body = reply_parts(xml, str(msg["body"]))[0][:MAX_BODY_CHARS]
        return self._apply(room, ref, direction, who, "correction", body, encrypted)

    async def _apply(self, room: str, ref: str, direction: Direction,  # noqa: PLR0917  the edit's parts
                     who: tuple[str, str], kind: str, change: Any,
                     encrypted: bool = False) -> StoredMessage | None:
        own = self.session.jid
        # The messages that arrived before this edit are stored first (the pipeline batches
        # them): its original may be among them, and so may what the room said of its sender.
        await self.session.pipeline.drain()
        target = await self.repo.find_target(own, room, ref)
        if kind == "reaction":  # anyone may react; the set is the reactor's own (XEP-0444)
            verdict = policy.ACCEPT if target is not None else policy.Verdict(
                False, "no-such-message")
        else:  # only the occupant who wrote it changes it
            verdict = policy.room_edit_ok(
                (target.occupant_id, target.sender_jid) if target is not None else None,
                target.direction if target is not None else None, who, direction)
        if not verdict or target is None or target.retracted:
            policy.log_rejected(f"room {kind}", verdict.reason if not verdict else "retracted",
                                room=room, id=ref)
            return None
        if kind == "correction" and not encrypted and await plain_correction_refused(
                self.session.omemo, room, target.pk):  # omemo_room_edits.py
            return None
        return await self._change(room, target, kind, change)

    async def _change(self, room: str, target: RoomTarget, kind: str,
                      change: Any) -> StoredMessage | None:
        if kind == "retraction":
            await self.repo.retract(target.pk)
        elif kind == "reaction":
            sender, emojis = change
            await self.repo.set_reactions(target.pk, sender, emojis)
        elif change == target.body:
            return None  # our own correction, reflected by the room: shown already
        else:
            await self.repo.correct(target.pk, change)
        updated = await self.session.repos.messages.get(target.pk)
        if updated is not None:
            self.session.bus.publish(MessageUpdated(self.session.jid, room, updated))
        return updated

    # --- sending -----------------------------------------------------------------------------

    def _send(self, room: str, build: Any, body: str = "", msg_id: str = "",
              undo: Any = None) -> None:
        msg = self.session.client.make_message(mto=room, mbody=body or None, mtype="groupchat")
        msg["id"] = msg_id or str(uuid.uuid4())
        msg["origin_id"]["id"] = msg["id"]  # XEP-0359: how an encrypted room's echo is known
        build(msg.xml)
        msg.enable("store")  # XEP-0334: the room's archive keeps it
        if not self.session.omemo.own_edits.transmit(msg, room, room=True, undo=undo):
            msg.send()  # not an encrypted room (omemo_own_edits.py)

    async def correct(self, room: str, ref: str, text: str) -> StoredMessage | None:
        """XEP-0308 in a room: the correction names our message's id (``ref``)."""
        target = await self.repo.find_target(self.session.jid, room, ref)
        if target is None or target.direction is not Direction.OUTGOING or target.retracted:
            return None
        self._send(room, lambda xml: ET.SubElement(xml, REPLACE_TAG, {"id": ref}), text)
        return await self._change(room, target, "correction", text[:MAX_BODY_CHARS])

    async def retract(self, message: StoredMessage) -> StoredMessage | None:
        """XEP-0424 §5 in a room: the retraction names the room's stanza-id."""
        ref = message.stanza_id or ""
        if message.direction is not Direction.OUTGOING or message.retracted or not ref:
            return None
        self.send_retraction(message.peer, ref)
        target = await self.repo.find_target(self.session.jid, message.peer, ref)
        return await self._change(message.peer, target, "retraction", None) if target else None

    def send_retraction(self, room: str, ref: str, msg_id: str = "") -> None:
        """The retraction of our message with the room's stanza-id ``ref``."""
        def build(xml: Any) -> None:
            ET.SubElement(xml, RETRACT_TAG, {"id": ref})
            ET.SubElement(xml, "{urn:xmpp:fallback:0}fallback", {"for": RETRACT_NS})

        self._send(room, build, "This person attempted to retract a previous "
                   "message, but it's unsupported by your client.", msg_id)

    async def react(self, message: StoredMessage, emojis: list[str]) -> StoredMessage | None:
        """XEP-0444 §4 in a room: our whole set, naming the room's stanza-id."""
        ref = message.stanza_id or ""
        if message.retracted or not ref or not self.session.connection.connected:
            return None
        wanted = [e for e in dict.fromkeys(emojis) if is_reaction(e)]

        def build(xml: Any) -> None:
            element = ET.SubElement(xml, REACTIONS_TAG, {"id": ref})
            for emoji in wanted:
                ET.SubElement(element, REACTION_TAG).text = emoji

        own, target = self.session.jid, await self.repo.find_target(
            self.session.jid, message.peer, ref)
        before = tuple(await self.session.reactions.repo.of_sender(target.pk, own)
                       if target else ())
        undo = (lambda: self._change(message.peer, target, "reaction", (own, before))
                ) if target else None  # taken back when it cannot be encrypted
        self._send(message.peer, build, undo=undo)
        return (await self._change(message.peer, target, "reaction",
                                   (own, tuple(wanted))) if target else None)


_NOTHING = object()  # an edit too broken to apply


def _bare(value: str) -> str:
    try:
        return JID(value).bare if value else ""
    except InvalidJID:
        return ""


def _reactor(room: str, nick: str, who: tuple[str, str], offers_ids: bool) -> str:
    """How a reactor is stored: by the room's occupant-id where it gives one, else by nick
    (XEP-0444 §4.1); the nick after the last "/" is what the chip's tooltip shows."""
    if offers_ids and who[0] and not who[0].startswith(TOKEN_PREFIX):
        return f"oid:{who[0]}/{nick}"
    return f"{room}/{nick}"
