# XEP-0308 / XEP-0424 / XEP-0444 inside OMEMO, in XEP-0045 rooms: occupants' encrypted edits
"""An encrypted room message that corrects, retracts or reacts to another one.

It is read where omemo_edits.py reads a 1:1 edit (inside the OMEMO 2 ``<content>``, else
beside a legacy payload) and then goes through the room's own rule (room_edits.py,
``policy.room_edit_ok``): only the occupant whose real JID (or occupant-id) wrote a message may
correct or retract it; anyone may react. Its decrypted text is the new text of a correction,
and fallback for a retraction or reaction. A placeholder (not decrypted, distrusted, a changed
key) is never an edit.

A correction that arrives in plaintext may not replace a room message that arrived
encrypted (:func:`plain_correction_refused`), as in 1:1 chats.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from heron.storage.repos.omemo import KEY_CHANGED, Encryption
from heron.xmpp.services.omemo_edits import edit_source
from heron.xmpp.services.omemo_receive import DISTRUSTED

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)


class DecryptedEdit:
    """What room_edits.py reads of a stanza (``.xml``, ``["body"]``), taken from its
    decrypted content instead."""

    def __init__(self, xml: Any, body: str) -> None:
        self.xml = xml
        self._body = body

    def __getitem__(self, key: str) -> str:
        if key != "body":
            raise KeyError(key)
        return self._body


def decrypted_edit(msg: Any, body: str, opened: tuple[Any, ...] | None,
                   how: Encryption) -> DecryptedEdit | None:
    """The edit a decrypted room message may carry; None for a placeholder."""
    if opened is None or how.trust in ("", DISTRUSTED, KEY_CHANGED):
        return None
    return DecryptedEdit(edit_source(msg.xml, opened), body)


async def plain_correction_refused(service: OmemoService, room: str, pk: int) -> bool:
    """A room correction that came in plaintext may not replace a message that came
    encrypted: it would put text anyone on the server could write into an encrypted room."""
    if await service.repo.encryption_of(pk) is None:
        return False
    log.warning("refused a plaintext correction of encrypted message %s in %s", pk, room)
    return True
