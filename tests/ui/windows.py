"""A main window over a fresh profile with no account (no server needed)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from heron.application import Heron
from heron.core.paths import ProfilePaths
from heron.ui.main_window import MainWindow


@asynccontextmanager
async def window_without_accounts(qtbot: Any, profile: Path) -> AsyncIterator[MainWindow]:
    app = Heron(ProfilePaths(profile))
    await app.open()
    try:
        window = MainWindow(app)
        qtbot.addWidget(window)
        window.show()
        yield window
    finally:
        await app.close()
