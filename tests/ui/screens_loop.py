"""Runs a screenshot script's ``main(out_dir)`` on a qasync loop (the first argument, else
docs/screenshots), with Heron's windows free to close without quitting."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication


def run_screens(main: Callable[[Path], Awaitable[None]]) -> None:
    qt_app = QApplication(sys.argv)
    qt_app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    with loop:
        loop.run_until_complete(main(target))
