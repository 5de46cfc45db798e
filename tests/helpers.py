"""Small async helpers for tests that run on the qasync loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable


async def until(predicate: Callable[[], object], timeout: float = 10.0) -> None:
    """Wait for ``predicate()`` to become true; use instead of qtbot.waitUntil in async tests
    (a nested Qt loop inside a qasync task drops tasks)."""
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.01)
