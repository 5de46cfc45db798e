"""Passwords go only to a secure keyring; otherwise memory for this run, and the user is told."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from keyrings.alt.file import PlaintextKeyring

from heron.core.errors import NoSecureKeyringError
from heron.core.secrets import PasswordStore


@pytest.fixture
def restore_keyring():  # type: ignore[no-untyped-def]
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def test_plaintext_file_keyring_is_refused(tmp_path: Path, restore_keyring, monkeypatch) -> None:
    monkeypatch.delenv("HERON_ALLOW_INSECURE_KEYRING", raising=False)
    plaintext = PlaintextKeyring()
    plaintext.file_path = str(tmp_path / "kr.cfg")  # type: ignore[misc]
    keyring.set_keyring(plaintext)
    store = PasswordStore()
    assert not store.secure_backend_available
    with pytest.raises(NoSecureKeyringError, match="not saved"):
        store.set("alice@example.org", "s3cret")
    assert not (tmp_path / "kr.cfg").exists() or "s3cret" not in (tmp_path / "kr.cfg").read_text()
    # ...but the password is usable for this run.
    assert store.get("alice@example.org") == "s3cret"
    assert PasswordStore().get("alice@example.org") is None  # not after a restart


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring, keyring.backends.null.Keyring])
def test_no_keyring_means_memory_only(backend, restore_keyring, monkeypatch) -> None:
    monkeypatch.delenv("HERON_ALLOW_INSECURE_KEYRING", raising=False)
    keyring.set_keyring(backend())
    store = PasswordStore()
    with pytest.raises(NoSecureKeyringError):
        store.set("bob@example.org", "pw")
    assert store.get("bob@example.org") == "pw"


def test_secure_backend_stores_and_reads(tmp_path: Path, restore_keyring, monkeypatch) -> None:
    # Stand-in for Secret Service in tests: a file keyring explicitly allowed for tests only.
    monkeypatch.setenv("HERON_ALLOW_INSECURE_KEYRING", "1")
    plaintext = PlaintextKeyring()
    plaintext.file_path = str(tmp_path / "kr.cfg")  # type: ignore[misc]
    keyring.set_keyring(plaintext)
    PasswordStore().set("carol@example.org", "pw1")
    assert PasswordStore().get("carol@example.org") == "pw1"
    PasswordStore().delete("carol@example.org")
    assert PasswordStore().get("carol@example.org") is None
