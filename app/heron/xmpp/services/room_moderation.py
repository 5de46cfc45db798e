# XEP-0425: Message Moderation (urn:xmpp:message-moderate:1, and the older :0 with XEP-0422)
"""A room's moderator removes someone's message for everyone, with a reason.

Sending: an IQ set to the room naming the message's stanza-id (the room's own id). The current
form (``:1``) is ``<moderate id='…'><retract xmlns='urn:xmpp:message-retract:1'/><reason/>``;
a room that announces only ``:0`` (Prosody's mod_muc_moderation of Debian 12) is sent the older
``<apply-to xmlns='urn:xmpp:fasten:0' id='…'><moderate><retract/><reason/></moderate>``.

Receiving, live or from the room's archive, in either form: a moderation is believed only from
the room's own bare JID (``policy.moderation_ok``); an occupant (or a private message through
the room) claiming one is ignored and logged. The message becomes a tombstone that says who
removed it and why: ``failure_condition`` = "moderated" and ``failure_text`` = the reason (plain
text, one line, capped), so no new column is needed. An archive that replaced the message by
its tombstone gives that tombstone in its place.
"""

from __future__ import annotations

import logging
import time
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.core.events import Direction, MessageUpdated, NewMessage, RoomJoined, StoredMessage
from heron.core.tasks import spawn
from heron.core.timestamps import clamp_stamp
from heron.xmpp import policy
from heron.xmpp.services.chat import delay_stamp
from heron.xmpp.slixcalls import send_iq

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

NS1 = "urn:xmpp:message-moderate:1"
NS0 = "urn:xmpp:message-moderate:0"
RETRACT1 = "urn:xmpp:message-retract:1"
RETRACT0 = "urn:xmpp:message-retract:0"
FASTEN = "urn:xmpp:fasten:0"
MODERATED = "moderated"  # failure_condition of a moderated message
MAX_REASON = 300
MAX_ID = 256


def _reason(element: Any) -> str:
    if element is None:
        return ""
    for tag in (f"{{{NS1}}}reason", f"{{{NS0}}}reason", f"{{{RETRACT1}}}reason", "reason"):
        found = element.find(tag)
        if found is not None and found.text:
            return " ".join(found.text.split())[:MAX_REASON]
    return ""


def parse_moderation(xml: Any) -> tuple[str, str] | None:
    """(stanza-id of the removed message, reason) of a moderation announcement in either
    form; None when ``xml`` is none."""
    retract = xml.find(f"{{{RETRACT1}}}retract")
    if retract is not None and retract.find(f"{{{NS1}}}moderated") is not None:
        target = retract.get("id", "")
        return (target, _reason(retract)) if 0 < len(target) <= MAX_ID else None
    apply_to = xml.find(f"{{{FASTEN}}}apply-to")
    moderated = apply_to.find(f"{{{NS0}}}moderated") if apply_to is not None else None
    if moderated is not None and moderated.find(f"{{{RETRACT0}}}retract") is not None:
        target = apply_to.get("id", "") if apply_to is not None else ""
        return (target, _reason(moderated)) if 0 < len(target) <= MAX_ID else None
    return None


def archived_tombstone(xml: Any) -> str | None:
    """The reason of an archived message that the archive replaced by its tombstone (XEP-0425
    §6, ``:0`` keeps ``<moderated><retracted/>``; ``:1`` a ``<retracted>`` with it); None when
    ``xml`` is an ordinary message."""
    for moderated in (xml.find(f"{{{NS0}}}moderated"),
                      xml.find(f"{{{RETRACT1}}}retracted/{{{NS1}}}moderated")):
        if moderated is not None:
            return _reason(moderated) or _reason(xml.find(f"{{{RETRACT1}}}retracted"))
    return None


class RoomModerationService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.features: dict[str, set[str]] = {}  # room -> its moderation namespaces
        self._known: set[str] = set()  # rooms whose disco#info answered
        for path in (f"{{jabber:client}}message/{{{RETRACT1}}}retract/{{{NS1}}}moderated",
                     f"{{jabber:client}}message/{{{FASTEN}}}apply-to/{{{NS0}}}moderated"):
            session.client.register_handler(Callback(f"Heron moderation {path}",
                                                     MatchXPath(path), self._on_moderation))

        session.bus.subscribe(RoomJoined, self._on_joined)

    def room_features(self, room: str, features: set[str]) -> None:
        self.features[room] = features & {NS1, NS0}
        if features:
            self._known.add(room)

    def _on_joined(self, event: RoomJoined) -> None:
        if event.account == self.session.jid and event.room not in self._known:
            spawn(self._discover(event.room), "room features")

    async def _discover(self, room: str) -> None:
        """A room we created was not there when we asked what it offers: ask again."""
        try:
            info = await self.session.client.plugin["xep_0030"].get_info(
                jid=JID(room), timeout=10, cached=False)
        except (IqError, IqTimeout) as exc:
            log.info("room %s did not say what it offers: %s", room, exc)
            return
        features = set(info["disco_info"]["features"])
        if "urn:xmpp:sid:0" in features:  # its stanza-ids are the archive's (muc.py)
            self.session.chat.sid_archives.add(room)
        self.session.room_edits.room_features(room, features, joining=False)
        self.room_features(room, features)

    def can_moderate(self, room: str) -> bool:
        """We are a moderator there and the room offers XEP-0425."""
        state = self.session.muc.rooms.get(room)
        me = state.occupants.get(state.nick) if state is not None else None
        return bool(me is not None and me.role == "moderator" and self.features.get(room))

    async def moderate(self, message: StoredMessage, reason: str) -> bool:
        """Ask the room to remove ``message`` for everyone; False when it refused."""
        room, target = message.peer, message.stanza_id or ""
        offered = self.features.get(room, set())
        if not target or not offered:
            return False
        iq = self.session.client.make_iq_set(ito=room)
        reason = " ".join(reason.split())[:MAX_REASON]
        if NS1 in offered:
            moderate = ET.SubElement(iq.xml, f"{{{NS1}}}moderate", {"id": target})
            ET.SubElement(moderate, f"{{{RETRACT1}}}retract")
            parent, ns = moderate, NS1
        else:
            apply_to = ET.SubElement(iq.xml, f"{{{FASTEN}}}apply-to", {"id": target})
            parent = ET.SubElement(apply_to, f"{{{NS0}}}moderate")
            ET.SubElement(parent, f"{{{RETRACT0}}}retract")
            ns = NS0
        if reason:
            ET.SubElement(parent, f"{{{ns}}}reason").text = reason
        try:
            await send_iq(iq, timeout=15)
        except (IqError, IqTimeout) as exc:
            log.warning("room %s refused to remove %s: %s", room, target, exc)
            return False
        return True

    def _on_moderation(self, msg: Any) -> None:
        sender = msg["from"]
        verdict = policy.moderation_ok(sender, self.session.muc.joined())
        if not verdict:
            policy.log_rejected("moderation", verdict.reason, sender=str(sender),
                                type=str(msg["type"]))
            return
        parsed = parse_moderation(msg.xml)
        if parsed is not None:
            spawn(self.apply(sender.bare, *parsed), "moderation")

    async def apply(self, room: str, target: str, reason: str) -> StoredMessage | None:
        await self.session.pipeline.drain()  # the message may be in the batch being written
        row = await self.session.room_edits.repo.find_target(self.session.jid, room, target)
        if row is None:
            policy.log_rejected("moderation", "no-such-message", room=room, id=target)
            return None
        await self.session.room_edits.repo.moderate(row.pk, reason)
        updated = await self.session.repos.messages.get(row.pk)
        if updated is not None:
            self.session.bus.publish(MessageUpdated(self.session.jid, room, updated))
        return updated

    async def from_archive(self, room: str, results: list[Any]) -> None:
        """After a page of the room's archive was stored: its moderations and its tombstones
        (the archive's own copy of a removed message) take effect."""
        for outer in results:
            inner = outer["mam_result"]["forwarded"]["stanza"]
            if inner["type"] != "groupchat":
                continue
            parsed = parse_moderation(inner.xml)
            if parsed is not None:
                if policy.moderation_ok(inner["from"], {room}):
                    await self.apply(room, *parsed)
                else:
                    policy.log_rejected("moderation", "not-from-room",
                                        sender=str(inner["from"]))
                continue
            reason = archived_tombstone(inner.xml)
            result = outer.xml.find("{urn:xmpp:mam:2}result")
            archive_id = str(result.get("id", "")) if result is not None else ""
            if reason is not None and archive_id and inner["from"].bare == room:
                stamp = clamp_stamp(delay_stamp(outer["mam_result"]["forwarded"].xml),
                                    time.time())
                await self._tombstone(room, inner, archive_id, reason, stamp)

    async def _tombstone(self, room: str, inner: Any, archive_id: str, reason: str,
                         stamp: float) -> None:
        """The archive holds only the tombstone: it takes the removed message's place."""
        nick = inner["from"].resource[:1024]
        await self.session.repos.messages.add_many([NewMessage(
            account=self.session.jid, peer=room, direction=Direction.INCOMING, body="",
            timestamp=stamp, stanza_id=archive_id, sender_resource=nick)])
        await self.apply(room, archive_id, reason)
