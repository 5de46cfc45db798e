"""Starting Heron with 50 autojoin rooms bookmarked: time to the main window and to every room
joined, and event-loop lag meanwhile. JSON on stdout; nothing is asserted.

    .venv/bin/python -m tests.bench.room_startup [--rooms 50] [--runs 2]

Set-up, on the real Prosody: a second client (Bob) creates the rooms; a real client on Heron's
own account (the user's "phone") publishes one XEP-0402 bookmark with autojoin per room; the
account goes into the profile with `heron account add` (password in the test file keyring).
Each run spawns Heron as a subprocess that takes the real start-up path (``heron.__main__.main``,
as `python -m heron --profile DIR`), with a lag probe and a watcher added from outside app code
(a Qt timer queued before the loop starts). Measured: spawn to the main window shown (wall
clock; also the app's own "main window shown after" figure), window shown to all rooms joined,
loop lag max/p99 until the window is shown and while the rooms join. A bare PySide6 window in
the same run is the baseline of the start-up budget (DESIGN.md, "Performance budgets": under
0.4 s and within 2x the bare window; loop lag max 50 ms, p99 16 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
SHOWN = re.compile(r"main window shown after ([0-9.]+) s")


# --- the child: Heron's real start, probed ---------------------------------------------------

def child(profile: Path, account: str, rooms: int) -> int:
    """Run Heron's real start-up on ``profile``; print one JSON line once ``rooms`` are joined
    (or after 120 s), then close the way SIGTERM closes it."""
    spawned = float(os.environ.get("ROOM_BENCH_SPAWNED", "nan"))  # time.time() at spawn
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from heron.__main__ import main as heron_main
    from tests.bench.__main__ import LagProbe, percentile

    qt_app = QApplication(sys.argv)
    probe = LagProbe()
    tasks: list[asyncio.Future[None]] = []

    async def watch() -> None:
        loop = asyncio.get_running_loop()
        window: Any = None
        while window is None:
            window = next((w for w in qt_app.topLevelWidgets()
                           if type(w).__name__ == "MainWindow" and w.isVisible()), None)
            await asyncio.sleep(0.001)
        shown = time.time()
        at_shown = len(probe.lags)
        joined_at = float("nan")
        deadline = loop.time() + 120
        while loop.time() < deadline:
            session = window.app.sessions.get(account)
            muc = session.muc if session is not None else None
            if muc is not None and len(muc.joined()) >= rooms:
                joined_at = time.time()
                break
            await asyncio.sleep(0.005)
        probe.__exit__()
        session = window.app.sessions.get(account)
        count = len(session.muc.joined()) if session is not None and session.muc else 0
        before, after = probe.lags[:at_shown], probe.lags[at_shown:]
        print(json.dumps({
            "spawn_to_shown_s": shown - spawned, "shown_to_all_joined_s": joined_at - shown,
            "joined": count,
            "lag_to_shown": {"max_ms": max(before, default=0) * 1000,
                             "p99_ms": percentile(before, 0.99) * 1000},
            "lag_during_joins": {"max_ms": max(after, default=0) * 1000,
                                 "p99_ms": percentile(after, 0.99) * 1000,
                                 "samples": len(after)}}), flush=True)
        os.kill(os.getpid(), signal.SIGTERM)  # the runner's orderly close

    def first_turn() -> None:  # the qasync loop now runs: probe it and watch
        probe.__enter__()
        tasks.append(asyncio.ensure_future(watch()))

    QTimer.singleShot(0, first_turn)
    return heron_main(["--profile", str(profile)])  # as `python -m heron --profile DIR`


# --- the parent: the rig, the profile, the runs ----------------------------------------------

async def prepare(server: Any, rooms: int, work: Path,
                  env: dict[str, str]) -> tuple[str, Any]:
    from tests.integration.bookmark_parties import other_client, publish_bookmark
    from tests.integration.heron_process import add_account
    from tests.integration.parties import stop_peer
    from tests.integration.rooms import create_room, start_occupant

    users = {name: secrets.token_urlsafe(12) for name in ("alice", "bob")}
    for name, password in users.items():
        server.register(name, password)
    alice = f"alice@{server.domain}"
    bob = await start_occupant(server, f"bob@{server.domain}", users["bob"])
    phone = await other_client(server, alice, users["alice"])
    for i in range(rooms):
        room = f"room{i:02d}@conference.{server.domain}"
        await create_room(bob, room, "Bob")
        await publish_bookmark(phone, room, autojoin=True, nick="Alice", name=f"Room {i}")
    await stop_peer(phone)
    add_account(work / "profile", server, alice, users["alice"], env)
    # Bob stays in every room (so they live on), in this process, which only waits.
    return alice, bob


def run_once(work: Path, account: str, rooms: int, env: dict[str, str]) -> dict[str, Any]:
    from tests.bench.__main__ import BARE_QT, _spawn, _stop, _wait_for_stdout

    log = work / "profile" / "heron.log"
    log.unlink(missing_ok=True)
    started = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.bench.room_startup", "--child", str(work / "profile"),
         account, str(rooms)], cwd=ROOT, env={**env, "ROOM_BENCH_SPAWNED": str(started)},
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        line = next((x for x in proc.stdout if x.startswith("{")), "{}")
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    result: dict[str, Any] = json.loads(line)
    match = SHOWN.search(log.read_text(errors="ignore")) if log.exists() else None
    result["app_logged_shown_s"] = float(match.group(1)) if match else float("nan")
    t0 = time.perf_counter()
    bare = _spawn([sys.executable, "-c", BARE_QT])
    try:
        result["bare_pyside6_shown_s"] = _wait_for_stdout(bare, "shown", t0)
    finally:
        _stop(bare)
    return result


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
    parser = argparse.ArgumentParser(prog="python -m tests.bench.room_startup")
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    from heron.demo.prosody import LocalProsody
    from heron.ui.runner import cancel_leftovers
    from tests.integration.heron_process import heron_env
    from tests.integration.parties import stop_peer

    with tempfile.TemporaryDirectory(prefix="heron-room-startup-") as tmp:
        work = Path(tmp)
        env = heron_env(work)
        server = LocalProsody(work / "prosody")
        server.start()
        runs: list[dict[str, Any]] = []
        try:
            loop = asyncio.new_event_loop()
            account, bob = loop.run_until_complete(prepare(server, args.rooms, work, env))
            for _ in range(args.runs):
                # Bob's client stays connected and served here; the child is measured.
                runs.append(loop.run_until_complete(loop.run_in_executor(
                    None, run_once, work, account, args.rooms, env)))
                loop.run_until_complete(asyncio.sleep(2))  # the rooms see Alice leave
            loop.run_until_complete(stop_peer(bob))
            loop.run_until_complete(cancel_leftovers())
            loop.close()
        finally:
            server.stop()
    shown = statistics.median(r["spawn_to_shown_s"] for r in runs)
    bare = statistics.median(r["bare_pyside6_shown_s"] for r in runs)
    print(json.dumps({
        "command": " ".join(["python", "-m", "tests.bench.room_startup", *sys.argv[1:]]),
        "rooms": args.rooms,
        "budget": "start to main window under 0.4 s and within 2x a bare PySide6 window; "
                  "loop lag max 50 ms, p99 16 ms",
        "spawn_to_shown_median_s": round(shown, 3), "bare_pyside6_median_s": round(bare, 3),
        "startup_verdict": "meets" if shown <= 0.4 and shown <= 2 * bare else "misses",
        "load_average_1min_after": round(os.getloadavg()[0], 2),  # other work on the machine
        "runs": [{k: (round(v, 3) if isinstance(v, float) else
                      {kk: round(vv, 2) for kk, vv in v.items()} if isinstance(v, dict) else v)
                  for k, v in r.items()} for r in runs]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
