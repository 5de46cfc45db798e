# XEP-0454: OMEMO Media Sharing — files in encrypted chats (aesgcm:// links)
"""Files that arrive in encrypted messages.

A decrypted message whose whole text is one ``aesgcm://`` link is a file: it gets a file card
(name sanitised as for any file, core/filenames.py), and saving it downloads the ciphertext
from the link's https address and decrypts it while it streams to disk (crypto/aesgcm.py);
a file whose tag does not verify is deleted and the card says so.

Only the decrypted text of an encrypted message makes such a card. An ``aesgcm://`` link in a
plaintext message stays text (never fetched: its key travelled in the clear), and the
out-of-band address or ``<body>`` beside an encrypted payload is never fetched
(files.py skips encrypted messages).
"""

from __future__ import annotations

import dataclasses
import logging
import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heron.core.events import StoredMessage
from heron.core.file_events import FileChanged, FileTransfer
from heron.core.filenames import name_from_url
from heron.core.tasks import spawn
from heron.xmpp import httpfiles

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)

SCHEME = "aesgcm://"
MAX_LINK = 4096


def is_encrypted_link(text: str) -> bool:
    """Whether ``text`` is one aesgcm:// link and nothing else."""
    text = text.strip()
    return (text.lower().startswith(SCHEME) and len(text) <= MAX_LINK
            and not any(ch.isspace() for ch in text))


def card_for(message: StoredMessage) -> FileTransfer | None:
    """The file card of a decrypted message that is an aesgcm:// link (None: not one)."""
    if message.retracted or not is_encrypted_link(message.body):
        return None
    from heron.crypto.aesgcm import parse_link  # noqa: PLC0415  cryptography: after login

    try:
        https_url, _key = parse_link(message.body)
    except ValueError:
        return None
    name = name_from_url(https_url)
    if not name:
        return None
    return FileTransfer(message.pk, message.account, message.peer, message.direction,
                        message.body.strip(), name, None, mimetypes.guess_type(name)[0] or "")


class _Decrypting:
    """httpfiles.Transform: the ciphertext in, the file out; the tag checked at the end."""

    def __init__(self, key: Any) -> None:
        from heron.crypto.aesgcm import StreamDecryptor  # noqa: PLC0415

        self._decryptor = StreamDecryptor(key)

    def feed(self, data: bytes) -> bytes:
        return self._decryptor.feed(data)

    def finish(self) -> bytes:
        from heron.crypto.aesgcm import TagMismatchError  # noqa: PLC0415

        try:
            return self._decryptor.finish()
        except TagMismatchError as exc:
            raise httpfiles.Refused("tag-mismatch", str(exc)) from exc


class OmemoFiles:
    def __init__(self, service: OmemoService) -> None:
        self.session = service.session

    def received(self, stored: StoredMessage) -> None:
        """A decrypted message was stored: a file card when it is an aesgcm:// link."""
        card = card_for(stored)
        if card is not None:
            spawn(self._remember(card), "an encrypted file")

    async def _remember(self, card: FileTransfer) -> None:
        await self.session.repos.files.put(card)
        self.session.bus.publish(FileChanged(card.account, card.peer, card))

    async def download(self, transfer: FileTransfer, folder: Path, cap: int, *,
                       allow_private: bool,
                       progress: Callable[[int], None]) -> httpfiles.Download:
        """Fetch and decrypt the file of an aesgcm:// card into ``folder``; raises
        httpfiles.Refused("tag-mismatch") (the partial file deleted) when it does not verify."""
        from heron.crypto.aesgcm import TAG_BYTES, parse_link  # noqa: PLC0415

        try:
            https_url, key = parse_link(transfer.url)
        except ValueError as exc:
            raise httpfiles.Refused("bad-url", str(exc)) from exc
        claimed = transfer.size + TAG_BYTES if transfer.size is not None else None
        result = await httpfiles.download(
            https_url, folder, transfer.name, ca_file=self.session.account.ca_file,
            allow_private=allow_private, cap=cap, claimed_size=claimed, progress=progress,
            transform=_Decrypting(key))
        return dataclasses.replace(result, size=max(0, result.size - TAG_BYTES))
