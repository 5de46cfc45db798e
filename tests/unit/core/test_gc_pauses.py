"""Full garbage collections move to quiet moments (core/gc_pauses.py): while the loop is busy
none runs on its own, and once it goes quiet, garbage cycles - also among the objects frozen at
start-up - are freed, so memory does not grow for lack of a collection."""

from __future__ import annotations

import asyncio
import gc
import weakref

import pytest

from heron.core import gc_pauses
from heron.core.gc_pauses import IdleCollector
from tests.helpers import until

pytestmark = pytest.mark.asyncio


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def _cycle() -> Node:
    a, b = Node(), Node()
    a.other, b.other = b, a
    return a


def _allocate() -> None:
    """A burst of work: enough container allocations for a run of young collections."""
    junk = [[i] for i in range(200_000)]
    del junk


async def test_a_quiet_loop_frees_cycles_also_among_frozen_objects(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gc_pauses, "CHECK_S", 0.05)
    collector = IdleCollector()
    old = _cycle()  # alive at start-up, garbage later
    frozen = weakref.ref(old)
    collector.start(asyncio.get_running_loop())
    try:
        assert gc.get_freeze_count() > 0
        new = _cycle()  # made after start-up, lives a while (young collections age it)
        fresh = weakref.ref(new)
        gc.collect(1)
        del old, new
        for _ in range(5):
            _allocate()
        assert fresh() is not None  # no automatic full collection reached it while busy
        await until(lambda: frozen() is None and fresh() is None, 5)
        assert collector.full_passes >= 1
    finally:
        collector.stop()
    assert gc.get_freeze_count() == 0
