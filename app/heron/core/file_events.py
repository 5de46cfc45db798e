"""Files in a conversation (XEP-0363 uploads, XEP-0066 links): their state and its changes.

A file belongs to one message (``message_pk``): an upload is a message whose body becomes the
file's https address once it is uploaded; a received file is a message whose body (or
out-of-band data) is that address. Only transfers that started are stored (storage/repos/
files.py); a received file nobody saved yet is derived from its message.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from urllib.parse import urlsplit

from heron.core.events import Direction, StoredMessage
from heron.core.filenames import name_from_url

MAX_URL = 4096


class FileState(Enum):
    UPLOADING = "uploading"
    SENT = "sent"  # uploaded; its message carries the address
    UPLOAD_FAILED = "upload-failed"
    REMOTE = "remote"  # received, not saved (never stored)
    DOWNLOADING = "downloading"
    SAVED = "saved"
    DOWNLOAD_FAILED = "download-failed"
    # Sent straight to a contact's device (Jingle, xmpp/services/jingle_files.py)
    DIRECT_OFFERED = "direct-offered"  # received offer: Accept / Decline
    DIRECT_WAITING = "direct-waiting"  # our offer: waiting for the contact to answer
    DIRECT_SENDING = "direct-sending"
    DIRECT_RECEIVING = "direct-receiving"
    DIRECT_DONE = "direct-done"  # sent, or received and kept (local_path)
    DIRECT_ENDED = "direct-ended"  # declined, cancelled or failed: ``error`` says which


ACTIVE = frozenset({FileState.UPLOADING, FileState.DOWNLOADING})
FAILED = frozenset({FileState.UPLOAD_FAILED, FileState.DOWNLOAD_FAILED, FileState.DIRECT_ENDED})
DIRECT = frozenset({FileState.DIRECT_OFFERED, FileState.DIRECT_WAITING, FileState.DIRECT_SENDING,
                    FileState.DIRECT_RECEIVING, FileState.DIRECT_DONE, FileState.DIRECT_ENDED})


@dataclass(frozen=True, slots=True)
class FileTransfer:
    message_pk: int
    account: str
    peer: str
    direction: Direction
    url: str  # https address ("" while uploading)
    name: str  # sanitised (core/filenames.py): safe to show and to save
    size: int | None  # bytes, when known
    mime: str = ""
    local_path: str = ""  # the source of an upload, the saved copy of a download
    state: FileState = FileState.REMOTE
    error: str = ""  # why it failed, one plain sentence in the user's language
    done: int = 0  # bytes moved so far (while active)


@dataclass(frozen=True, slots=True)
class FileChanged:
    """A file's state or progress changed (progress at most a few times per second)."""

    account: str
    peer: str
    transfer: FileTransfer


@lru_cache(maxsize=16_384)  # asked for every painted and measured row of a conversation
def file_url(body: str) -> str:
    """The https address a message consists of, or "": a file is a message whose whole body
    is one https URL naming a file (a last path segment)."""
    text = body.strip()
    if not text or len(text) > MAX_URL or any(ch.isspace() for ch in text):
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme.lower() != "https" or not parts.hostname:
        return ""
    return text if parts.path.rstrip("/").rsplit("/", 1)[-1] else ""


def remote_file(message: StoredMessage) -> FileTransfer | None:
    """The card a message's body makes when nothing was transferred yet (None: not a file)."""
    url = file_url(message.body) if not message.retracted else ""
    if not url:
        return None
    name = name_from_url(url)
    return FileTransfer(message.pk, message.account, message.peer, message.direction, url,
                        name, None, mimetypes.guess_type(name)[0] or "")
