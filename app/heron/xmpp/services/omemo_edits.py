# XEP-0308 / XEP-0424 / XEP-0444 inside OMEMO: corrections, retractions and reactions that
# arrive encrypted
"""An encrypted message that edits another one, rather than a new message.

Where the edit's element travels:
- legacy OMEMO (Conversations, Dino, Gajim): beside ``<encrypted>`` in the stanza, the new text
  (or the fallback) inside the payload;
- OMEMO 2: inside the XEP-0420 ``<content>``; an element beside the payload is taken when the
  content has none (Heron and others that encrypt only the body send it there).

The edit then goes through the same services (and the same sender checks) as a plaintext one:
only the original sender may correct or retract. The decrypted text of a correction is the new
text; a retraction's or reaction's decrypted text is fallback and never becomes a message.
A plaintext correction of a message that arrived encrypted is refused (chat.apply_correction
asks :func:`plain_correction_refused`): it would put text the server could have written into
an encrypted conversation.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from heron.core.events import Direction, NewMessage, StoredMessage
from heron.xmpp.services.reactions import REACTIONS_TAG, has_reactions, parse_reactions
from heron.xmpp.services.retraction import RETRACT_TAG, Retraction, retract_id

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)

CORRECT_NS = "urn:xmpp:message-correct:0"
REPLACE_TAG = f"{{{CORRECT_NS}}}replace"
MAX_ID_CHARS = 256
#: The edit elements Heron sends inside OMEMO 2's envelope (and beside a legacy payload)
EDIT_TAGS = (REPLACE_TAG, RETRACT_TAG, REACTIONS_TAG)


def _carrier(content: Iterable[ET.Element]) -> ET.Element:
    """The decrypted content's elements under one parent, so the stanza readers find them."""
    holder = ET.Element("content")
    holder.extend(content)
    return holder


def replace_id(xml: Any) -> str:
    element = xml.find(REPLACE_TAG)
    target = element.get("id", "") if element is not None else ""
    return target if 0 < len(target) <= MAX_ID_CHARS else ""


def _edits(xml: Any) -> bool:
    return bool(replace_id(xml) or retract_id(xml) or has_reactions(xml))


def edit_source(stanza: Any, content: tuple[ET.Element, ...]) -> Any:
    """Where the edit is read from: the SCE content when it carries one, else the stanza."""
    inner = _carrier(content)
    return inner if content and _edits(inner) else stanza


class OmemoEdits:
    def __init__(self, service: OmemoService) -> None:
        self.service = service
        self.session = service.session

    async def applied(self, msg: Any, new: NewMessage, body: str,
                      content: tuple[ET.Element, ...]) -> bool:
        """Whether the decrypted ``msg`` edits another message (then it is applied here and
        must not be stored as a message of its own). Applied before the decryption's writes
        are committed (omemo_receive.holding): a crash in between leaves the edit to come
        again from the archive and be applied again, which changes nothing the second time."""
        xml = edit_source(msg.xml, content)
        if not _edits(xml):
            return False
        session = self.session
        peer, direction = new.peer, new.direction
        sender = str(msg["from"]) if direction is Direction.INCOMING else session.jid
        target = retract_id(xml)
        if target:  # its text is fallback ("… deleted a message")
            await session.retraction.apply(Retraction(peer, direction, target, sender))
            return True
        if has_reactions(xml):
            reactions = parse_reactions(xml, peer, direction, sender)
            if reactions is not None:
                await session.reactions.apply(reactions)
            return True
        from heron.xmpp.services.chat import Correction  # noqa: PLC0415  chat imports us

        correction = Correction(peer, direction, replace_id(xml), body, sender, encrypted=True)
        await session.chat.apply_correction(correction)
        return True


async def plain_correction_refused(service: OmemoService, original: StoredMessage) -> bool:
    """A correction that came in plaintext may not replace a message that came encrypted."""
    if await service.repo.encryption_of(original.pk) is None:
        return False
    log.warning("refused a plaintext correction of encrypted message %s from %s",
                original.pk, original.peer)
    return True
