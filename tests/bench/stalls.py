"""Where the event loop stalls: a watchdog thread that records the loop thread's stack whenever
the loop has not run for longer than a threshold (a real trace of a stall, not a guess).

    with StallTracer(threshold=0.03) as tracer:
        ...  # the work under test, on the running loop
    tracer.report()  # [{"ms": .., "stack": [...]}, ...] the longest stalls first

The loop side is a 5 ms repeating callback that stamps the time; the watchdog samples the
loop thread's frames every 2 ms while that stamp is older than the threshold, and keeps the
frames seen most often during each stall (the one that blocks), innermost last. Each stall also
carries the loop thread's own CPU time during it (``cpu_ms``): on a loaded machine a stall with
little CPU is the process waiting for a core, not code blocking the loop.
"""

from __future__ import annotations

import asyncio
import collections
import gc
import sys
import threading
import time
import traceback
from typing import Any

BEAT = 0.005
SAMPLE = 0.002
RECURSIVE = "/copy.py:"


class StallTracer:
    def __init__(self, threshold: float = 0.03, depth: int = 14) -> None:
        self.threshold = threshold
        self.depth = depth
        self.stalls: list[dict[str, Any]] = []
        self._beat = self._entered = time.perf_counter()
        self._handle: asyncio.TimerHandle | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._loop_thread = threading.get_ident()
        self._loop_clock = time.pthread_getcpuclockid(self._loop_thread)
        self.gc_pauses: list[tuple[int, float]] = []  # (generation, ms) of the longer ones
        self._gc_started = 0.0

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        # A full collection stops whichever thread triggered it: a stall with any stack.
        if phase == "start":
            self._gc_started = time.perf_counter()
            return
        took = (time.perf_counter() - self._gc_started) * 1000
        if took > 10:
            self.gc_pauses.append((int(info["generation"]), round(took, 1)))

    def _tick(self) -> None:
        self._beat = time.perf_counter()
        self._handle = asyncio.get_running_loop().call_later(BEAT, self._tick)

    def _stack(self) -> tuple[str, ...]:
        frame = sys._current_frames().get(self._loop_thread)
        if frame is None:
            return ()
        lines: list[str] = []
        for f in traceback.extract_stack(frame):
            where = f"{f.filename.rsplit('site-packages/', 1)[-1]}:{f.lineno} {f.name}"
            if lines and RECURSIVE in where and RECURSIVE in lines[-1]:
                continue  # deepcopy's recursion: its outermost frame says enough
            lines.append(where)
        return tuple(lines[-self.depth:])

    def _watch(self) -> None:
        samples: collections.Counter[tuple[str, ...]] = collections.Counter()
        started = cpu_started = 0.0
        cpu = 0.0
        while not self._stop.wait(SAMPLE):
            beat = self._beat
            cpu_now = time.clock_gettime(self._loop_clock)
            late = time.perf_counter() - beat
            if late <= self.threshold:
                if samples:
                    self._record(time.perf_counter() - started, cpu - cpu_started, samples)
                    samples = collections.Counter()
                cpu = cpu_now  # the loop thread's CPU at its last beat, roughly
                continue
            if not samples:
                started, cpu_started = beat, cpu
            samples[self._stack()] += 1
            cpu = cpu_now

    def _record(self, seconds: float, cpu: float,
                samples: collections.Counter[tuple[str, ...]]) -> None:
        # The innermost frames that most samples share: where the time went.
        top = samples.most_common(3)
        at = time.perf_counter() - seconds - self._entered
        self.stalls.append({"ms": round(seconds * 1000, 1), "cpu_ms": round(cpu * 1000, 1),
                            "at_ms": round(at * 1000),
                            "samples": sum(samples.values()),
                            "stacks": [{"n": n, "stack": list(stack)} for stack, n in top]})

    def __enter__(self) -> StallTracer:
        self._entered = time.perf_counter()
        self._loop_thread = threading.get_ident()
        self._loop_clock = time.pthread_getcpuclockid(self._loop_thread)
        self._handle = asyncio.get_event_loop().call_later(BEAT, self._tick)
        self._thread = threading.Thread(target=self._watch, name="stall-tracer", daemon=True)
        self._thread.start()
        gc.callbacks.append(self._on_gc)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._handle is not None:
            self._handle.cancel()

    def report(self, keep: int = 5) -> dict[str, Any]:
        """The longest stalls by the loop thread's CPU time (what our code did), and the
        longest by wall time (which includes waiting for a core on a busy machine)."""
        return {"count": len(self.stalls),
                "max_cpu_ms": max((s["cpu_ms"] for s in self.stalls), default=0.0),
                "max_wall_ms": max((s["ms"] for s in self.stalls), default=0.0),
                "gc_pauses_over_10ms": self.gc_pauses,
                "by_cpu": sorted(self.stalls, key=lambda s: -s["cpu_ms"])[:keep]}
