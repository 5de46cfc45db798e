"""Where downloads go and how large they may be (from the profile's settings)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from heron.core.settings import Settings

MB = 1024 * 1024


def download_folder(settings: Settings) -> Path:
    """The folder the user chose, else the desktop's (XDG) download folder."""
    if settings.download_dir:
        return Path(settings.download_dir).expanduser()
    return Path(platformdirs.user_downloads_dir())


def download_cap(settings: Settings) -> int:
    return settings.download_limit_mb * MB
