# XEP-0249: Direct MUC Invitations, and XEP-0045 §7.8 mediated invitations and declines
"""Invitations to rooms, both ways.

Received: a direct invitation (``<x xmlns='jabber:x:conference' jid=room/>`` from the person
who invites) or a mediated one (``<x muc#user><invite from=…/></x>`` relayed by the room).
A mediated invitation is believed only from a room's bare JID: the room is its sender, so
nobody can speak for a room they are not. Room, reason and password are plain text, cut to a
line's length. Sent: a direct invitation to the contact, and for a members-only room where
we are owner or admin also the mediated one (which lets the room admit the contact).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.jid import InvalidJID
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from heron.core.events import RoomInvited
from heron.xmpp import policy

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

CONFERENCE = "jabber:x:conference"
MUC_USER = "http://jabber.org/protocol/muc#user"
MEMBERS_ONLY = "muc_membersonly"
MAX_TEXT = 500  # a reason, a password: one line of a dialog, never trusted to be short
DISCO_TIMEOUT = 10.0


def _plain(text: str | None) -> str:
    return "".join(ch for ch in (text or "")[:MAX_TEXT] if ch >= " ")


def _bare(value: str | None) -> str:
    try:
        jid = JID(value or "")
    except InvalidJID:
        return ""
    return jid.bare if jid.bare and "@" in jid.bare else ""


def _mediated(xml: Any) -> Any:
    """The ``<invite/>`` of a mediated invitation, else None."""
    x = xml.find(f"{{{MUC_USER}}}x")
    return x.find(f"{{{MUC_USER}}}invite") if x is not None else None


def is_invitation(xml: Any) -> bool:
    return xml.find(f"{{{CONFERENCE}}}x") is not None or _mediated(xml) is not None


def _inviter(value: str | None, room: str) -> str:
    """Who invites: a bare JID, or ``room/nick`` when the room hides the real one."""
    try:
        jid = JID(value or "")
    except InvalidJID:
        return ""
    return str(jid) if jid.bare == room and jid.resource else _bare(value)


def parse_invitation(account: str, xml: Any) -> RoomInvited | None:
    """The invitation a message carries, None when it carries none or cannot be believed
    (the verdict is logged). A room relaying an invitation may add the direct form too
    (Prosody does): the mediated one counts."""
    sender = xml.get("from", "")
    invite = _mediated(xml)
    if invite is not None:
        verdict = policy.mediated_invitation_ok(sender)
        if not verdict:
            policy.log_rejected("invitation", verdict.reason, sender=sender)
            return None
        room = _bare(sender)
        x = xml.find(f"{{{MUC_USER}}}x")
        password = x.findtext(f"{{{MUC_USER}}}password")
        return RoomInvited(account, room, _inviter(invite.get("from"), room),
                           _plain(invite.findtext(f"{{{MUC_USER}}}reason")), _plain(password),
                           mediated=True)
    direct = xml.find(f"{{{CONFERENCE}}}x")
    if direct is None:
        return None
    room = _bare(direct.get("jid"))
    if not room:
        policy.log_rejected("invitation", "invalid-room", sender=sender)
        return None
    return RoomInvited(account, room, _bare(sender), _plain(direct.get("reason")),
                       _plain(direct.get("password")))


class InvitationService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        session.client.register_handler(Callback(
            "Heron direct invitation", MatchXPath(f"{{jabber:client}}message/{{{CONFERENCE}}}x"),
            self._on_direct))
        session.client.register_handler(Callback(
            "Heron mediated invitation",
            MatchXPath(f"{{jabber:client}}message/{{{MUC_USER}}}x/{{{MUC_USER}}}invite"),
            self._on_invitation))

    def _on_direct(self, msg: Any) -> None:
        if _mediated(msg.xml) is None:  # else the mediated handler takes it
            self._on_invitation(msg)

    def _on_invitation(self, msg: Any) -> None:
        if msg["type"] in ("error", "groupchat"):
            return
        invitation = parse_invitation(self.session.jid, msg.xml)
        if invitation is None or invitation.room in self.session.muc.joined():
            return
        self.session.bus.publish(invitation)

    def decline(self, invitation: RoomInvited, reason: str = "") -> None:
        """XEP-0045 §7.8.2: tell the inviter, through the room (a direct invitation has no
        decline: it is just not answered)."""
        if not invitation.mediated or not invitation.inviter:
            return
        msg = self.session.client.make_message(mto=invitation.room)
        x = ET.SubElement(msg.xml, f"{{{MUC_USER}}}x")
        decline = ET.SubElement(x, f"{{{MUC_USER}}}decline", {"to": invitation.inviter})
        if reason:
            ET.SubElement(decline, f"{{{MUC_USER}}}reason").text = reason
        msg.send()

    async def invite(self, room: str, contact: str, reason: str = "") -> bool:
        """Invite ``contact`` to ``room`` (XEP-0249); also through the room when it is
        members-only and we may admit people. True when the mediated one was sent too."""
        state = self.session.muc.rooms.get(room)
        msg = self.session.client.make_message(mto=contact, mtype="normal")
        attrs = {"jid": room}
        if reason:
            attrs["reason"] = reason
        ET.SubElement(msg.xml, f"{{{CONFERENCE}}}x", attrs)
        msg.send()
        me = state.occupants.get(state.nick) if state is not None else None
        if me is None or me.affiliation not in ("owner", "admin") \
                or not await self._members_only(room):
            return False
        mediated = self.session.client.make_message(mto=room)
        x = ET.SubElement(mediated.xml, f"{{{MUC_USER}}}x")
        invite = ET.SubElement(x, f"{{{MUC_USER}}}invite", {"to": contact})
        if reason:
            ET.SubElement(invite, f"{{{MUC_USER}}}reason").text = reason
        mediated.send()
        return True

    async def _members_only(self, room: str) -> bool:
        disco = self.session.client.plugin["xep_0030"]
        try:
            info = await disco.get_info(jid=JID(room), timeout=DISCO_TIMEOUT, cached=False)
        except (IqError, IqTimeout):
            return False
        return MEMBERS_ONLY in set(info["disco_info"]["features"])
