"""`heron account add --password-in-file`: on a machine without a keyring, the password goes to
a file only the user can read, chosen explicitly; never to settings.json or the log."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

SECRET = "hunter2-in-a-file"


def _add(profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.run(
        [sys.executable, "-m", "heron", "--profile", str(profile), "account", "add",
         "bob@example.org", *extra, "--password-stdin"],
        input=f"{SECRET}\n", capture_output=True, text=True, env=env, timeout=60)


def _holding_secret(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]


def test_password_in_file_is_chosen_explicitly_and_readable_only_by_the_user(
        tmp_path: Path) -> None:
    result = _add(tmp_path, "--password-in-file")
    assert result.returncode == 0, result.stderr
    holding = _holding_secret(tmp_path)
    assert len(holding) == 1 and holding[0].parent == tmp_path / "passwords"
    assert str(holding[0]) in result.stdout  # the user is told where it is
    assert stat.S_IMODE(holding[0].stat().st_mode) == 0o600
    settings = json.loads((tmp_path / "settings.json").read_text())
    assert settings["accounts"][0]["password_in_file"] is True


def test_without_the_flag_no_file_is_written_and_the_flag_is_named(tmp_path: Path) -> None:
    result = _add(tmp_path)
    assert result.returncode == 1, result.stderr  # the password was not stored: say so
    assert "could not be stored" in result.stderr
    assert _holding_secret(tmp_path) == []
    assert "--password-in-file" in result.stderr
