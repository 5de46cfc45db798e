"""A 640x480 video call on loopback: how soon media flows, how the loop keeps up while the call
window shows it, what it costs in CPU, and how long sound takes there and back (a click echoed
by the far side, tests/bench/audio_roundtrip.py). JSON on stdout, progress on stderr.

    .venv/bin/python -m tests.bench.call [--seconds 10] [--runs 5]

Both ends run in this one process (two aiortc sessions with the synthetic tone and pattern, the
stand-in for two Heron sessions until Jingle signalling is merged), so the CPU figure covers two
encoders and two decoders; ``cpu_per_side`` halves it. Alice's side shows the real call window
(remote picture and preview, converted off the GUI thread); Bob's frames are only counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import sys
import time
from typing import Any

from tests.bench.__main__ import BUDGETS, LagProbe, metric, say

BUDGETS.update({
    "call_offer_to_first_frame_s": 1.0,  # DESIGN.md: call on loopback, offer to media flowing
    "call_loop_lag_max_ms": 50.0,
    "call_loop_lag_p99_ms": 16.0,
    # ITU-T G.114: up to 150 ms each way keeps a conversation natural, so 300 ms there and back
    "call_audio_round_trip_ms": 300.0,
})


def _loopback() -> None:
    import aioice.ice

    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]


async def first_frames(runs: int) -> list[float]:
    """Seconds from starting the offer to the first decoded remote video frame, both ways."""
    from tests.calls_pair import call
    from tests.helpers import until

    times = []
    for _ in range(runs):
        async with call() as c:
            await until(lambda c=c: c.at_bob.video and c.at_alice.video, timeout=10)
            times.append(max(c.at_bob.video[0][0], c.at_alice.video[0][0]) - c.offered_at)
        await asyncio.sleep(0.2)
    return times


async def video_call(seconds: float) -> dict[str, Any]:
    from heron.ui.call_window import CallWindow
    from tests.calls_pair import call
    from tests.helpers import until

    async with call() as c:
        window = CallWindow(c.alice, "bob@localhost", "Bob", video=True,
                            on_hang_up=lambda: None, own_jid="alice@localhost", own_name="Alice")
        window.resize(1280, 800)
        window.show()
        await until(lambda: window.remote.frames_shown > 5, timeout=10)
        converter = window.remote.converter
        shown0, frames0 = window.remote.frames_shown, converter.converted + converter.dropped
        cpu0, t0 = time.process_time(), time.perf_counter()
        with LagProbe() as probe:
            await asyncio.sleep(seconds)
        wall = time.perf_counter() - t0
        cpu = (time.process_time() - cpu0) / wall
        result = {
            "lag": probe.summary(), "cpu_seconds_per_second": round(cpu, 3),
            "cpu_per_side": round(cpu / 2, 3),
            "remote_fps_decoded": round(
                (converter.converted + converter.dropped - frames0) / wall, 1),
            "remote_fps_shown": round((window.remote.frames_shown - shown0) / wall, 1),
            "frames_dropped_by_converter": window.remote.converter.dropped,
        }
        window.call_ended()
        window.close()
    return result


async def bench(seconds: float, runs: int) -> dict[str, Any]:
    _loopback()
    say("call: offer to first frame")
    firsts = await first_frames(runs)
    say(f"call: {seconds:.0f} s of 640x480 video in the call window")
    call = await video_call(seconds)
    say(f"call: audio round trip, {runs * 2} clicks echoed back")
    from tests.bench.audio_roundtrip import round_trips

    trips = await round_trips(runs * 2)
    lags = call.pop("lag")
    metrics = [
        metric("call_audio_round_trip_ms", statistics.median(trips) if trips else math.nan,
               "ms", clicks=runs * 2, heard=len(trips),
               runs=[round(t, 1) for t in trips]),
        metric("call_offer_to_first_frame_s", statistics.median(firsts), "s",
               runs=[round(t, 3) for t in firsts], worst=round(max(firsts), 3)),
        metric("call_loop_lag_max_ms", lags["max_ms"], "ms"),
        metric("call_loop_lag_p99_ms", lags["p99_ms"], "ms"),
    ]
    return {"command": " ".join(["python", "-m", "tests.bench.call", *sys.argv[1:]]),
            "metrics": metrics, "video_call": call,
            "note": "both ends in one process: CPU covers two encoders and two decoders"}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.call")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import qasync
    from PySide6.QtWidgets import QApplication

    qt_app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(qt_app, QApplication)
    qt_app.setQuitOnLastWindowClosed(False)  # closing the call window must not stop the loop
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with loop:
        report = loop.run_until_complete(bench(args.seconds, args.runs))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
