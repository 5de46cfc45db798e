"""Bus subscriptions that end with the Qt object that made them.

The application's bus outlives any window: a widget or model that subscribed and was then
deleted would still be called (and raise on its deleted C++ half) for every later event. A
Qt object subscribes through ``scoped(self, bus)``; each handler is removed when the object
is destroyed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject

from heron.core.bus import EventBus, Phase

E = TypeVar("E")


class ScopedBus:
    def __init__(self, owner: QObject, bus: EventBus) -> None:
        self._bus = bus
        detach: list[Callable[[], None]] = []
        self._detach = detach
        # The closure holds the list, not the owner (whose Python half is gone by then).
        owner.destroyed.connect(lambda _o=None: [unsubscribe() for unsubscribe in detach])

    def subscribe(self, event_type: type[E], handler: Callable[[E], None],
                  phase: Phase = Phase.UI) -> Callable[[], None]:
        unsubscribe = self._bus.subscribe(event_type, handler, phase)
        self._detach.append(unsubscribe)
        return unsubscribe


def scoped(owner: QObject, bus: EventBus) -> ScopedBus:
    return ScopedBus(owner, bus)
