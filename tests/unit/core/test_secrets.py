"""Passwords go to a secure keyring; without one, to memory for this run, or, for an account that
chose it, to a file only the user can read. Never to the settings file or a log."""

from __future__ import annotations

import importlib.util
import logging
import os
import stat
from pathlib import Path

import keyring.backends.fail
import keyring.backends.null
import pytest

from heron.application import Heron
from heron.core.errors import NoSecureKeyringError
from heron.core.paths import ProfilePaths
from heron.core.secrets import FILE_STORE_WARNING, SERVICE, PasswordStore
from heron.core.settings import AccountConfig
from tests.passwords import LowPriorityKeyring, MemoryKeyring

JID = "alice@example.org"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _files_holding(root: Path, secret: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_a_keyring_only_a_plaintext_fallback_offers_is_refused(tmp_path: Path) -> None:
    weak = LowPriorityKeyring()
    store = PasswordStore(tmp_path, backend=weak)
    assert not store.secure_backend_available
    with pytest.raises(NoSecureKeyringError, match="not saved"):
        store.set(JID, "s3cret")
    assert weak.entries == {}
    # ...but the password is usable for this run, and gone after a restart.
    assert store.get(JID) == "s3cret"
    assert PasswordStore(tmp_path, backend=weak).get(JID) is None
    assert _files_holding(tmp_path, "s3cret") == []


def test_keyrings_alt_is_refused_whatever_priority_it_claims(tmp_path: Path) -> None:
    class AltKeyring(MemoryKeyring):
        pass

    AltKeyring.__module__ = "keyrings.alt.file"
    store = PasswordStore(tmp_path, backend=AltKeyring())
    assert not store.secure_backend_available
    with pytest.raises(NoSecureKeyringError):
        store.set(JID, "pw")


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring, keyring.backends.null.Keyring])
def test_no_keyring_means_memory_only(backend: type, tmp_path: Path) -> None:
    store = PasswordStore(tmp_path, backend=backend())
    with pytest.raises(NoSecureKeyringError):
        store.set(JID, "pw")
    assert store.get(JID) == "pw"
    assert PasswordStore(tmp_path, backend=backend()).get(JID) is None


def test_secure_keyring_stores_reads_and_deletes(password_store: PasswordStore,
                                                 memory_keyring: MemoryKeyring,
                                                 tmp_path: Path) -> None:
    assert password_store.set(JID, "pw1") == "keyring"
    assert memory_keyring.entries == {(SERVICE, JID): "pw1"}
    assert PasswordStore(tmp_path / "profile", backend=memory_keyring).get(JID) == "pw1"
    password_store.delete(JID)
    assert PasswordStore(tmp_path / "profile", backend=memory_keyring).get(JID) is None


def test_password_file_is_for_the_user_alone_and_survives_a_restart(
        keyringless_store: PasswordStore, tmp_path: Path) -> None:
    assert keyringless_store.set(JID, "hunter2", file_fallback=True) == "file"
    path = keyringless_store.file_path(JID)
    assert path is not None and path.is_relative_to(tmp_path / "profile")
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert _files_holding(tmp_path, "hunter2") == [path]
    restarted = PasswordStore(tmp_path / "profile", backend=keyring.backends.fail.Keyring())
    assert restarted.get(JID) == "hunter2"


def test_password_file_is_0600_even_with_a_permissive_umask(
        keyringless_store: PasswordStore, tmp_path: Path) -> None:
    (tmp_path / "profile" / "passwords").mkdir(parents=True, mode=0o755)  # left open earlier
    old = os.umask(0)
    try:
        keyringless_store.set(JID, "pw", file_fallback=True)
    finally:
        os.umask(old)
    path = keyringless_store.file_path(JID)
    assert path is not None and _mode(path) == 0o600 and _mode(path.parent) == 0o700


def test_the_keyring_is_preferred_when_present(tmp_path: Path) -> None:
    # Chosen on a machine without a keyring: the file is written.
    store = PasswordStore(tmp_path, backend=keyring.backends.fail.Keyring())
    store.set(JID, "old", file_fallback=True)
    path = store.file_path(JID)
    assert path is not None and path.exists()
    # Later a keyring is there: the file still answers until the password is stored again,
    kr = MemoryKeyring()
    assert PasswordStore(tmp_path, backend=kr).get(JID) == "old"
    # then the password goes to the keyring, and the file is removed.
    with_keyring = PasswordStore(tmp_path, backend=kr)
    assert with_keyring.set(JID, "new", file_fallback=True) == "keyring"
    assert kr.entries[(SERVICE, JID)] == "new"
    assert not path.exists()
    assert PasswordStore(tmp_path, backend=kr).get(JID) == "new"


def test_a_keyring_entry_wins_over_an_old_file(tmp_path: Path) -> None:
    PasswordStore(tmp_path, backend=keyring.backends.fail.Keyring()).set(
        JID, "from-file", file_fallback=True)
    kr = MemoryKeyring()
    kr.set_password(SERVICE, JID, "from-keyring")
    assert PasswordStore(tmp_path, backend=kr).get(JID) == "from-keyring"


def test_a_file_others_can_read_is_not_believed(keyringless_store: PasswordStore, tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    keyringless_store.set(JID, "pw", file_fallback=True)
    path = keyringless_store.file_path(JID)
    assert path is not None
    path.chmod(0o644)
    restarted = PasswordStore(tmp_path / "profile", backend=keyring.backends.fail.Keyring())
    with caplog.at_level(logging.WARNING):
        assert restarted.get(JID) is None
    assert "readable by others" in caplog.text


def test_without_the_choice_no_file_is_written_and_an_old_one_goes(
        keyringless_store: PasswordStore) -> None:
    keyringless_store.set(JID, "pw", file_fallback=True)
    path = keyringless_store.file_path(JID)
    assert path is not None and path.exists()
    with pytest.raises(NoSecureKeyringError):
        keyringless_store.set(JID, "pw2")  # the user unticked the box
    assert not path.exists()


def test_delete_removes_the_file(keyringless_store: PasswordStore, tmp_path: Path) -> None:
    keyringless_store.set(JID, "pw", file_fallback=True)
    keyringless_store.delete(JID)
    assert _files_holding(tmp_path, "pw") == []
    assert keyringless_store.get(JID) is None


def test_the_warning_says_what_the_file_means() -> None:
    assert "unencrypted" in FILE_STORE_WARNING and "only your user account" in FILE_STORE_WARNING


@pytest.mark.asyncio
async def test_account_with_a_password_file_keeps_it_out_of_settings_and_log(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    paths = ProfilePaths(tmp_path / "profile")
    store = PasswordStore(paths.root, backend=keyring.backends.fail.Keyring())
    app = Heron(paths, passwords=store)
    secret = "correct horse battery staple"
    with caplog.at_level(logging.DEBUG):
        warning = app.save_account(AccountConfig(jid=JID, password_in_file=True), secret)
    assert warning == ""
    assert secret not in paths.settings.read_text()
    assert '"password_in_file": true' in paths.settings.read_text()
    password_file = store.file_path(JID)
    assert _files_holding(tmp_path, secret) == [password_file]
    assert secret not in caplog.text
    # After a restart the account connects without asking.
    restarted = Heron(paths, passwords=PasswordStore(paths.root,
                                                     backend=keyring.backends.fail.Keyring()))
    assert not restarted.needs_password(JID)
    # Removing the account removes its password file.
    await restarted.remove_account(JID)
    assert _files_holding(tmp_path, secret) == []


def test_account_without_the_choice_writes_no_file(tmp_path: Path) -> None:
    paths = ProfilePaths(tmp_path / "profile")
    app = Heron(paths, passwords=PasswordStore(paths.root,
                                               backend=keyring.backends.fail.Keyring()))
    warning = app.save_account(AccountConfig(jid=JID), "pw-not-kept")
    assert "not saved" in warning
    assert _files_holding(tmp_path, "pw-not-kept") == []


def test_the_venv_heron_runs_in_has_no_plaintext_keyring() -> None:
    # `setup.sh run` and `setup.sh test` share .venv: the test tools must not bring one in.
    assert importlib.util.find_spec("keyrings") is None


def test_changing_the_choice_without_retyping_the_password(tmp_path: Path) -> None:
    paths = ProfilePaths(tmp_path / "profile")
    store = PasswordStore(paths.root, backend=keyring.backends.fail.Keyring())
    app = Heron(paths, passwords=store)
    app.save_account(AccountConfig(jid=JID), "typed-at-start")  # memory only
    assert _files_holding(tmp_path, "typed-at-start") == []
    # The box is ticked in the account's settings: the password of this run goes to the file,
    app.save_account(AccountConfig(jid=JID, password_in_file=True), None)
    assert _files_holding(tmp_path, "typed-at-start") == [store.file_path(JID)]
    # and unticked: the file goes, the password stays for this run only.
    app.save_account(AccountConfig(jid=JID, password_in_file=False), None)
    assert _files_holding(tmp_path, "typed-at-start") == []
    assert app.passwords.get(JID) == "typed-at-start"
