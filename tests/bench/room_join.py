"""Joining a room with 1,000 occupants in the real window: time to a usable room and event-loop
lag. The room is real (Prosody on loopback, created by a second client); the thousand other
occupants' presences are built from XML and go through Heron's real presence handler while the
join waits for the room's answer, as a room sends them before our own presence. JSON on stdout.

    .venv/bin/python -m tests.bench.room_join [--occupants 1000] [--per-read 50]

"Usable": the join returned, the room pane is open, its list shows every occupant and the
newest archived message is on screen. Before the measured join, the room's archive (MUC MAM) is
filled with ``--archived`` messages (10,000 by default, the issue's scenario): Bob, the room's
owner, sends them as fast as slixmpp writes, then pings his server (it handles one stream in
order, so the room has archived every one by the answer); Heron, joining, is asked for no room
history and reads the newest page from that archive (muc_history.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def fill_archive(bob: Any, room: str, count: int) -> float:
    """Bob says ``count`` messages in ``room``; returns the seconds until the server has them."""
    import slixmpp

    from tests.integration.rooms import say

    if "xep_0199" not in bob.plugin:
        bob.register_plugin("xep_0199")
    t0 = time.perf_counter()
    for i in range(count):
        say(bob, room, LAST if i == count - 1 else f"archived message {i} with some words")
        if i % 200 == 0:
            await asyncio.sleep(0)
    while not bob.waiting_queue.empty():
        await asyncio.sleep(0.01)
    await bob.plugin["xep_0199"].ping(jid=slixmpp.JID(bob.boundjid.domain), timeout=600)
    return time.perf_counter() - t0


LAST = "the newest archived message"


async def join_busy_room(server: Any, occupants: int, per_read: int, work: Path,
                         archived: int = 10_000) -> dict[str, Any]:
    from heron.ui.main_window import MainWindow
    from tests.bench.__main__ import LagProbe
    from tests.integration.parties import account_for, start_heron, stop_peer
    from tests.integration.rooms import create_room, start_occupant
    from tests.integration.test_room_storm import occupant_presence

    users = {name: secrets.token_urlsafe(12) for name in ("alice", "bob")}
    for name, password in users.items():
        server.register(name, password)
    alice = f"alice@{server.domain}"
    room = f"busy@conference.{server.domain}"
    bob = await start_occupant(server, f"bob@{server.domain}", users["bob"])
    await create_room(bob, room, "Bob")
    fill_s = await fill_archive(bob, room, archived) if archived else 0.0
    app = await start_heron(work / "profile", account_for(server, alice), users["alice"])
    window = MainWindow(app)
    window.resize(1100, 720)
    window.show()
    await asyncio.sleep(0.5)
    session = app.sessions[alice]
    client = session.client
    rss_before = rss_mb()
    try:
        with LagProbe() as probe:
            t0 = time.perf_counter()
            joining = asyncio.ensure_future(session.muc.join(room, "Alice"))
            while room not in session.muc.rooms:  # disco answered, the join presence is out
                await asyncio.sleep(0.001)
            for start in range(0, occupants, per_read):
                for i in range(start, min(start + per_read, occupants)):
                    client.event("presence", occupant_presence(client, room, f"guest{i:04d}"))
                await asyncio.sleep(0)  # one socket read's worth, then the loop runs
            await joining
            joined = time.perf_counter() - t0
            await window.open_conversation(alice, room)
            panel = window.conversation.room.panel
            model = window.message_model
            async with asyncio.timeout(30):
                while panel.model is None or len(panel.model.people()) < occupants + 2 or (
                        archived and not (model is not None and model.rowCount()
                                          and model.messages()[-1].body == LAST)):
                    await asyncio.sleep(0.005)
            usable = time.perf_counter() - t0
            rows = model.rowCount() if model is not None else 0
            await asyncio.sleep(0.5)  # the list and the pane settle, still probed
        return {"occupants": occupants + 2, "per_read": per_read, "archived": archived,
                "archive_fill_s": round(fill_s, 1), "rows_shown_after_join": rows,
                "join_returned_s": round(joined, 3), "time_to_usable_s": round(usable, 3),
                "rss_growth_mb": round(rss_mb() - rss_before, 1),
                **{f"loop_lag_{k}": round(v, 2) for k, v in probe.summary().items()}}
    finally:
        window.close()
        await stop_peer(bob)
        await app.close()


def on_prosody(prefix: str,
               scenario: Callable[[Any, Path], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
    """``scenario(server, work folder)`` on a qasync loop beside a throw-away Prosody."""
    import qasync
    from PySide6.QtWidgets import QApplication

    from heron.demo.prosody import LocalProsody
    from heron.ui.runner import cancel_leftovers

    qt_app = QApplication.instance() or QApplication(sys.argv)
    qt_app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(qt_app)
    asyncio.set_event_loop(loop)
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        server = LocalProsody(Path(tmp) / "prosody")
        server.start()
        try:
            result = loop.run_until_complete(scenario(server, Path(tmp)))
        finally:
            server.stop()
        loop.run_until_complete(cancel_leftovers())
    return result


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.room_join")
    parser.add_argument("--occupants", type=int, default=1000)
    parser.add_argument("--per-read", type=int, default=50)
    parser.add_argument("--archived", type=int, default=10_000)
    args = parser.parse_args()
    result = on_prosody("heron-room-bench-", lambda server, work: join_busy_room(
        server, args.occupants, args.per_read, work, args.archived))
    print(json.dumps({"command": " ".join(["python", "-m", "tests.bench.room_join",
                                           *sys.argv[1:]]),
                      "budget": "loop lag max 50 ms, p99 16 ms", **result}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
