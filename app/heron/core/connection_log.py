"""Every connection state change of every account goes to heron.log at INFO.

A user's "it disconnected at lunch" is answered from this log, and tests use the "connected"
line as the signal that a started Heron is online. Error details go along (they never hold a
password: they are exception and stream-error texts).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from heron.core.bus import EventBus, Phase
from heron.core.events import ConnectionChanged

log = logging.getLogger("heron.connection")


def _describe(event: ConnectionChanged) -> str:
    parts = [f"{event.account}: {event.state.value}"]
    if event.detail:
        parts.append(event.detail)
    if event.error is not None:
        parts.append(f"[{event.error.kind.value}] {event.error.message}")
        if event.error.detail:
            parts.append(f"detail: {event.error.detail}")
    return " — ".join(parts)


def log_connection_changes(bus: EventBus) -> Callable[[], None]:
    """Subscribe the logger; returns the unsubscribe function."""

    last: dict[str, str] = {}

    def write(event: ConnectionChanged) -> None:
        line = _describe(event)
        if last.get(event.account) != line:  # "offline" is announced twice on a close
            last[event.account] = line
            log.info("%s", line)

    return bus.subscribe(ConnectionChanged, write, Phase.CORE)
