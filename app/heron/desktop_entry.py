"""The launcher a Linux desktop shows for Heron, and Heron as a handler of ``xmpp:`` links.

A freedesktop.org desktop entry in the user's own applications folder: the menu lists Heron,
and ``MimeType=x-scheme-handler/xmpp`` offers it for xmpp: links (``Exec=... %u`` passes the
link; a running Heron takes it over, ui/single_instance.py). Heron does not make itself the
default handler: when another client is the user's choice, it stays the choice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

FILE_NAME = "heron.desktop"  # matches QGuiApplication.setDesktopFileName("heron")


def applications_dir() -> Path:
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "applications"


def _quoted(text: str) -> str:
    """An Exec argument (desktop entry spec: quote, and escape \\ " ` $ inside quotes)."""
    for char in ("\\", '"', "`", "$"):
        text = text.replace(char, "\\" + char)
    return f'"{text}"'.replace("%", "%%")


def command() -> list[str]:
    """How this Heron is started: its console script beside the interpreter, else ``-m``."""
    script = Path(sys.executable).parent / "heron"
    return [str(script)] if script.exists() else [sys.executable, "-m", "heron"]


def icon_file() -> Path | None:
    icon = Path(__file__).resolve().parents[2] / "resources" / "icons" / "heron.svg"
    return icon if icon.exists() else None


def entry_text(command: list[str], icon: Path | None) -> str:
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.5",
        "Name=Heron",
        "GenericName=Chat",
        "Comment=Chat over XMPP (Jabber): contacts, messages and files",
        "Exec=" + " ".join(_quoted(arg) for arg in command) + " %u",
        f"Icon={icon or 'internet-chat'}",
        "Terminal=false",
        "Categories=Network;InstantMessaging;Chat;",
        "Keywords=XMPP;Jabber;chat;messenger;",
        "MimeType=x-scheme-handler/xmpp;",
        "StartupWMClass=heron",
        "",
    ])


def install(folder: Path | None = None) -> Path:
    """Write (or update) the entry; returns its path. Tells the desktop's MIME cache when the
    tool for it is there (without it, desktops rescan the folder on their own)."""
    folder = folder or applications_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    text = entry_text(command(), icon_file())
    if not path.exists() or path.read_text(errors="replace") != text:
        partial = path.with_suffix(".desktop.part")
        partial.write_text(text)
        partial.replace(path)
    update = shutil.which("update-desktop-database")
    if update:
        subprocess.run([update, str(folder)],  # noqa: S603  a system tool found on PATH
                       check=False, capture_output=True, timeout=30)
    return path
