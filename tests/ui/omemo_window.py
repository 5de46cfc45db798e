"""The main window of an OMEMO test, showing Heron's chat with the peer (tests/ui)."""

from __future__ import annotations

from typing import Any

from heron.ui.main_window import MainWindow
from tests.helpers import until


async def chat_window(chat: Any, windows: list[MainWindow]) -> MainWindow:
    """A shown main window with ``chat``'s conversation open; appended to ``windows`` so the
    test's ``finally`` closes it."""
    window = MainWindow(chat.app)
    windows.append(window)
    window.resize(900, 560)
    window.show()
    await until(lambda: window.roster_model.row_for(chat.bob) is not None, 30)
    await window.open_conversation(chat.alice, chat.bob)
    return window
