"""A conversation holding the worst times a database can hold still paints (issue 6, point 3).

Year 1 and year 9999 used to reach ``datetime.fromtimestamp`` in the delegate, raise inside a
Qt virtual and end the process with SIGSEGV whenever the conversation was shown. The rows are
written with raw SQL, as a database from before the edge clamp holds them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QListView

from heron.core.bus import EventBus
from heron.core.events import (
    DeliveryState,
    Direction,
    MessagesAdded,
    StoredMessage,
)
from heron.core.timestamps import FLOOR, READ_SLACK
from heron.models.messages import MessageModel, MessageRoles
from heron.storage.db import Database
from heron.storage.repos.messages import MessageRepo
from heron.ui.delegates import MessageDelegate, day_label

pytestmark = pytest.mark.asyncio

WORST = [-math.inf, -1e300, -62_135_596_800.0, 0.0, 253_402_300_799.0, 1e300, math.inf]


@pytest.fixture
def east_of_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Year 9999 overflows ``datetime`` only where local time is ahead of UTC."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def test_worst_stored_times_paint(qtbot: Any, tmp_path: Path, east_of_utc: None) -> None:
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    account, peer = "me@example.org", "mallory@example.org"
    now = time.time()

    def plant(conn: Any) -> None:
        for n, ts in enumerate([now - 60, *WORST]):
            conn.execute(
                "INSERT INTO messages (account, peer, direction, body, ts, state) "
                "VALUES (?, ?, 'in', ?, ?, 'received')", (account, peer, f"m{n}", ts))

    await db.run(plant)
    repo = MessageRepo(db)
    model = MessageModel(EventBus(), account, peer,
                         lambda before, limit: repo.page_before(account, peer, before, limit))
    view = QListView()
    qtbot.addWidget(view)
    view.setItemDelegate(MessageDelegate(view))
    view.resize(480, 900)
    view.setModel(model)
    view.show()
    try:
        await model.load_initial()
        assert model.rowCount() == len(WORST) + 1
        image = view.grab()  # paints every row: sizes, day headers, times
        image.save(str(tmp_path / "hostile.png"))
        assert not image.isNull()
        stamps = [model.index(r).data(MessageRoles.Timestamp) for r in range(model.rowCount())]
        assert all(FLOOR <= t <= time.time() + READ_SLACK for t in stamps)
        # Still in the stored order: the far past first, the far future last.
        bodies = [m.body for m in model.messages()]
        assert bodies[:3] == ["m1", "m2", "m3"] and bodies[-1] == "m7"
    finally:
        model.close()
        await db.close()


async def test_each_layer_clamps_on_its_own(tmp_path: Path, east_of_utc: None) -> None:
    """Storage reads, the model and the painter each survive the values alone."""
    db = Database(tmp_path / "db.sqlite3")
    await db.open()
    account, peer = "me@example.org", "mallory@example.org"
    await db.run(lambda conn: conn.executemany(
        "INSERT INTO messages (account, peer, direction, body, ts, state) "
        "VALUES (?, ?, 'in', 'x', ?, 'received')", [(account, peer, ts) for ts in WORST]))
    try:
        read = await MessageRepo(db).page_before(account, peer, None, 100)
        assert all(FLOOR <= m.timestamp <= time.time() + READ_SLACK for m in read)
    finally:
        await db.close()

    bus = EventBus()

    async def no_page(_before: Any, _limit: int) -> list[StoredMessage]:
        return []

    model = MessageModel(bus, account, peer, no_page)
    raw = [StoredMessage(pk=n + 1, account=account, peer=peer, direction=Direction.INCOMING,
                         body="x", timestamp=ts, origin_id=None, stanza_id=None,
                         message_id=None, state=DeliveryState.RECEIVED)
           for n, ts in enumerate([math.nan, *WORST])]
    bus.publish(MessagesAdded(account, peer, tuple(raw)))
    model._flush_incoming()
    assert model.rowCount() == len(raw)
    assert all(FLOOR <= m.timestamp <= time.time() + READ_SLACK for m in model.messages())
    model.close()

    for ts in [math.nan, *WORST]:
        assert day_label(ts)  # the painter's own conversions never raise
