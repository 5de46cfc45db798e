"""A main window over a fresh profile with no account (no server needed)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

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


@contextmanager
def loop_survives_close() -> Iterator[None]:
    """Closing the last window does not quit Qt (and stop the test's loop): Heron's own runner
    sets this too, and ends the loop itself after its orderly close."""
    qt = QApplication.instance()
    assert isinstance(qt, QApplication)
    quits = qt.quitOnLastWindowClosed()
    qt.setQuitOnLastWindowClosed(False)
    try:
        yield
    finally:
        qt.setQuitOnLastWindowClosed(quits)
