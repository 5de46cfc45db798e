"""The command line that scripts use: heron --version, heron account add/list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _heron(*args: str, stdin: str = "", profile: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.run([sys.executable, "-m", "heron", "--profile", str(profile), *args],
                          input=stdin, capture_output=True, text=True, env=env, timeout=60)


def test_version(tmp_path: Path) -> None:
    result = _heron("--version", profile=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("heron ")


def test_account_add_reads_the_password_from_stdin_only(tmp_path: Path) -> None:
    result = _heron("account", "add", "Alice@Example.org", "--host", "127.0.0.1", "--port",
                    "5333", "--password-stdin", stdin="hunter2\n", profile=tmp_path)
    assert result.returncode == 0, result.stderr
    # No keyring here: the user is told, and the password is written nowhere.
    assert "keyring" in result.stderr
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
