# XEP-0308 / XEP-0424 / XEP-0444 inside OMEMO: Heron's own corrections, retractions and
# reactions in an encrypted chat or room
"""Where our own edit's element travels, and what happens when it cannot be encrypted.

An edit goes out through the same encrypting path as a message (omemo_send.py for a contact,
omemo_rooms.py for a room), so an encrypted chat never sends one in plaintext:

- OMEMO 2 devices get the ``<replace/>``, ``<retract/>`` or ``<reactions/>`` element (and a
  retraction's XEP-0428 fallback marker) inside the XEP-0420 ``<content>``; when every device
  reached speaks OMEMO 2 nothing of it stays beside the payload.
- Legacy OMEMO encrypts only a body. Conversations, Dino (libdino/src/service/reactions.vala,
  message_deletion.vala: a fresh stanza, never through the encryptor) and Gajim read
  corrections, retractions and reactions beside ``<encrypted>`` only, and send them so
  (dino/dino#1548). A correction's new text and a retraction's fallback text are encrypted;
  the ``<replace id>`` / ``<retract id>`` stays beside the payload: it names a message id the
  server stored with the encrypted original already, and the retraction says no more than
  that the message is gone. A reaction's emoji would travel in the clear there, so a
  reaction is encrypted for OMEMO 2 devices only: legacy devices do not get it, and a contact
  (or a room reader) with no OMEMO 2 device at all does not get it either, and the user is
  told why (ErrorKind.OMEMO_REACTION_LEGACY), as Movim chose (movim/movim#1332).

A refused edit is reported once as a banner; a refused reaction is taken back here, so the
chip shows what the others see.
"""

from __future__ import annotations

import collections
import copy
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from heron.core.errors import ErrorKind, describe
from heron.core.events import ErrorReported
from heron.crypto.omemo import TWOMEMO
from heron.xmpp.plugins import xep_0420 as sce
from heron.xmpp.services.omemo_edits import EDIT_TAGS
from heron.xmpp.services.reactions import has_reactions
from heron.xmpp.services.retraction_outbox import NS as RETRACT_NS

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)

FALLBACK_TAG = "{urn:xmpp:fallback:0}fallback"
MAX_PENDING = 256  # edits remembered while they are being encrypted

Undo = Callable[[], Awaitable[Any]]


def edit_elements(xml: Any) -> list[Any]:
    """The elements of ``xml`` that make it an edit (and a retraction's fallback marker)."""
    found = [element for tag in EDIT_TAGS for element in xml.findall(tag)]
    if found:
        found += [element for element in xml.findall(FALLBACK_TAG)
                  if element.get("for") == RETRACT_NS]
    return found


def envelope(xml: Any, text: str, sender: str, recipient: str) -> bytes:
    """The XEP-0420 envelope for a message or an edit: the body (when there is text) and
    copies of its edit elements."""
    content = [sce.body_element(text)] if text else []
    content += [copy.deepcopy(element) for element in edit_elements(xml)]
    return sce.build(content, sender, recipient)


def namespaces_for(xml: Any, spoken: list[str]) -> list[str]:
    """The OMEMO versions ``xml`` may be encrypted in: a reaction only in OMEMO 2."""
    if has_reactions(xml):
        return [ns for ns in spoken if ns == TWOMEMO]
    return spoken


def hide_edits(xml: Any, messages: Any) -> None:
    """Every device reached reads OMEMO 2: the server need not see the edit beside it."""
    if all(message.namespace == TWOMEMO for message in messages):
        for element in edit_elements(xml):
            xml.remove(element)


def refusal_kind(xml: Any, kind: ErrorKind) -> ErrorKind:
    """Why a refused stanza was not sent, as the user reads it."""
    return ErrorKind.OMEMO_REACTION_LEGACY if has_reactions(xml) else kind


class OwnEdits:
    """Our edits while they are being encrypted: a refusal is told (and a reaction undone)."""

    def __init__(self, service: OmemoService) -> None:
        self.service = service
        self.session = service.session
        self._pending: collections.OrderedDict[str, Undo | None] = collections.OrderedDict()

    def transmit(self, stanza: Any, peer: str, *, room: bool = False,
                 undo: Undo | None = None) -> bool:
        """Hand ``stanza`` (an edit, in plaintext) to the encrypting path of its chat; False
        when that chat is not encrypted (the caller sends it as it is)."""
        stanza_id = str(stanza["id"])
        omemo = self.service
        taken = (omemo.rooms.transmit(stanza, peer, stanza_id) if room
                 else omemo.transmit(stanza, peer, stanza_id))
        if taken:
            self._pending[stanza_id] = undo
            while len(self._pending) > MAX_PENDING:
                self._pending.popitem(last=False)
        return taken

    async def refused(self, peer: str, stanza_id: str, kind: ErrorKind) -> None:
        """Called by the sending paths for every refused stanza; ours are told here."""
        if stanza_id not in self._pending:
            return
        undo = self._pending.pop(stanza_id)
        if undo is not None:
            await undo()
        error = describe(kind, server=peer)
        log.warning("an edit to %s was not sent unencrypted: %s", peer, kind.value)
        self.session.bus.publish(ErrorReported(self.session.jid,
                                               f"{error.message} {error.next_step}",
                                               error=error))

