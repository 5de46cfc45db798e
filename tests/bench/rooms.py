"""The room browser with thousands of rooms: event-loop lag while 5,000 rooms arrive page by
page (250 a page, as RoomDirectory.list_rooms asks with RSM) and their details come in for the
painted rows, then while a person types a search (a key every 80 ms, the real debounce), and
the cost of each filter pass. JSON on stdout.

    .venv/bin/python -m tests.bench.rooms [--rooms 5000]

The pages come from a local directory object, not a server: what is measured is the window's
side (model inserts, the filter proxy, painting), which is what must stay smooth; the server's
side is one disco#items round trip a page.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

WORDS = ["chess", "jazz", "linux", "python", "garden", "birds", "heron", "boats", "photo",
         "cycling", "rust", "books", "climbing", "coffee", "music", "xmpp"]
TYPED = "python 42"
PAGE = 250


class PagedDirectory:
    """Hands out ``count`` rooms in pages, yielding to the loop between pages (the network)."""

    def __init__(self, count: int) -> None:
        self.count = count

    async def services(self) -> list[str]:
        return ["conference.example.org"]

    async def list_rooms(self, service: str, progress: Callable[[list[Any]], None]) -> Any:
        from heron.core.rooms import Room, RoomList

        rooms = [Room(f"room{i}@{service}", f"{WORDS[i % len(WORDS)]} lovers {i}")
                 for i in range(self.count)]
        for start in range(0, len(rooms), PAGE):
            await asyncio.sleep(0.01)
            progress(rooms[start:start + PAGE])
        return RoomList(service, tuple(rooms), False)

    async def info(self, jid: str) -> Any:
        from heron.core.rooms import RoomInfo

        await asyncio.sleep(0.005)
        n = int(jid.split("@", maxsplit=1)[0][4:])
        return RoomInfo(jid, f"{WORDS[n % len(WORDS)]} lovers {n}",
                        f"A room about {WORDS[(n * 7) % len(WORDS)]} and more", n % 300,
                        password=n % 9 == 0)


async def run(count: int) -> dict[str, Any]:
    from heron.ui.room_browser import RoomBrowser
    from tests.bench.__main__ import LagProbe

    browser = RoomBrowser("alice@example.org", PagedDirectory(count), None)
    browser.resize(900, 600)
    browser.show()
    t0 = time.perf_counter()
    with LagProbe() as listing:
        await browser.start()
        while browser.model.rowCount() < count or "rooms on" not in browser.status.text():
            await asyncio.sleep(0.005)
        await asyncio.sleep(0.3)  # details of the painted rows
    listed_s = time.perf_counter() - t0
    with LagProbe() as typing:
        for n in range(1, len(TYPED) + 1):
            browser.search.setText(TYPED[:n])
            await asyncio.sleep(0.08)
        await asyncio.sleep(0.3)
    passes: dict[str, float] = {}
    for n in range(1, len(TYPED) + 1):
        browser.search.blockSignals(True)
        browser.search.setText(TYPED[:n])
        browser.search.blockSignals(False)
        browser.proxy.set_text(TYPED[:n])
        t1 = time.perf_counter()
        browser.proxy.apply_now()
        browser.view.viewport().grab()
        passes[TYPED[:n]] = (time.perf_counter() - t1) * 1000
    shown = browser.proxy.rowCount()
    browser.close()
    lag_list, lag_type = listing.summary(), typing.summary()
    return {
        "rooms": count, "page": PAGE, "listed_s": round(listed_s, 3),
        "listing_lag_samples": lag_list["samples"], "typing_lag_samples": lag_type["samples"],
        "listing_lag_max_ms": round(lag_list["max_ms"], 2),
        "listing_lag_p99_ms": round(lag_list["p99_ms"], 2),
        "typing_lag_max_ms": round(lag_type["max_ms"], 2),
        "typing_lag_p99_ms": round(lag_type["p99_ms"], 2),
        "filter_pass_worst_ms": round(max(passes.values()), 2),
        "filter_pass_median_ms": round(statistics.median(passes.values()), 2),
        "per_keystroke_ms": {k: round(v, 2) for k, v in passes.items()},
        "rows_after_typing": shown,
        "budgets": {"loop_lag_max_ms": 50, "loop_lag_p99_ms": 16, "filter_keystroke_ms": 10},
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.rooms")
    parser.add_argument("--rooms", type=int, default=5000)
    args = parser.parse_args()
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        result = loop.run_until_complete(run(args.rooms))
    print(json.dumps({"command": f"python -m tests.bench.rooms --rooms {args.rooms}",
                      **result}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
