# XEP-0384: the OMEMO work that needs no session state, off the event loop
"""A worker thread for OMEMO's pure, stateless steps.

Parsing an OMEMO 2 ``<encrypted>`` element (twomemo.etree) validates it against an XML schema
with xmlschema: ~2 ms per message, and the first validation builds the schema's lookup tables
for ~140 ms (measured with tests/bench/omemo_burst.py --stalls). Run on the loop, a burst of
encrypted messages froze the window that long. The parse reads only the element it is given,
so it runs here (a thread that holds the GIL must hand it back every few milliseconds, so
the loop keeps running meanwhile); the ratchet itself stays on the loop, one message at a
time (omemo_receive.py).

A plain thread pool, not qasync's default executor: that one is a QThread, which Qt aborts on
when it still runs at exit.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class OffLoop:
    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="heron-omemo")
        return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)

    def close(self) -> None:
        """End the thread (a logout); the next ``run`` starts another."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False)



_settled: list[bool] = []


def settle_heap() -> None:
    """Once the OMEMO stack is loaded: move every object alive now (the stack's ~90,000
    modules, schemas and models, and the rest of the application) out of the garbage
    collector's reach. A full collection walked them all: the one stall left in a burst of
    1,000 encrypted messages (a 230 ms pause, tests/bench/omemo_burst.py --stalls).
    Once per process: what a later freeze would catch is mostly per-session garbage."""
    if not _settled:
        _settled.append(True)
        gc.freeze()
