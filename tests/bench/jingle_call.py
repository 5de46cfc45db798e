"""A call between two Heron sessions through a throw-away Prosody on loopback: time from
``start()`` (session-initiate) to media flowing both ways (the first audio and video frames on
each side; budget under 1 s), and event-loop lag over a few seconds of the video call. Media is
the test stand-in (tests/call_media.py: aiortc with synthetic tracks, decoding on the loop).
JSON on stdout.

    .venv/bin/python -m tests.bench.jingle_call [--calls 5] [--seconds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import statistics
import sys
import time
from pathlib import Path
from typing import Any


async def calls(server: Any, work: Path, count: int, seconds: float) -> dict[str, Any]:
    import aioice.ice

    from heron.calls.api import CallRequest, MediaConfig
    from tests.bench.__main__ import LagProbe
    from tests.call_media import SyntheticMedia
    from tests.integration.parties import account_for, start_heron

    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]
    users = {name: secrets.token_urlsafe(12) for name in ("alice", "bob")}
    apps = []
    for name, password in users.items():
        server.register(name, password)
        apps.append(await start_heron(work / name, account_for(
            server, f"{name}@{server.domain}"), password))
    a, b = (app.sessions[f"{n}@{server.domain}"] for app, n in zip(apps, users, strict=True))
    made: list[SyntheticMedia] = []

    def make(config: MediaConfig) -> SyntheticMedia:
        made.append(SyntheticMedia(config))
        return made[-1]

    a.jingle.enable(make)
    b.jingle.enable(make)
    to_media: list[float] = []
    lags: dict[str, float] = {}
    try:
        for n in range(count):
            made.clear()
            sid = f"bench-{n}"
            b.jingle.expect(CallRequest(str(a.client.boundjid), sid, video=True))
            t0 = time.perf_counter()
            await a.jingle.start(CallRequest(str(b.client.boundjid), sid, video=True))
            async with asyncio.timeout(20):
                while len(made) < 2 or not all(m.audio_in and m.video_in for m in made):
                    await asyncio.sleep(0.002)
            to_media.append(time.perf_counter() - t0)
            if n == 0:
                with LagProbe() as probe:
                    await asyncio.sleep(seconds)
                lags = probe.summary()
            await a.jingle.hang_up(sid)
            await asyncio.sleep(0.2)
        return {"calls": count, "start_to_media_both_ways_s_median": round(
                    statistics.median(to_media), 3),
                "start_to_media_both_ways_s_max": round(max(to_media), 3),
                "video_call_seconds_probed": seconds,
                **{f"loop_lag_{k}": round(v, 2) for k, v in lags.items()}}
    finally:
        for media in made:
            await media.close()
        for app in apps:
            await app.close()


def main() -> int:
    from tests.bench.room_join import on_prosody

    parser = argparse.ArgumentParser(prog="python -m tests.bench.jingle_call")
    parser.add_argument("--calls", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()
    result = on_prosody("heron-call-bench-", lambda server, work: calls(
        server, work, args.calls, args.seconds))
    print(json.dumps({"command": " ".join(["python", "-m", "tests.bench.jingle_call",
                                           *sys.argv[1:]]),
                      "budget": "call on loopback, offer to media flowing under 1 s",
                      **result}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
