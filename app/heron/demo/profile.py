"""The throw-away profile of ``heron --demo`` (without ``--profile``): a temporary folder.

A clean close removes it. A killed Heron cannot, so each folder names its owner's pid, and the
next demo start removes the folders whose owner is gone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

PREFIX = "heron-demo-"
OWNER_FILE = "owner.pid"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_stale(parent: Path) -> list[Path]:
    """Remove the demo folders in ``parent`` that are ours and whose Heron is gone."""
    removed = []
    for folder in parent.glob(PREFIX + "*"):
        try:
            if folder.stat().st_uid != os.getuid():
                continue
            pid = int((folder / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            continue  # not a folder of ours, or one being made right now
        if not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def make_throwaway() -> Path:
    """A new private folder for this run, after removing those of killed runs."""
    remove_stale(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    (folder / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    return folder
