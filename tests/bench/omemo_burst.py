"""Bench: a burst of OMEMO 2 messages decrypted by one Heron session (issue 11): the time per
message and the event-loop lag while they are decrypted and stored.

    .venv/bin/python -m tests.bench.omemo_burst [--count 200] [--namespace 2|legacy] [--stalls]

Prints a JSON report; nothing is asserted. The peer (a python-omemo client in this process)
encrypts the whole burst before the clock starts, then sends it at once. ``--stalls`` adds the
loop thread's stack during the longest stalls over 30 ms (stalls.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from heron.core.events import MessagesAdded
from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.demo.prosody import LocalProsody
from tests.bench.__main__ import LagProbe
from tests.bench.stalls import StallTracer
from tests.helpers import until
from tests.integration.omemo_peers import encrypted_stanza, start_omemo_peer
from tests.integration.parties import account_for, start_heron, stop_peer


async def run(count: int, namespace: str, work: Path, stalls: bool = False) -> dict[str, Any]:
    server = LocalProsody(work / "server")
    await asyncio.to_thread(server.prepare)
    server.launch()
    await asyncio.to_thread(server.wait_ready)
    try:
        alice = server.register("alice", "alice-pw")
        bob = server.register("bob", "bob-pw")
        app = await start_heron(work / "alice", account_for(server, alice), "alice-pw")
        session = app.sessions[alice]
        await until(session.omemo.ready.is_set, 60)
        peer = await start_omemo_peer(server, bob, "bob-pw", "both")
        # Bob's client shares this process and loop: it must not decrypt the empty messages
        # Heron answers key exchanges with, or its work would count as Heron's lag.
        peer.client.del_event_handler("message", peer._on_message)
        stored: list[Any] = []
        app.bus.subscribe(MessagesAdded, lambda e: stored.extend(e.messages))
        stanzas = [await encrypted_stanza(peer, alice, f"burst message {n}",
                                          namespace=namespace) for n in range(count)]
        with LagProbe() as lag, StallTracer(0.03 if stalls else 3600.0) as tracer:
            started = time.perf_counter()
            for n, stanza in enumerate(stanzas):
                stanza.send()
                if n % 50 == 49:  # Bob's sending shares the loop: not counted as Heron's lag
                    await asyncio.sleep(0)
            await until(lambda: len(stored) >= count, 600)
            elapsed = time.perf_counter() - started
        await stop_peer(peer.client)
        await app.close()
        return {"messages": count, "namespace": namespace, "seconds": round(elapsed, 3),
                "ms_per_message": round(1000 * elapsed / count, 2), "loop_lag": lag.summary(),
                **({"stalls": tracer.report()} if stalls else {})}
    finally:
        await asyncio.to_thread(server.stop)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--namespace", choices=("2", "legacy"), default="2")
    parser.add_argument("--stalls", action="store_true")
    args = parser.parse_args()
    namespace = TWOMEMO if args.namespace == "2" else OLDMEMO
    with tempfile.TemporaryDirectory() as work:
        report = asyncio.run(run(args.count, namespace, Path(work), args.stalls))
        print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
