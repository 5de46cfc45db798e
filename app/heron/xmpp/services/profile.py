# XEP-0054: vcard-temp, with XEP-0172: User Nickname and XEP-0084 for one's own picture
"""Profiles: read a contact's vCard, publish one's own (name, nickname, contact details,
picture). vcard-temp is what every server and client understands (Prosody and ejabberd mirror
it to vCard4, XEP-0292); the nickname also goes to PEP (XEP-0172), the picture to PEP
(XEP-0084) and the vCard's PHOTO (XEP-0153), so every client shows it.

Everything read is plain text, capped in length; a vCard is believed only from the person it
describes (the answer comes from their bare JID).
"""

from __future__ import annotations

import asyncio
import base64
import logging
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element, SubElement

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout

from heron.core.errors import HeronError
from heron.core.profile import Profile
from heron.xmpp import policy
from heron.xmpp.services.avatars import publish_picture
from heron.xmpp.services.vcard4 import fetch_vcard4, merged

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)
VCARD = "vcard-temp"
MAX_FIELD = 500


def _text(node: Element | None, *path: str) -> str:
    for step in path:
        if node is None:
            return ""
        node = node.find(f"{{{VCARD}}}{step}")
    if node is None or node.text is None:
        return ""
    text = "".join(c for c in node.text if c in "\n\t" or c.isprintable()).strip()
    return text[:MAX_FIELD]


def profile_from_vcard(vcard: Element | None) -> Profile:
    """The fields Heron shows, from a <vCard xmlns='vcard-temp'> element."""
    if vcard is None:
        return Profile()
    return Profile(
        full_name=_text(vcard, "FN"), nickname=_text(vcard, "NICKNAME"),
        email=_text(vcard, "EMAIL", "USERID"), phone=_text(vcard, "TEL", "NUMBER"),
        organisation=_text(vcard, "ORG", "ORGNAME"), url=_text(vcard, "URL"),
        birthday=_text(vcard, "BDAY"), note=_text(vcard, "DESC"))


def vcard_from_profile(profile: Profile, picture: bytes | None, picture_type: str) -> Element:
    vcard = Element(f"{{{VCARD}}}vCard")

    def put(parent: Element, name: str, value: str) -> Element:
        child = SubElement(parent, f"{{{VCARD}}}{name}")
        child.text = value
        return child

    for name, value in (("FN", profile.full_name), ("NICKNAME", profile.nickname),
                        ("URL", profile.url), ("BDAY", profile.birthday),
                        ("DESC", profile.note)):
        if value:
            put(vcard, name, value)
    if profile.email:
        email = SubElement(vcard, f"{{{VCARD}}}EMAIL")
        SubElement(email, f"{{{VCARD}}}INTERNET")
        put(email, "USERID", profile.email)
    if profile.phone:
        put(SubElement(vcard, f"{{{VCARD}}}TEL"), "NUMBER", profile.phone)
    if profile.organisation:
        put(SubElement(vcard, f"{{{VCARD}}}ORG"), "ORGNAME", profile.organisation)
    if picture:
        photo = SubElement(vcard, f"{{{VCARD}}}PHOTO")
        put(photo, "TYPE", picture_type)
        put(photo, "BINVAL", base64.b64encode(picture).decode())
    return vcard


class ProfileService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session

    async def fetch(self, jid: str) -> Profile:
        """``jid``'s vCard (the user's own with their own JID); an empty Profile if none.
        Their vCard4 (XEP-0292, services/vcard4.py) is read beside it and wins field by
        field."""
        card4, temp = await asyncio.gather(fetch_vcard4(self.session, jid),
                                           self._fetch_temp(jid))
        return merged(card4, temp)

    async def _fetch_temp(self, jid: str) -> Profile:
        iq = self.session.client.make_iq_get(ito=JID(jid))
        iq.append(Element(f"{{{VCARD}}}vCard"))
        try:
            answer = await self._send(iq)
        except IqError as exc:
            if exc.iq["error"]["condition"] in ("item-not-found", "service-unavailable"):
                return Profile()  # no vCard published
            raise HeronError(f"{jid}'s profile could not be read: "
                             f"{exc.iq['error']['condition']}") from exc
        sender = str(answer["from"].bare or self.session.jid).lower()
        if sender != jid.lower():
            policy.log_rejected("vcard", "not-from-its-owner", sender=str(answer["from"]))
            return Profile()
        return profile_from_vcard(answer.xml.find(f"{{{VCARD}}}vCard"))

    async def publish(self, profile: Profile, picture: bytes | None = None,
                      picture_type: str = "image/png") -> None:
        """The user's own profile: vCard (with the picture), nickname and picture on PEP."""
        client = self.session.client
        iq = client.make_iq_set()
        iq.append(vcard_from_profile(profile, picture, picture_type))
        try:
            await self._send(iq)
            if profile.nickname:
                await client.plugin["xep_0172"].publish_nick(profile.nickname, timeout=20)
            if picture:
                await publish_picture(client, picture, picture_type)
        except IqError as exc:
            raise HeronError("Your server did not save your profile: "
                             f"{exc.iq['error']['text'] or exc.iq['error']['condition']}") from exc
        except IqTimeout as exc:
            raise HeronError("Your server did not answer; your profile was not saved.") from exc

    @staticmethod
    async def _send(iq: Any) -> Any:
        try:
            return await iq.send(timeout=20)
        except IqTimeout as exc:
            raise HeronError("The server did not answer in time.") from exc
