"""Small async helpers for tests that run on the qasync loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel


async def until(predicate: Callable[[], object], timeout: float = 10.0,
                shown: Callable[[], object] | None = None) -> None:
    """Wait for ``predicate()`` to become true; use instead of qtbot.waitUntil in async tests
    (a nested Qt loop inside a qasync task drops tasks). ``shown``: what the failure says
    was there instead when the wait runs out (a rare flake then tells its cause)."""
    try:
        async with asyncio.timeout(timeout):
            while not predicate():
                await asyncio.sleep(0.01)
    except TimeoutError:
        if shown is None:
            raise
        raise AssertionError(f"not reached in {timeout} s; instead: {shown()!r}") from None


class ShownTexts(QObject):
    """Every text a label showed, recorded when it was shown: a line visible only for a few
    milliseconds (a refused connection answers at once) is still seen, which polling can miss."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self.texts: list[str] = []
        self._label = label
        label.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._label and event.type() == QEvent.Type.Show:
            self.texts.append(self._label.text())
        return False
