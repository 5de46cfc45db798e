"""Keep the garbage collector's full collections off the busy event loop.

Why: a full (generation 2) collection walks every tracked object. Once the window is up that is
a few hundred thousand objects (Qt wrappers, slixmpp's stanza classes, the imports), and one
collection took 46-73 ms on this machine (300 ms under load) - alone over the 50 ms loop-lag
budget, and CPython starts one at an arbitrary moment, e.g. in the middle of a room flood.

What, measured with ``python -m tests.bench.room_flood``:
- ``gc.freeze()`` once start-up is over moves the start-up objects out of the collector's walk;
- automatic full collections are switched off (a generation-2 threshold no busy minute reaches),
  and young collections run less often (a larger generation-0 threshold costs under 1 ms each);
- instead, a full collection runs when the loop is idle: a check every few seconds counts the
  young collections since the last check (allocation is what a flood, a catch-up or a join
  does), and only a quiet interval after some activity collects. The idle pass unfreezes, collects
  everything and freezes again, so cycles that died among frozen objects are still freed. A
  process that never goes quiet still gets a full pass every ``LONGEST_S``.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time

log = logging.getLogger(__name__)

CHECK_S = 5.0  # how often the loop's quietness is sampled
QUIET_YOUNG = 3  # at most this many young collections in one check interval: idle
BUSY_SINCE_FULL = 20  # young collections since the last full pass before another is worth it
LONGEST_S = 600.0  # a full pass at least this often, even when never idle
THRESHOLDS = (5_000, 20, 1_000_000_000)


class IdleCollector:
    """Start with :meth:`start` once the window shows; :meth:`stop` at shut-down."""

    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None
        self._saved = gc.get_threshold()
        self.full_passes = 0

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._task is not None:
            return
        gc.freeze()
        gc.set_threshold(*THRESHOLDS)
        self._task = loop.create_task(self._watch(self._young()))

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        gc.set_threshold(*self._saved)
        gc.unfreeze()

    @staticmethod
    def _young() -> int:
        return int(gc.get_stats()[0]["collections"])

    async def _watch(self, since_full: int) -> None:
        seen = self._young()
        last_full = time.monotonic()
        while True:
            await asyncio.sleep(CHECK_S)
            young = self._young()
            quiet = young - seen <= QUIET_YOUNG
            seen = young
            overdue = time.monotonic() - last_full > LONGEST_S
            if (quiet and young - since_full >= BUSY_SINCE_FULL) or overdue:
                self.collect_now()
                since_full, last_full = self._young(), time.monotonic()

    def collect_now(self) -> None:
        started = time.perf_counter()
        gc.unfreeze()
        found = gc.collect()
        gc.freeze()
        self.full_passes += 1
        log.debug("idle full collection: %d unreachable, %.1f ms", found,
                  (time.perf_counter() - started) * 1000)
