"""Fire-and-forget tasks that are neither garbage-collected early nor silent when they fail."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)
_running: set[asyncio.Future[Any]] = set()


def spawn(
    coro: Coroutine[Any, Any, Any] | asyncio.Future[Any], what: str = ""
) -> asyncio.Future[Any]:
    task = asyncio.ensure_future(coro)
    _running.add(task)

    def done(t: asyncio.Future[Any]) -> None:
        _running.discard(t)
        if not t.cancelled() and t.exception() is not None:
            log.error("background task %s failed", what or t, exc_info=t.exception())

    task.add_done_callback(done)
    return task
