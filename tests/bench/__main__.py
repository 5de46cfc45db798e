"""Heron's benchmark: one command, one JSON report against the budgets of DESIGN.md.

    .venv/bin/python -m tests.bench [--quick] [--scale S] [--out bench-report.json]

Every figure is measured in this run, next to its baseline (bare PySide6, bare slixmpp) where the
budget is relative. Timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

ROOT = Path(__file__).resolve().parents[2]
BUDGETS = {
    "startup_to_window_s": 0.5,
    "rss_after_10s_mb": 120.0,
    "live_ingest_ratio_vs_slixmpp": 1.5,
    "offline_burst_msgs_per_s": 2000.0,
    "open_conversation_first_paint_ms": 100.0,
    "fts_first_page_ms": 100.0,
    "roster_filter_keystroke_ms": 16.0,
    "loop_lag_max_ms": 50.0,
    "loop_lag_p99_ms": 16.0,
}


def metric(name: str, value: float, unit: str, lower_is_better: bool = True,
           **extra: Any) -> dict[str, Any]:
    budget = BUDGETS.get(name)
    verdict = "n/a"
    if budget is not None:
        meets = value <= budget if lower_is_better else value >= budget
        verdict = "meets" if meets else "misses"
    return {"metric": name, "value": round(value, 4), "unit": unit, "budget": budget,
            "verdict": verdict, **extra}


# --- start-up --------------------------------------------------------------------------------

BARE_QT = """
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1100, 720); w.show()
app.processEvents()
print("shown", flush=True)
time.sleep(30)
"""


def _prepare_profile(directory: Path, contacts: int) -> None:
    sys.path.insert(0, str(ROOT / "app"))
    from heron.core.events import RosterEntry
    from heron.core.settings import AccountConfig, SettingsStore
    from heron.storage.db import Database
    from heron.storage.repos.roster import RosterRepo

    store = SettingsStore(directory / "settings.json")
    settings = store.load()
    # A dead port: start-up is measured without the network.
    settings.put_account(AccountConfig(jid="bench@localhost", host="127.0.0.1", port=9))
    store.save(settings)
    db = Database(directory / "heron.sqlite3")
    db.open_blocking()
    repo = RosterRepo(db)
    entries = [RosterEntry(f"contact{i}@example.org", f"Contact {i}", (f"Group {i % 12}",),
                           "both") for i in range(contacts)]
    db.run_blocking(lambda c: None)

    async def fill() -> None:
        await repo.replace_all("bench@localhost", entries)

    asyncio.run(_with_db(db, fill))


async def _with_db(db: Any, fn: Callable[[], Awaitable[None]]) -> None:
    await fn()
    await db.close()


def _time_until_line(cmd: list[str], marker_file: Path | None, marker: str,
                     rss_after: float = 0.0) -> tuple[float, float]:
    """Spawn ``cmd``; seconds until ``marker`` shows (in stdout or a file); RSS (MB) later."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    elapsed = float("nan")
    try:
        deadline = t0 + 60
        while time.perf_counter() < deadline:
            if marker_file is None:
                line = proc.stdout.readline() if proc.stdout else ""
                if marker in line:
                    elapsed = time.perf_counter() - t0
                    break
            else:
                if marker_file.exists() and marker in marker_file.read_text(errors="ignore"):
                    elapsed = time.perf_counter() - t0
                    break
                time.sleep(0.003)
        rss = 0.0
        if rss_after:
            time.sleep(max(0.0, rss_after - (time.perf_counter() - t0)))
            rss = psutil.Process(proc.pid).memory_info().rss / 1e6
        return elapsed, rss
    finally:
        proc.kill()
        proc.wait()


def bench_startup(contacts: int, runs: int) -> list[dict[str, Any]]:
    heron_times, bare_times, rss = [], [], 0.0
    for i in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            profile = Path(tmp)
            _prepare_profile(profile, contacts)
            log = profile / "heron.log"
            t, r = _time_until_line([sys.executable, "-m", "heron", "--profile", str(profile)],
                                    log, "main window shown", rss_after=10.0 if i == 0 else 0)
            heron_times.append(t)
            rss = r or rss
        t, _ = _time_until_line([sys.executable, "-c", BARE_QT], None, "shown")
        bare_times.append(t)
    return [
        metric("startup_to_window_s", statistics.median(heron_times), "s",
               baseline_bare_pyside6_s=round(statistics.median(bare_times), 4),
               contacts=contacts, runs=runs),
        metric("rss_after_10s_mb", rss, "MB"),
    ]


# --- in-process benches (qasync loop) -----------------------------------------------------------


class LagProbe:
    """A 5 ms timer; how late it fires is the event-loop lag."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            t = loop.time()
            await asyncio.sleep(0.005)
            self.lags.append(max(0.0, loop.time() - t - 0.005))

    def __enter__(self) -> LagProbe:
        self._task = asyncio.ensure_future(self._run())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task:
            self._task.cancel()

    def summary(self) -> tuple[float, float]:
        if not self.lags:
            return 0.0, 0.0
        ordered = sorted(self.lags)
        return ordered[-1] * 1000, ordered[int(len(ordered) * 0.99) - 1] * 1000


async def _flood(server: Any, sender: tuple[str, str], to: str, count: int) -> Any:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.bench.flood", sender[0], sender[1], to, str(count),
        str(server.c2s_port), str(server.ca_file), cwd=str(ROOT),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    assert proc.stdout is not None
    line = await proc.stdout.readline()
    assert b"ready" in line, line
    return proc


async def _go(proc: Any) -> None:
    proc.stdin.write(b"go\n")
    await proc.stdin.drain()


async def _bare_receiver(server: Any, jid: str, pw: str) -> Any:
    import slixmpp

    client = slixmpp.ClientXMPP(f"{jid}/bare", pw)
    client.ca_certs = str(server.ca_file)  # type: ignore[assignment]
    client.enable_direct_tls = False
    client.count = 0  # type: ignore[attr-defined]

    def on_message(msg: Any) -> None:
        if msg["body"]:
            client.count += 1  # type: ignore[attr-defined]

    client.add_event_handler("message", on_message)
    started: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    client.add_event_handler("session_start", lambda _e: started.done() or started.set_result(True))
    client.connect("127.0.0.1", server.c2s_port)
    await asyncio.wait_for(started, 20)
    client.send_presence()
    return client


async def _wait(pred: Callable[[], bool], timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not pred():
        if time.perf_counter() > deadline:
            raise TimeoutError
        await asyncio.sleep(0.005)


async def bench_ingest(server: Any, count: int, work: Path) -> list[dict[str, Any]]:
    from heron.application import Heron
    from heron.core.events import ConnectionState, MessagesAdded
    from heron.core.paths import ProfilePaths
    from heron.core.settings import AccountConfig
    from heron.ui.main_window import MainWindow

    def user(name: str) -> tuple[str, str]:
        pw = f"{name}-pw"
        return server.register(f"{name}{os.getpid()}", pw), pw

    sender = user("sender")
    bare = user("bare")
    heron_user = user("heron")
    results: list[dict[str, Any]] = []

    # Baseline: bare slixmpp receiving the live flood.
    receiver = await _bare_receiver(server, *bare)
    proc = await _flood(server, sender, bare[0], count)
    t0 = time.perf_counter()
    await _go(proc)
    await _wait(lambda: receiver.count >= count, 300)
    bare_live = time.perf_counter() - t0
    await proc.wait()
    await receiver.disconnect(wait=1)

    # Heron receiving the same flood, with the conversation open in the window.
    app = Heron(ProfilePaths(work / "live"))
    await app.open()
    app.save_account(AccountConfig(jid=heron_user[0], host="127.0.0.1", port=server.c2s_port,
                                   ca_file=str(server.ca_file)), None)
    app.passwords.remember_for_session(*heron_user)
    window = MainWindow(app)
    window.show()
    app.start_account(heron_user[0])
    session = app.sessions[heron_user[0]]
    await _wait(lambda: session.connection.state is ConnectionState.CONNECTED, 20)
    await window.open_conversation(heron_user[0], sender[0])
    stored = {"n": 0}
    app.bus.subscribe(MessagesAdded, lambda e: stored.__setitem__(
        "n", stored["n"] + len(e.messages)))
    proc = await _flood(server, sender, heron_user[0], count)
    with LagProbe() as lag:
        t0 = time.perf_counter()
        await _go(proc)
        model = window.message_model
        assert model is not None
        await _wait(lambda: stored["n"] >= count and model.rowCount() >= count, 300)
        heron_live = time.perf_counter() - t0
    await proc.wait()
    live_lag = lag.summary()
    results.append(metric("live_ingest_ratio_vs_slixmpp", heron_live / bare_live, "x",
                          heron_s=round(heron_live, 3), bare_slixmpp_s=round(bare_live, 3),
                          messages=count))
    await app.close()
    window.close()

    # Offline burst: the flood arrives while the receiver is offline.
    bare2 = user("bareoff")
    heron2 = user("heronoff")
    for target in (bare2[0], heron2[0]):
        proc = await _flood(server, sender, target, count)
        await _go(proc)
        await proc.wait()
    t0 = time.perf_counter()  # both sides are timed from the start of their login
    receiver = await _bare_receiver(server, *bare2)
    await _wait(lambda: receiver.count >= count, 300)
    bare_off = time.perf_counter() - t0
    await receiver.disconnect(wait=1)

    app = Heron(ProfilePaths(work / "offline"))
    await app.open()
    app.save_account(AccountConfig(jid=heron2[0], host="127.0.0.1", port=server.c2s_port,
                                   ca_file=str(server.ca_file)), None)
    app.passwords.remember_for_session(*heron2)
    stored = {"n": 0}
    app.bus.subscribe(MessagesAdded, lambda e: stored.__setitem__(
        "n", stored["n"] + len(e.messages)))
    with LagProbe() as lag:
        t0 = time.perf_counter()
        app.start_account(heron2[0])
        await _wait(lambda: stored["n"] >= count, 300)
        heron_off = time.perf_counter() - t0
    off_lag = lag.summary()
    await app.close()
    results.append(metric("offline_burst_msgs_per_s", count / heron_off, "msg/s",
                          lower_is_better=False, heron_s=round(heron_off, 3),
                          bare_slixmpp_s=round(bare_off, 3),
                          bare_slixmpp_msgs_per_s=round(count / bare_off, 1), messages=count,
                          note="login to all stored; offline delivery plus MAM catch-up"))
    results.append(metric("loop_lag_max_ms", max(live_lag[0], off_lag[0]), "ms",
                          live=round(live_lag[0], 2), offline=round(off_lag[0], 2)))
    results.append(metric("loop_lag_p99_ms", max(live_lag[1], off_lag[1]), "ms",
                          live=round(live_lag[1], 2), offline=round(off_lag[1], 2)))
    return results


async def _fill(repo: Any, account: str, peers: list[str], total: int) -> None:
    from heron.core.events import Direction, NewMessage

    words = ("heron", "river", "message", "archive", "window", "server", "coffee", "tomorrow",
             "meeting", "photo", "train", "garden", "music", "office", "weekend", "idea")
    base = time.time() - total
    batch: list[NewMessage] = []
    for i in range(total):
        body = " ".join(words[(i * k + k) % len(words)] for k in range(1, 9)) + f" #{i}"
        batch.append(NewMessage(account, peers[i % len(peers)],
                                Direction.INCOMING if i % 3 else Direction.OUTGOING, body,
                                base + i, origin_id=f"b{i}"))
        if len(batch) == 10_000:
            await repo.add_many(batch)
            batch = []
    if batch:
        await repo.add_many(batch)


async def bench_storage(conversation: int, fts_total: int, roster_size: int,
                        work: Path) -> list[dict[str, Any]]:
    from PySide6.QtWidgets import QApplication

    from heron.application import Heron
    from heron.core.events import RosterEntry
    from heron.core.paths import ProfilePaths
    from heron.ui.main_window import MainWindow

    app = Heron(ProfilePaths(work / "storage"))
    await app.open()
    account, peer = "bench@localhost", "long@example.org"
    t0 = time.perf_counter()
    await _fill(app.repos.messages, account, [peer], conversation)
    fill_conv = time.perf_counter() - t0
    window = MainWindow(app)
    window.resize(1100, 720)
    window.show()
    QApplication.processEvents()
    t0 = time.perf_counter()
    await window.open_conversation(account, peer)
    window.message_view.viewport().repaint()
    QApplication.processEvents()
    open_ms = (time.perf_counter() - t0) * 1000
    results = [metric("open_conversation_first_paint_ms", open_ms, "ms",
                      stored_messages=conversation, fill_s=round(fill_conv, 2))]

    others = [f"peer{i}@example.org" for i in range(50)]
    t0 = time.perf_counter()
    await _fill(app.repos.messages, account, others, max(0, fts_total - conversation))
    fill_all = time.perf_counter() - t0
    timings = []
    for query in ("coffee tomorrow", "garden", "photo music", "nothingmatches"):
        t0 = time.perf_counter()
        await app.repos.messages.search(account, query, limit=50)
        timings.append((time.perf_counter() - t0) * 1000)
    results.append(metric("fts_first_page_ms", statistics.median(timings), "ms",
                          stored_messages=fts_total, worst_ms=round(max(timings), 2),
                          fill_s=round(fill_all, 2),
                          fill_msgs_per_s=round(max(1, fts_total - conversation) / fill_all, 1)))

    nicknames = ("ada", "bob", "eve")
    entries = [RosterEntry(f"user{i}@example.org", f"Contact {i:05d} {nicknames[i % 3]}",
                           (f"Group {i % 20}",), "both") for i in range(roster_size)]
    t0 = time.perf_counter()
    window.roster_model.load(account, entries)
    QApplication.processEvents()
    load_ms = (time.perf_counter() - t0) * 1000
    keystrokes = []
    text = ""
    for ch in "contact 0042":
        text += ch
        t0 = time.perf_counter()
        window.roster_filter.setText(text)
        window.roster_view.viewport().repaint()
        QApplication.processEvents()
        keystrokes.append((time.perf_counter() - t0) * 1000)
    results.append(metric("roster_filter_keystroke_ms", max(keystrokes), "ms",
                          median_ms=round(statistics.median(keystrokes), 3),
                          contacts=roster_size, model_load_ms=round(load_ms, 2)))
    window.close()
    await app.close()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one start-up run")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size")
    parser.add_argument("--out", type=Path, default=Path("bench-report.json"))
    args = parser.parse_args()
    scale = args.scale * (0.1 if args.quick else 1.0)
    sizes = {
        "contacts_startup": max(20, int(2000 * scale)),
        "messages": max(50, int(5000 * scale)),
        "conversation": max(500, int(100_000 * scale)),
        "fts": max(1000, int(1_000_000 * scale)),
        "roster": max(50, int(5000 * scale)),
    }
    runs = 1 if args.quick or scale < 1 else 3
    sys.path.insert(0, str(ROOT / "app"))
    sys.path.insert(0, str(ROOT))
    report: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "sizes": sizes, "scale": scale, "metrics": [],
    }
    report["metrics"] += bench_startup(sizes["contacts_startup"], runs)

    import qasync
    from PySide6.QtWidgets import QApplication

    from heron.demo.prosody import LocalProsody

    qt_app = QApplication.instance() or QApplication(sys.argv)
    qt_app.setQuitOnLastWindowClosed(False)  # closing one bench window must not stop the loop
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        server = LocalProsody(work / "prosody")
        server.start()
        try:
            report["metrics"] += loop.run_until_complete(
                bench_ingest(server, sizes["messages"], work))
        finally:
            server.stop()
        report["metrics"] += loop.run_until_complete(
            bench_storage(sizes["conversation"], sizes["fts"], sizes["roster"], work))
    text = json.dumps(report, indent=2)
    args.out.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
