"""Heron.close(): what was received before the close is on disk after it, and nothing runs on."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from heron.application import Heron
from heron.core.events import Direction, NewMessage
from heron.core.paths import ProfilePaths

pytestmark = pytest.mark.asyncio


async def test_close_stores_everything_received_before_it(tmp_path: Path) -> None:
    app = Heron(ProfilePaths(tmp_path))
    await app.open()
    now = time.time()
    for i in range(500):  # a burst still in the pipeline and the writer's queue at the close
        app.pipeline.submit(NewMessage("me@example.org", "ada@example.org", Direction.INCOMING,
                                       f"message {i}", now + i, origin_id=f"o{i}"))
    await app.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("heron-db")]
    with sqlite3.connect(app.paths.database) as conn:
        assert conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 500
