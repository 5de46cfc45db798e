"""A long conversation stored for the search and history tests: one message a minute."""

from __future__ import annotations

import time

from heron.application import Heron
from heron.core.events import DeliveryState, Direction, NewMessage, StoredMessage

ME, BOB = "me@example.org", "bob@example.org"


def body_of(i: int) -> str:
    return f"message number {i} about the weather"


async def fill(app: Heron, count: int, peer: str = BOB, start: float | None = None,
               special: dict[int, str] | None = None) -> list[StoredMessage]:
    """``count`` messages with ``peer`` (odd ones from the user), the last a minute ago;
    ``special`` replaces the bodies of some of them."""
    base = (time.time() - 60 * (count + 1)) if start is None else start
    special = special or {}
    rows = [NewMessage(ME, peer, Direction.OUTGOING if i % 2 else Direction.INCOMING,
                       special.get(i, body_of(i)), base + 60 * i, origin_id=f"{peer}-{i}",
                       state=DeliveryState.DELIVERED if i % 2 else DeliveryState.RECEIVED)
            for i in range(count)]
    return await app.repos.messages.add_many(rows)
