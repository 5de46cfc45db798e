"""The main window of an OMEMO test, showing Heron with the peer in its roster (tests/ui)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from heron.ui.main_window import MainWindow
from tests.helpers import until


async def shown_window(chat: Any, windows: list[Any]) -> MainWindow:
    """A shown main window once it lists the peer; appended to ``windows`` so the test's
    ``finally`` closes it."""
    window = MainWindow(chat.app)
    windows.append(window)
    window.resize(900, 560)
    window.show()
    await until(lambda: window.roster_model.row_for(chat.bob) is not None, 30)
    return window


async def chat_window(chat: Any, windows: list[Any]) -> MainWindow:
    """:func:`shown_window` with ``chat``'s conversation open."""
    window = await shown_window(chat, windows)
    await window.open_conversation(chat.alice, chat.bob)
    return window


def close_all(windows: list[QWidget]) -> None:
    for window in windows:
        window.close()
