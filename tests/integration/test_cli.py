"""The command line that scripts use: heron --version, heron account add/list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _heron(*args: str, stdin: str = "", profile: Path,
           keyring_file: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    if keyring_file is not None:  # a keyring that really stores (tests/file_keyring.py)
        env.update(PYTHON_KEYRING_BACKEND="tests.file_keyring.FileKeyring",
                   HERON_TEST_KEYRING_FILE=str(keyring_file),
                   PYTHONPATH=os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "heron", "--profile", str(profile), *args],
                          input=stdin, capture_output=True, text=True, env=env, timeout=60)


def test_version(tmp_path: Path) -> None:
    result = _heron("--version", profile=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("heron ")


def test_account_add_reads_the_password_from_stdin_only(tmp_path: Path) -> None:
    result = _heron("account", "add", "Alice@Example.org", "--host", "127.0.0.1", "--port",
                    "5333", "--password-stdin", stdin="hunter2\n", profile=tmp_path)
    # No keyring here: the user is told in a sentence, the exit code says it failed, and the
    # password is written nowhere.
    assert result.returncode == 1, result.stderr
    assert "password could not be stored" in result.stderr and "keyring" in result.stderr
    settings = json.loads((tmp_path / "settings.json").read_text())
    assert settings["accounts"][0]["jid"] == "alice@example.org"
    assert settings["accounts"][0]["port"] == 5333
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"hunter2" not in path.read_bytes(), path
    listed = _heron("account", "list", profile=tmp_path)
    assert "alice@example.org\tenabled" in listed.stdout


def test_bad_address_is_refused(tmp_path: Path) -> None:
    result = _heron("account", "add", "not an address", "--password-stdin", stdin="x\n",
                    profile=tmp_path)
    assert result.returncode == 2 and "not a valid address" in result.stderr


def test_account_add_refuses_a_port_outside_1_to_65535(tmp_path: Path) -> None:
    for port in ("0", "65536", "-1", "http"):
        result = _heron("account", "add", "a@example.org", "--port", port, "--password-stdin",
                        stdin="pw\n", profile=tmp_path)
        assert result.returncode == 2, port
        assert "1 to 65535" in result.stderr
    assert not (tmp_path / "settings.json").exists()


def test_account_add_does_not_overwrite_an_account_silently(tmp_path: Path) -> None:
    keyring = tmp_path / "keyring.json"
    first = _heron("account", "add", "a@example.org", "--port", "5222", "--password-stdin",
                   stdin="one\n", profile=tmp_path, keyring_file=keyring)
    assert first.returncode == 0, first.stderr
    again = _heron("account", "add", "a@example.org", "--port", "5333", "--password-stdin",
                   stdin="two\n", profile=tmp_path, keyring_file=keyring)
    assert again.returncode == 2 and "--replace" in again.stderr
    settings = json.loads((tmp_path / "settings.json").read_text())
    assert settings["accounts"][0]["port"] == 5222
    assert json.loads(keyring.read_text()) == {"heron-xmpp/a@example.org": "one"}
    replaced = _heron("account", "add", "a@example.org", "--port", "5333", "--replace",
                      "--password-stdin", stdin="two\n", profile=tmp_path,
                      keyring_file=keyring)
    assert replaced.returncode == 0, replaced.stderr
    settings = json.loads((tmp_path / "settings.json").read_text())
    assert [a["port"] for a in settings["accounts"]] == [5333]
    assert json.loads(keyring.read_text()) == {"heron-xmpp/a@example.org": "two"}


def _store_history(profile: Path, account: str) -> None:
    from heron.core.events import Direction, NewMessage
    from heron.storage.db import Database
    from heron.storage.repos.messages import MessageRepo

    db = Database(profile / "heron.sqlite3")
    db.open_blocking()
    MessageRepo(db).add_many_blocking([
        NewMessage(account, "bob@example.org", Direction.INCOMING, "hello", 1.0,
                   origin_id="o1"),
        NewMessage("other@example.org", "bob@example.org", Direction.INCOMING, "stays", 1.0,
                   origin_id="o2")])
    db.close_blocking()


def _bodies(profile: Path) -> list[tuple[str, str]]:
    import sqlite3

    with sqlite3.connect(profile / "heron.sqlite3") as conn:
        return conn.execute("SELECT account, body FROM messages ORDER BY pk").fetchall()


def test_account_remove_with_and_without_history(tmp_path: Path) -> None:
    keyring = tmp_path / "keyring.json"
    for jid in ("a@example.org", "b@example.org"):
        added = _heron("account", "add", jid, "--password-stdin", stdin="pw\n",
                       profile=tmp_path, keyring_file=keyring)
        assert added.returncode == 0, added.stderr
    _store_history(tmp_path, "a@example.org")
    _store_history(tmp_path, "b@example.org")

    kept = _heron("account", "remove", "b@example.org", profile=tmp_path, keyring_file=keyring)
    assert kept.returncode == 0, kept.stderr
    assert ("b@example.org", "hello") in _bodies(tmp_path)

    gone = _heron("account", "remove", "a@example.org", "--delete-history", profile=tmp_path,
                  keyring_file=keyring)
    assert gone.returncode == 0, gone.stderr
    assert "1 stored message" in gone.stdout
    assert ("a@example.org", "hello") not in _bodies(tmp_path)
    assert ("other@example.org", "stays") in _bodies(tmp_path)
    assert json.loads((tmp_path / "settings.json").read_text())["accounts"] == []
    assert json.loads(keyring.read_text()) == {}
    assert _heron("account", "list", profile=tmp_path).stdout == ""

    unknown = _heron("account", "remove", "c@example.org", profile=tmp_path)
    assert unknown.returncode == 2 and "no account" in unknown.stderr
