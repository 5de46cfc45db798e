# XEP-0454: OMEMO Media Sharing — files in encrypted chats (aesgcm:// links)
"""Files in encrypted chats.

A file sent in an encrypted chat is encrypted (a new key and IV each time) into a temporary
file off the event loop, that ciphertext is uploaded (XEP-0363, files.py), and the message
carries only the ``aesgcm://`` link, which the message's own encryption protects.


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

import asyncio
import dataclasses
import logging
import mimetypes
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heron.core.events import StoredMessage
from heron.core.file_events import FileChanged, FileTransfer
from heron.core.filenames import name_from_url
from heron.core.tasks import spawn
from heron.xmpp import httpfiles
from heron.xmpp.services.omemo_send import DECIDE_SECONDS

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


@dataclass(frozen=True)
class Sealed:
    """A file encrypted for upload: ``transfer`` says what to upload (the ciphertext, in a
    temporary file, with its size and a type that says nothing)."""

    transfer: FileTransfer
    key: Any  # crypto.aesgcm.FileKey

    def link(self, https_url: str) -> str:
        from heron.crypto.aesgcm import make_link  # noqa: PLC0415

        return make_link(https_url, self.key)

    def discard(self) -> None:
        Path(self.transfer.local_path).unlink(missing_ok=True)


class OmemoFiles:
    def __init__(self, service: OmemoService) -> None:
        self.service = service
        self.session = service.session

    async def _encrypted_chat(self, peer: str) -> bool:
        service = self.service
        if self.session.muc.is_room(peer):
            return await service.rooms.chat_encrypted(peer)
        try:
            return await asyncio.wait_for(service.chat_encrypted(peer), DECIDE_SECONDS)
        except Exception:  # noqa: BLE001  OMEMO not there: as the message will be (omemo_send.py)
            return bool(await service.repo.chat_choice(peer))

    async def seal(self, transfer: FileTransfer) -> Sealed | None:
        """In an encrypted chat, ``transfer``'s file encrypted into a temporary file (off the
        event loop); None in a plaintext chat (the file goes as it is)."""
        if not await self._encrypted_chat(transfer.peer):
            return None
        from heron.crypto.aesgcm import FileKey, encrypt_file  # noqa: PLC0415

        key = FileKey.new()
        handle, name = tempfile.mkstemp(prefix="heron-upload-", suffix=".aesgcm")
        os.close(handle)
        target = Path(name)
        try:
            size = await asyncio.to_thread(encrypt_file, Path(transfer.local_path), target, key)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        return Sealed(dataclasses.replace(transfer, local_path=str(target), size=size,
                                          mime="application/octet-stream"), key)

    def received(self, stored: StoredMessage) -> None:
        """A decrypted message was stored: a file card when it is an aesgcm:// link."""
        card = card_for(stored)
        if card is not None:
            spawn(self._remember(card), "an encrypted file")

    async def remember(self, card: FileTransfer) -> None:
        """Store ``card`` and show it (also a plaintext link the user chose to download)."""
        await self._remember(card)

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
