"""Heron in the user's application menu and offered for xmpp: links (issue 8, point 7)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from heron.desktop_entry import entry_text

ROOT = Path(__file__).resolve().parents[2]


def _fields(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def test_the_command_writes_an_entry_that_handles_xmpp_links(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    for _ in range(2):  # a second run rewrites the same entry, it does not add one
        done = subprocess.run([sys.executable, "-m", "heron", "desktop-entry"], cwd=ROOT,
                              env=env, capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
    entries = list((tmp_path / "data" / "applications").iterdir())
    assert [e.name for e in entries] == ["heron.desktop"]
    fields = _fields(entries[0].read_text())
    assert fields["MimeType"] == "x-scheme-handler/xmpp;"
    assert fields["Type"] == "Application" and fields["Name"] == "Heron"
    argv = shlex.split(fields["Exec"])
    assert argv[-1] == "%u"  # the desktop puts the clicked link here
    assert Path(argv[0]).is_file() and os.access(argv[0], os.X_OK)
    assert Path(fields["Icon"]).is_file()


def test_an_odd_install_path_stays_one_argument() -> None:
    text = entry_text(['/home/o"neil/$HOME/100%/heron'], None)
    exec_line = _fields(text)["Exec"]
    assert exec_line == '"/home/o\\"neil/\\$HOME/100%%/heron" %u'
    assert _fields(text)["Icon"] == "internet-chat"
