"""Two messages sent in one breath stay in the order storage keeps them. A live copy sorts by
when it was sent until the archive's time replaces that (storage/repos/messages.py adopts it);
the conversation must move the row then, or the user sees the two swapped until reopening."""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from heron.core.bus import EventBus
from heron.core.events import (
    DeliveryState,
    Direction,
    MessagesAdded,
    MessageUpdated,
    StoredMessage,
)
from heron.models.messages import MessageModel, MessageRoles

ME, BOB = "alice@example.org", "bob@example.org"
NOW = time.time() - 60


def _sent(pk: int, body: str, ts: float) -> StoredMessage:
    return StoredMessage(pk, ME, BOB, Direction.OUTGOING, body, ts, f"o{pk}", None, f"m{pk}",
                         DeliveryState.SENT)


async def _nothing(_before: Any, _limit: int) -> list[StoredMessage]:
    return []


def _bodies(model: MessageModel) -> list[str]:
    return [model.index(r).data(MessageRoles.Body) for r in range(model.rowCount())]


def test_a_row_moves_when_the_archive_time_reorders_it(qtbot: Any) -> None:
    bus = EventBus()
    model = MessageModel(bus, ME, BOB, _nothing)
    first = _sent(1, "Is the boat ready?", NOW + 0.95)  # already stamped with the server's time
    second = _sent(2, "I'll bring the map.", NOW + 0.90)  # still the time it was sent
    bus.publish(MessagesAdded(ME, BOB, (first, second)))
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert _bodies(model) == ["I'll bring the map.", "Is the boat ready?"]

    bus.publish(MessageUpdated(ME, BOB, replace(second, timestamp=NOW + 0.97)))
    assert _bodies(model) == ["Is the boat ready?", "I'll bring the map."]
    # Later updates find the moved rows where they are now.
    bus.publish(MessageUpdated(ME, BOB, replace(first, state=DeliveryState.READ,
                                                     timestamp=NOW + 0.95)))
    assert model.index(0).data(MessageRoles.State) == DeliveryState.READ.value
    assert model.index(1).data(MessageRoles.State) == DeliveryState.SENT.value

    bus.publish(MessageUpdated(ME, BOB, replace(first, timestamp=NOW + 1.5)))  # and back down
    assert _bodies(model) == ["I'll bring the map.", "Is the boat ready?"]
    model.close()
