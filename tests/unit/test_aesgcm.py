"""XEP-0454 file encryption (crypto/aesgcm.py): what we write is what any AES-256-GCM reader
(Conversations, Dino, Gajim) reads, 12- and 16-byte IVs are read, a changed or cut file is
refused and deleted, and aesgcm:// links carry the key in their fragment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from heron.crypto.aesgcm import (
    CHUNK,
    FileKey,
    StreamDecryptor,
    TagMismatchError,
    decrypt_file,
    encrypt_file,
    make_link,
    parse_link,
)

DATA = os.urandom(CHUNK * 2 + 12345)  # more than one chunk, not a multiple of it


def test_encrypted_file_is_ciphertext_then_tag_as_other_clients_read_it(tmp_path: Path) -> None:
    source, target = tmp_path / "photo.jpg", tmp_path / "photo.enc"
    source.write_bytes(DATA)
    key = FileKey.new()
    assert len(key.iv) == 12 and len(key.key) == 32
    seen: list[int] = []
    assert encrypt_file(source, target, key, seen.append) == len(DATA) + 16
    assert AESGCM(key.key).decrypt(key.iv, target.read_bytes(), None) == DATA
    assert seen[-1] == len(DATA)


@pytest.mark.parametrize("iv_bytes", [12, 16])
def test_file_from_another_client_is_decrypted_with_either_iv_length(
        tmp_path: Path, iv_bytes: int) -> None:
    key = FileKey(os.urandom(iv_bytes), os.urandom(32))
    source, target = tmp_path / "in.enc", tmp_path / "out.bin"
    source.write_bytes(AESGCM(key.key).encrypt(key.iv, DATA, None))
    assert decrypt_file(source, target, key) == len(DATA)
    assert target.read_bytes() == DATA


@pytest.mark.parametrize("damage", ["flip", "cut", "tiny"])
def test_changed_or_cut_file_is_refused_and_deleted(tmp_path: Path, damage: str) -> None:
    key = FileKey.new()
    sealed = bytearray(AESGCM(key.key).encrypt(key.iv, DATA, None))
    if damage == "flip":
        sealed[CHUNK + 7] ^= 0x01
    elif damage == "cut":
        del sealed[-1]
    else:
        sealed = sealed[:10]
    source, target = tmp_path / "in.enc", tmp_path / "out.bin"
    source.write_bytes(bytes(sealed))
    with pytest.raises(TagMismatchError):
        decrypt_file(source, target, key)
    assert not target.exists()


def test_decryptor_reads_pieces_of_any_size() -> None:
    key = FileKey.new()
    sealed = AESGCM(key.key).encrypt(key.iv, DATA[:1000], None)
    decryptor = StreamDecryptor(key)
    out = b"".join(decryptor.feed(sealed[i:i + 7]) for i in range(0, len(sealed), 7))
    assert out + decryptor.finish() == DATA[:1000]


def test_link_carries_iv_and_key_in_its_fragment() -> None:
    key = FileKey(bytes(range(12)), bytes(range(32)))
    link = make_link("https://upload.example.org/abc/photo%201.jpg", key)
    assert link == ("aesgcm://upload.example.org/abc/photo%201.jpg#"
                    + bytes(range(12)).hex() + bytes(range(32)).hex())
    assert parse_link(link) == ("https://upload.example.org/abc/photo%201.jpg", key)
    old = FileKey(bytes(range(16)), bytes(range(32)))
    assert parse_link("aesgcm://h.example/f#" + old.fragment) == ("https://h.example/f", old)


@pytest.mark.parametrize("link", [
    "https://h.example/f#" + "00" * 44,  # not aesgcm
    "aesgcm://h.example/f",  # no key
    "aesgcm://h.example/f#" + "00" * 40,  # 8-byte IV
    "aesgcm://h.example/f#" + "zz" * 44,  # not hexadecimal
    "aesgcm:///f#" + "00" * 44,  # no host
])
def test_unusable_links_are_refused(link: str) -> None:
    with pytest.raises(ValueError):
        parse_link(link)


def test_only_https_uploads_become_links() -> None:
    with pytest.raises(ValueError):
        make_link("http://h.example/f", FileKey.new())
