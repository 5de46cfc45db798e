"""The chats list under a burst (bench part of ``python -m tests.bench``): 1,000 conversations
upserted at once (a first catch-up), then a message in each of them again (the list reorders),
each applied in one turn of the loop and painted."""

from __future__ import annotations

import time
from typing import Any

from heron.core.chats import CHAT

CONVERSATIONS = 1000


def bench_chats(window: Any, account: str) -> dict[str, Any]:
    """Milliseconds for ``CONVERSATIONS`` upserts + the coalesced flush + a forced paint of
    the list, first as new rows, then as newer messages that reverse the order."""
    chats = window.sidebar.chats
    chats.switch.set_page("chats")
    model, view = chats.model, chats.view
    timings = {}
    for label, base in (("new_rows_ms", 0.0), ("reorder_ms", 10_000.0)):
        t0 = time.perf_counter()
        for i in range(CONVERSATIONS):
            # the second round makes the bottom row the newest: every row moves
            ts = base + (i if base == 0 else CONVERSATIONS - i)
            model.upsert(account, f"chat{i}@example.org", CHAT, ts, f"message {i}", i % 2 == 0)
        model.flush()  # what the next turn of the loop does
        view.viewport().grab()
        timings[label] = round((time.perf_counter() - t0) * 1000, 2)
    return {"conversations": CONVERSATIONS, "reorders": model.reorders, **timings}
