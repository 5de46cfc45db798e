from __future__ import annotations

import json
from pathlib import Path

from heron.core.settings import AccountConfig, SettingsStore


def test_accounts_round_trip_and_never_hold_a_password(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = store.load()
    settings.put_account(AccountConfig(jid="a@example.org", host="h", port=5223, direct_tls=True,
                                       pinned_certs=("AA:BB",)))
    settings.put_account(AccountConfig(jid="b@example.org", enabled=False, password_in_file=True))
    store.save(settings)
    loaded = SettingsStore(tmp_path / "settings.json").load()
    assert loaded.accounts == settings.accounts
    assert loaded.accounts[1].password_in_file
    # Only the choice of where the password lives, never a password field.
    for account in json.loads((tmp_path / "settings.json").read_text())["accounts"]:
        assert [key for key in account if "password" in key] == ["password_in_file"]


def test_a_corrupt_settings_file_does_not_stop_heron(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text("{ not json")
    assert SettingsStore(tmp_path / "settings.json").load().accounts == []


def test_unknown_keys_from_a_newer_version_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps(
        {"accounts": [{"jid": "a@example.org", "future_option": 1}]}))
    assert SettingsStore(tmp_path / "settings.json").load().accounts[0].jid == "a@example.org"


def test_sounds_and_closed_chats_round_trip_and_bad_entries_are_dropped(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = store.load()
    assert settings.sounds and settings.closed_chats == []
    settings.sounds = False
    settings.closed_chats.append(["me@x", "bob@x", 1_700_000_000.5])
    store.save(settings)
    loaded = store.load()
    assert not loaded.sounds and loaded.closed_chats == [["me@x", "bob@x", 1_700_000_000.5]]
    raw = json.loads((tmp_path / "settings.json").read_text())
    raw["closed_chats"] += [["me@x", "carol@x"], ["me@x", "dave@x", "yesterday"], "junk",
                            ["me@x", "erin@x", True]]
    (tmp_path / "settings.json").write_text(json.dumps(raw))
    assert store.load().closed_chats == [["me@x", "bob@x", 1_700_000_000.5]]
