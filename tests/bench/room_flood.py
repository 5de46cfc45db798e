"""A busy room for a minute: 100 groupchat messages per second reach Heron, in the real window
with the room pane open. The room is real (Prosody on loopback, created by a second client); the
sender is a third real slixmpp occupant in its own process, so only Heron runs on the probed loop.
JSON on stdout; nothing is asserted.

    .venv/bin/python -m tests.bench.room_flood [--seconds 60] [--rate 100]

Reported: event-loop lag max and p99 per 10-second slice (does lag grow?) and overall, messages
stored (MessagesAdded for the room) against messages sent, RSS growth, and the time from the
last message sent (the sender's clock, same machine) to it being the newest row of the open
room's message model; also the garbage collector's pauses over 5 ms (a full collection is one
cause of a lag spike) and the load average (other work on the machine is another).
Budget: loop lag max 50 ms, p99 16 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import secrets
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

ROOT = Path(__file__).resolve().parents[2]
SLICE_S = 10.0
LAST = "room flood last message"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- the sender (a subprocess) ---------------------------------------------------------------

async def sender(jid: str, password: str, room: str, port: int, ca: str, rate: int,
                 seconds: float) -> None:
    """Join ``room``, print "ready", wait for "go" on stdin, then send ``rate`` messages a second
    for ``seconds`` on a fixed schedule; print "sent N T" (T: time.time() of the last send)."""
    import slixmpp

    client = slixmpp.ClientXMPP(f"{jid}/flood", password)
    client.ca_certs = ca  # type: ignore[assignment]
    client.enable_direct_tls = False
    for plugin in ("xep_0045", "xep_0199"):
        client.register_plugin(plugin)
    started: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    client.add_event_handler("session_start", lambda _e: started.set_result(True))
    client.connect("127.0.0.1", port)
    await asyncio.wait_for(started, 20)
    await client.plugin["xep_0045"].join_muc_wait(slixmpp.JID(room), "Flood", maxstanzas=0,
                                                  timeout=15)
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # "go"
    total = int(rate * seconds)
    tick = 0.01  # a batch every 10 ms, on an absolute schedule (no drift)
    per_tick = max(1, round(rate * tick))
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    sent = 0
    last_at = 0.0
    while sent < total:
        for _ in range(min(per_tick, total - sent)):
            body = LAST if sent == total - 1 else f"room flood message {sent} with some words"
            client.send_message(mto=slixmpp.JID(room), mbody=body, mtype="groupchat")
            sent += 1
        last_at = time.time()
        await asyncio.sleep(max(0.0, t0 + (sent / per_tick) * tick - loop.time()))
    print(f"sent {sent} {last_at:.6f}", flush=True)
    await client.plugin["xep_0199"].ping(jid=slixmpp.JID(client.boundjid.domain), timeout=300)
    print("done", flush=True)
    await client.disconnect(wait=2)


# --- Heron under the flood -------------------------------------------------------------------

class GcPauses:
    """The collector's pauses longer than 5 ms, as (generation, ms), while entered."""

    def __init__(self) -> None:
        self.long: list[tuple[int, float]] = []
        self._start = 0.0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        elif (ms := (time.perf_counter() - self._start) * 1000) > 5:
            self.long.append((info["generation"], round(ms, 1)))

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)


def slices(times: list[float], lags: list[float], t0: float) -> list[dict[str, Any]]:
    """Lag max and p99 per SLICE_S seconds after ``t0`` (loop time)."""
    from tests.bench.__main__ import percentile

    buckets: dict[int, list[float]] = {}
    for at, lag in zip(times, lags, strict=True):
        if at >= t0:
            buckets.setdefault(int((at - t0) // SLICE_S), []).append(lag)
    return [{"from_s": int(k * SLICE_S), "max_ms": round(max(v) * 1000, 2),
             "p99_ms": round(percentile(v, 0.99) * 1000, 2), "samples": len(v)}
            for k, v in sorted(buckets.items())]


async def flood_room(server: Any, rate: int, seconds: float, work: Path,
                     no_gc_policy: bool = False) -> dict[str, Any]:
    from heron.core.events import MessagesAdded
    from heron.core.gc_pauses import IdleCollector
    from heron.ui.main_window import MainWindow
    from tests.bench.__main__ import LagProbe
    from tests.integration.parties import account_for, start_heron, stop_peer
    from tests.integration.rooms import create_room, start_occupant

    users = {name: secrets.token_urlsafe(12) for name in ("alice", "bob", "carol")}
    for name, password in users.items():
        server.register(name, password)
    alice = f"alice@{server.domain}"
    room = f"flood@conference.{server.domain}"
    bob = await start_occupant(server, f"bob@{server.domain}", users["bob"])
    await create_room(bob, room, "Bob")
    app = await start_heron(work / "profile", account_for(server, alice), users["alice"])
    window = MainWindow(app)
    window.resize(1100, 720)
    window.show()
    session = app.sessions[alice]
    await session.muc.join(room, "Alice")
    await window.open_conversation(alice, room)
    model = window.message_model
    assert model is not None
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.bench.room_flood", "--sender", f"carol@{server.domain}",
        users["carol"], room, str(server.c2s_port), str(server.ca_file), str(rate), str(seconds),
        cwd=str(ROOT), stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    assert proc.stdout is not None and proc.stdin is not None
    ready = await proc.stdout.readline()
    assert b"ready" in ready, ready
    await stop_peer(bob)  # the owner leaves: only Heron's own work on this loop from here
    await asyncio.sleep(1.0)
    collector = IdleCollector()  # as ui/runner.py does once the window is up
    if not no_gc_policy:
        collector.start(asyncio.get_running_loop())
    stored = {"n": 0}
    app.bus.subscribe(MessagesAdded, lambda e: stored.__setitem__(
        "n", stored["n"] + sum(1 for m in e.messages if m.peer == room)))
    times: list[float] = []
    loop = asyncio.get_running_loop()
    rss_before = rss_mb()
    try:
        probe = LagProbe()
        original = probe._tick

        def tick() -> None:  # the probe's own tick, and when it ran (for the slices)
            times.append(loop.time())
            original()

        probe._tick = tick  # type: ignore[method-assign]
        with probe, GcPauses() as pauses:
            t0 = loop.time()
            proc.stdin.write(b"go\n")
            await proc.stdin.drain()
            line = (await proc.stdout.readline()).split()
            sent, last_sent_at = int(line[1]), float(line[2])
            async with asyncio.timeout(120):
                while not (model.rowCount() and model.messages()[-1].body == LAST):
                    await asyncio.sleep(0.001)
            shown_at = time.time()
            async with asyncio.timeout(60):
                while stored["n"] < sent:
                    await asyncio.sleep(0.01)
            await asyncio.sleep(1.0)  # settling, still probed
        summary = probe.summary()
        rss_after = rss_mb()
        await proc.stdout.readline()  # "done"
        await proc.wait()
        return {"rate_per_s": rate, "seconds": seconds, "sent": sent, "stored": stored["n"],
                "model_rows": model.rowCount(),
                "last_sent_to_shown_ms": round((shown_at - last_sent_at) * 1000, 1),
                "rss_before_mb": round(rss_before, 1),
                "rss_growth_mb": round(rss_after - rss_before, 1),
                **{f"loop_lag_{k}": round(v, 2) for k, v in summary.items()},
                "gc_pauses_over_5ms": [{"generation": g, "ms": ms} for g, ms in pauses.long],
                "gc_policy": "off" if no_gc_policy else "idle full collections (core/gc_pauses.py)",
                "load_average_1min_after": round(os.getloadavg()[0], 2),
                "loop_lag_slices": slices(times, probe.lags, t0)}
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
        collector.stop()
        window.close()
        await app.close()


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--sender":
        a = sys.argv[2:]
        asyncio.run(sender(a[0], a[1], a[2], int(a[3]), a[4], int(a[5]), float(a[6])))
        return 0
    parser = argparse.ArgumentParser(prog="python -m tests.bench.room_flood")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--no-gc-policy", action="store_true",
                        help="leave the collector as CPython sets it (for a before/after)")
    args = parser.parse_args()
    from tests.bench.room_join import on_prosody

    result = on_prosody("heron-room-flood-", lambda server, work: flood_room(
        server, args.rate, args.seconds, work, args.no_gc_policy))
    print(json.dumps({"command": " ".join(["python", "-m", "tests.bench.room_flood",
                                           *sys.argv[1:]]),
                      "budget": "loop lag max 50 ms, p99 16 ms (overall and in every slice)",
                      **result}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
