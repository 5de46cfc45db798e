# XEP-0384 with XEP-0313 (MUC MAM): encrypted messages in a room's own archive
"""What an encrypted room said while we were not in it, read from the room's archive.

A page of the room's archive (muc_history.py) may mix plaintext and OMEMO messages. The page is
stored in the archive's order: each run of plaintext messages as one batch, each encrypted one
decrypted like a live room message (omemo_rooms.py) and stored with its encryption. The
sender's devices are looked up by the sender's real JID: the one the room wrote into its
archive (``<x xmlns='…muc#user'><item jid=…/>`` of a non-anonymous room), else the occupant
now present under that nick. A message whose sender cannot be mapped to a real JID shows the
clear placeholder; its plaintext ``<body>`` (the sender's fallback) is never the message.

A message already stored (seen live, or on an earlier page) is not decrypted again: a
ratchet steps once per message.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any

from heron.core.events import MessagesAdded, NewMessage, StoredMessage
from heron.storage.repos.omemo import Encryption
from heron.xmpp.services.omemo_receive import (
    MAX_BODY_CHARS,
    encrypted_namespaces,
    placeholder,
    sender_device,
)
from heron.xmpp.services.omemo_room_edits import decrypted_edit

if TYPE_CHECKING:
    from heron.xmpp.services.muc_history import ArchivePage
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)


async def store_in_order(session: AccountSession, page: ArchivePage) -> int:
    """Store ``page`` (which holds encrypted messages, ``page.sealed``) in the archive's
    order; returns how many messages were new."""
    stored, run = 0, []
    for index, message in enumerate(page.messages):
        inner = page.sealed.get(index)
        if inner is None:
            run.append(message)
            continue
        if run:
            stored += await session.pipeline.store_now(run, live=False)
            run = []
        stored += await _decrypt_and_store(session, page.room, page.our_nick, message, inner)
    if run:
        stored += await session.pipeline.store_now(run, live=False)
    return stored


def real_sender(session: AccountSession, room: str, our_nick: str, new: NewMessage) -> str:
    """The real bare JID of an archived message's sender; "" when unknown."""
    if new.sender_jid:  # what the room wrote into its archive
        return new.sender_jid
    nick = new.sender_resource
    if nick == our_nick:
        return session.jid
    state = session.muc.rooms.get(room)
    occupant = state.occupants.get(nick) if state is not None else None
    return occupant.jid if occupant is not None and occupant.jid else ""


async def _decrypt_and_store(session: AccountSession, room: str, our_nick: str,
                             new: NewMessage, inner: Any) -> int:
    omemo = session.omemo
    async with omemo.receiver.holding():  # the ratchet's step is stored with the message
        stored = await _decrypt_and_store_held(session, room, our_nick, new, inner)
    if stored is None:
        return 0
    session.bus.publish(MessagesAdded(session.jid, room, (stored,), False))
    omemo.files.received(stored)  # an aesgcm:// file (omemo_files.py)
    return 1


async def _decrypt_and_store_held(session: AccountSession, room: str, our_nick: str,
                                  new: NewMessage, inner: Any) -> StoredMessage | None:
    omemo = session.omemo
    if await omemo.repo.already_stored(room, new.stanza_id, new.origin_id):
        return None
    receiver = omemo.receiver
    real = real_sender(session, room, our_nick, new)
    if real == session.jid and await _from_this_device(session, inner):
        return None  # never encrypted for its sender; stored when sent, or an edit applied then
    result: tuple[str, Encryption] | None
    if real:
        try:
            result = await receiver._decrypt(inner, sender=real, recipient=room)
        except Exception as exc:  # noqa: BLE001  OMEMO not available: the placeholder
            log.info("room %s: an archived message could not be decrypted: %r", room, exc)
            result = placeholder(real), receiver.unread(inner.xml,
                                                        encrypted_namespaces(inner.xml)[0])
    else:  # a nick without a real JID: whose devices these are is unknown
        first = encrypted_namespaces(inner.xml)[0]
        result = placeholder(new.sender_resource), receiver.unread(inner.xml, first)
    if result is None or not result[0]:
        return None  # a key exchange or an empty message: nothing to show
    body, how = result
    opened, receiver.opened = receiver.opened, None
    edit = decrypted_edit(inner, body, opened, how) if real else None
    if edit is not None and await session.room_edits.decrypted_from_archive(
            inner, room, our_nick, edit):
        return None  # a correction, retraction or reaction (omemo_room_edits.py)
    return await receiver.store(
        dataclasses.replace(new, body=body[:MAX_BODY_CHARS], reply_to=""), how)


async def _from_this_device(session: AccountSession, inner: Any) -> bool:
    """Whether this very device sent the archived ``inner`` (python-omemo encrypts to our
    other devices, never to the sending one)."""
    try:
        own = await session.omemo.own_device()
    except Exception:  # noqa: BLE001  OMEMO not available: decrypting says so
        return False
    namespace = encrypted_namespaces(inner.xml)[0]
    return sender_device(inner.xml, namespace) == own.device_id
