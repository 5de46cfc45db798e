"""A tiny synchronous event bus with phases.

Core handlers (storage bookkeeping) always run before UI handlers, as Gajim's event priorities do,
so a model never sees an event before it is stored.

A handler that raises does not stop the others, but it is never silent: the error is logged at
ERROR with its traceback under the ``heron.core.bus`` logger (the test suite fails any test in
which that happens, see tests/conftest.py) and counted in :attr:`EventBus.handler_errors`.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from enum import IntEnum
from typing import Any, TypeVar

log = logging.getLogger(__name__)

E = TypeVar("E")


class Phase(IntEnum):
    CORE = 0
    UI = 10


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[type, list[tuple[Phase, Callable[[Any], None]]]] = defaultdict(list)
        #: How many handler calls raised since this bus was made.
        self.handler_errors = 0

    def subscribe(
        self, event_type: type[E], handler: Callable[[E], None], phase: Phase = Phase.UI
    ) -> Callable[[], None]:
        """Register ``handler``; returns a function that unsubscribes it."""
        entries = self._handlers[event_type]
        entries.append((phase, handler))
        entries.sort(key=lambda e: e[0])

        def unsubscribe() -> None:
            if (phase, handler) in entries:
                entries.remove((phase, handler))

        return unsubscribe

    def handler_count(self) -> int:
        """How many handlers are subscribed now (a closed window leaves none behind)."""
        return sum(len(entries) for entries in self._handlers.values())

    def publish(self, event: object) -> None:
        for _phase, handler in list(self._handlers.get(type(event), ())):
            try:
                handler(event)
            except Exception:  # one broken handler must not stop the others
                self.handler_errors += 1
                log.exception("event handler %s failed on %r",
                              getattr(handler, "__qualname__", handler), event)
