# XEP-0084: User Avatar (PEP), with XEP-0153: vCard-Based Avatars as the fallback
"""Contacts' pictures, fetched once and kept on disk by their hash.

A contact announces a new picture in their avatar metadata (PEP, pushed to us because our
capabilities say ``+notify``), or with the hash in their presence (``vcard-temp:x:update``,
older clients). The picture is fetched only when its hash is not on disk yet, checked against
that hash and a size cap, and stored under the hash; ``AvatarChanged`` tells the views. A
picture is believed only from the contact's own bare JID (their PEP service or vCard) and only
for contacts in the roster (or the user's own account): a stranger cannot make anyone's
picture change.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import logging
import re
from typing import TYPE_CHECKING, Any

from slixmpp import JID
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.stanza import Presence

from heron.core.events import AvatarChanged
from heron.core.tasks import spawn
from heron.xmpp import policy
from heron.xmpp.services.muc import is_room_presence
from heron.xmpp.services.pep_retry import publish_retrying

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)

METADATA = "urn:xmpp:avatar:metadata"
DATA = "urn:xmpp:avatar:data"
VCARD_UPDATE = "vcard-temp:x:update"
MAX_BYTES = 512 * 1024  # larger than any avatar a client publishes (they scale to ~192 px)
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"RIFF")
SHA1_HEX = re.compile(r"[0-9a-f]{40}")
FETCH_TIMEOUT = 20


def looks_like_image(data: bytes) -> bool:
    """PNG, JPEG, GIF or WebP by their first bytes (the views decode it, capped)."""
    return data.startswith(IMAGE_MAGIC) and (not data.startswith(b"RIFF") or data[8:12] == b"WEBP")


def decode_payload(text: str) -> bytes | None:
    """Base64 of at most MAX_BYTES; None for anything else."""
    if len(text) > (MAX_BYTES * 4) // 3 + 1024:
        return None
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


async def publish_picture(client: Any, data: bytes, mime: str = "image/png",
                          item_id: str | None = None, timeout: float = 20) -> str:
    """Publish a picture on the account's PEP (data, then metadata) and return its id.

    ``item_id`` defaults to the picture's SHA-1, as XEP-0084 says. Each publish is retried
    on ejabberd's passing item-not-found (pep_retry.py).
    """
    sha1 = item_id or hashlib.sha1(data, usedforsecurity=False).hexdigest()
    payload = client.plugin["xep_0084"].stanza.Data()
    payload["value"] = data
    info = [{"id": sha1, "type": mime, "bytes": len(data)}]
    await publish_retrying(lambda: client.plugin["xep_0163"].publish(
        payload, id=sha1, timeout=timeout))
    await publish_retrying(lambda: client.plugin["xep_0084"].publish_avatar_metadata(
        info, timeout=timeout))
    return sha1


class AvatarService:
    def __init__(self, session: AccountSession) -> None:
        self.session = session
        self.repo = session.repos.avatars
        self._wanted: dict[str, str] = {}  # jid -> hash being fetched (a newer one wins)
        client = session.client
        client.add_event_handler("avatar_metadata_publish", self._on_metadata)
        client.add_event_handler("presence", self._on_presence)

    # --- announcements ------------------------------------------------------------------------

    def _believed(self, sender: str, kind: str) -> str | None:
        """The bare JID the announcement is about, if it may come from ``sender``."""
        own = self.session.jid
        bare = sender.split("/", 1)[0].lower()
        in_roster = self.session.roster.is_contact(bare)
        verdict = policy.avatar_ok(sender, bare, own, in_roster)
        if not verdict:
            policy.log_rejected(kind, verdict.reason, sender=sender)
            return None
        return bare

    def _on_metadata(self, msg: Any) -> None:
        jid = self._believed(str(msg["from"]), "avatar-metadata")
        if jid is None:
            return
        metadata = msg.xml.find(f".//{{{METADATA}}}metadata")
        info = metadata.find(f"{{{METADATA}}}info") if metadata is not None else None
        if info is None:  # an empty <metadata/>: the contact removed their picture
            spawn(self._forget(jid))
            return
        sha1 = (info.get("id") or "").lower()
        if not SHA1_HEX.fullmatch(sha1) or not self._take_size(info.get("bytes")):
            policy.log_rejected("avatar-metadata", "bad id or size", sender=jid)
            return
        spawn(self._want(jid, sha1, self._fetch_pep))

    def _on_presence(self, presence: Presence) -> None:
        update = presence.xml.find(f"{{{VCARD_UPDATE}}}x")
        photo = update.find(f"{{{VCARD_UPDATE}}}photo") if update is not None else None
        if photo is None or presence["type"] in ("error", "unavailable"):
            return  # no element: the client says nothing about its picture
        if is_room_presence(presence):
            return  # a room occupant's picture: room_avatars.py's, and no contact's to log
        jid = self._believed(str(presence["from"]), "avatar-presence")
        if jid is None or jid == self.session.jid:
            return
        sha1 = (photo.text or "").strip().lower()
        if not sha1:
            spawn(self._forget(jid))
        elif SHA1_HEX.fullmatch(sha1):
            spawn(self._want(jid, sha1, self._fetch_vcard))

    @staticmethod
    def _take_size(value: str | None) -> bool:
        return value is None or (value.isdigit() and 0 < int(value) <= MAX_BYTES)

    # --- fetching -----------------------------------------------------------------------------

    async def _want(self, jid: str, sha1: str, fetch: Any) -> None:
        if self.repo.path_for(sha1).exists():
            await self._keep(jid, sha1)
            return
        if self._wanted.get(jid) == sha1:
            return  # already on its way
        self._wanted[jid] = sha1
        try:
            data = await asyncio.wait_for(fetch(jid, sha1), FETCH_TIMEOUT)
        except (IqError, IqTimeout, TimeoutError) as exc:
            log.info("avatar of a contact not fetched: %s", type(exc).__name__)
            data = None
        finally:
            if self._wanted.get(jid) == sha1:
                del self._wanted[jid]
        if data is None:
            return
        if hashlib.sha1(data, usedforsecurity=False).hexdigest() != sha1 or \
                not looks_like_image(data):
            policy.log_rejected("avatar-data", "not the announced picture", sender=jid)
            return
        await self.repo.save_file(sha1, data)
        await self._keep(jid, sha1)

    async def _fetch_pep(self, jid: str, sha1: str) -> bytes | None:
        pubsub: Any = self.session.client.plugin["xep_0060"]
        iq = await pubsub.get_item(JID(jid), DATA, sha1)
        if str(iq["from"].bare or jid).lower() != jid:
            return None
        node = iq.xml.find(f".//{{{DATA}}}data")
        return decode_payload(node.text or "") if node is not None else None

    async def _fetch_vcard(self, jid: str, sha1: str) -> bytes | None:
        iq = await self.session.client.plugin["xep_0054"].get_vcard(JID(jid), local=False)
        if str(iq["from"].bare or jid).lower() != jid:
            return None
        binval = iq.xml.find(".//{vcard-temp}PHOTO/{vcard-temp}BINVAL")
        return decode_payload(binval.text or "") if binval is not None else None

    async def _keep(self, jid: str, sha1: str) -> None:
        await self.repo.set(self.session.jid, jid, sha1)
        self._announce(jid, sha1)

    async def _forget(self, jid: str) -> None:
        await self.repo.set(self.session.jid, jid, "")
        self.session.bus.publish(AvatarChanged(self.session.jid, jid, ""))

    def _announce(self, jid: str, sha1: str) -> None:
        path = str(self.repo.path_for(sha1))
        self.session.bus.publish(AvatarChanged(self.session.jid, jid, path))
