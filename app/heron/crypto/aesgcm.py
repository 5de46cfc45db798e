# XEP-0454: OMEMO Media Sharing — AES-256-GCM file encryption and aesgcm:// links
"""Files in encrypted chats, encrypted and decrypted a chunk at a time.

The file travels as its AES-256-GCM ciphertext followed by the 16-byte authentication tag
(XEP-0454 §3), uploaded over HTTP; the key and IV travel only inside the encrypted message, as
the fragment of an ``aesgcm://`` link: ``aesgcm://host/path#<iv hex><key hex>``.

We send a 12-byte IV (what GCM is made for and what XEP-0454 now asks); Conversations and older
clients sent 16 bytes, so both are read. A whole file is never held in memory: the decryptor
keeps back the last 16 bytes it was fed (they may be the tag) and checks the tag at the end; a
file whose tag does not verify is deleted, never shown.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

SCHEME = "aesgcm"
KEY_BYTES = 32
IV_BYTES = 12  # what we send
IV_LENGTHS = (12, 16)  # what we read (16: Conversations before 2022 and its followers)
TAG_BYTES = 16
CHUNK = 1 << 20  # bytes read and written at a time


class TagMismatchError(Exception):
    """The file was changed or cut on its way (or the key is wrong): it is not shown."""


@dataclass(frozen=True, slots=True)
class FileKey:
    iv: bytes
    key: bytes

    @classmethod
    def new(cls) -> FileKey:
        return cls(os.urandom(IV_BYTES), os.urandom(KEY_BYTES))

    @property
    def fragment(self) -> str:
        return self.iv.hex() + self.key.hex()


def make_link(https_url: str, key: FileKey) -> str:
    """The aesgcm:// link for a file uploaded to ``https_url``."""
    parts = urlsplit(https_url)
    if parts.scheme != "https":
        raise ValueError("an encrypted file is shared from an https address")
    return urlunsplit((SCHEME, parts.netloc, parts.path, parts.query, key.fragment))


def parse_link(link: str) -> tuple[str, FileKey]:
    """(the https address to download, the key) of an aesgcm:// link; ValueError when it is
    not one we can use."""
    parts = urlsplit(link.strip())
    if parts.scheme.lower() != SCHEME or not parts.netloc:
        raise ValueError("not an aesgcm link")
    fragment = parts.fragment
    iv_hex_lengths = {2 * (n + KEY_BYTES): n for n in IV_LENGTHS}
    if len(fragment) not in iv_hex_lengths:
        raise ValueError("an aesgcm link needs an IV of 12 or 16 bytes and a 32-byte key")
    try:
        secret = bytes.fromhex(fragment)
    except ValueError as exc:
        raise ValueError("the key of an aesgcm link is not hexadecimal") from exc
    iv_len = iv_hex_lengths[len(fragment)]
    return (urlunsplit(("https", parts.netloc, parts.path, parts.query, "")),
            FileKey(secret[:iv_len], secret[iv_len:]))


def is_link(text: str) -> bool:
    return text.strip().lower().startswith(SCHEME + "://")


class StreamDecryptor:
    """Decrypts ciphertext+tag fed in pieces of any size; ``finish`` checks the tag."""

    def __init__(self, key: FileKey) -> None:
        if len(key.iv) not in IV_LENGTHS or len(key.key) != KEY_BYTES:
            raise ValueError("wrong IV or key length")
        self._ctx = Cipher(algorithms.AES(key.key), modes.GCM(key.iv)).decryptor()
        self._held = b""  # the last TAG_BYTES bytes seen: the tag, if nothing follows

    def feed(self, data: bytes) -> bytes:
        data = self._held + data
        if len(data) <= TAG_BYTES:
            self._held = data
            return b""
        self._held = data[-TAG_BYTES:]
        return self._ctx.update(data[:-TAG_BYTES])

    def finish(self) -> bytes:
        if len(self._held) != TAG_BYTES:
            raise TagMismatchError("the file is shorter than its tag")
        try:
            return self._ctx.finalize_with_tag(self._held)
        except InvalidTag as exc:
            raise TagMismatchError("the file's tag does not verify") from exc


def encrypt_file(source: Path, target: Path, key: FileKey,
                 progress: Callable[[int], None] | None = None) -> int:
    """Write ``source`` encrypted (ciphertext, then the tag) to ``target``; returns the size
    written. Blocking: run it in a worker thread."""
    ctx = Cipher(algorithms.AES(key.key), modes.GCM(key.iv)).encryptor()
    done = 0
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(CHUNK):
            dst.write(ctx.update(chunk))
            done += len(chunk)
            if progress is not None:
                progress(done)
        dst.write(ctx.finalize())
        dst.write(ctx.tag)
    return done + TAG_BYTES


def decrypt_file(source: Path, target: Path, key: FileKey,
                 progress: Callable[[int], None] | None = None) -> int:
    """Write ``source`` (ciphertext and tag) decrypted to ``target``; returns the plaintext
    size. A tag that does not verify deletes ``target`` and raises TagMismatchError.
    Blocking: run it in a worker thread."""
    decryptor = StreamDecryptor(key)
    done = 0
    try:
        with source.open("rb") as src, target.open("wb") as dst:
            while chunk := src.read(CHUNK):
                plain = decryptor.feed(chunk)
                dst.write(plain)
                done += len(plain)
                if progress is not None:
                    progress(done)
            dst.write(decryptor.finish())
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return done
