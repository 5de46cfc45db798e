"""Bench: one message encrypted by Heron to a contact with many devices (issue 11): the time
for the first message (sessions built from the bundles) and per message after that, and the
event-loop lag meanwhile.

    .venv/bin/python -m tests.bench.omemo_fanout [--devices 20] [--messages 50]

Prints a JSON report; nothing is asserted. The contact's devices are python-omemo peers in this
process, one resource each (half legacy-only, half OMEMO-2-only), started before the clock.
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

from heron.crypto.omemo import OLDMEMO, TWOMEMO
from heron.demo.prosody import LocalProsody
from heron.xmpp.plugins import xep_0420 as sce
from tests.bench.__main__ import LagProbe
from tests.helpers import until
from tests.integration.omemo_peers import start_omemo_peer
from tests.integration.parties import account_for, start_heron, stop_peer


async def run(devices: int, messages: int, work: Path) -> dict[str, Any]:
    server = LocalProsody(work / "server")
    await asyncio.to_thread(server.prepare)
    server.launch()
    await asyncio.to_thread(server.wait_ready)
    peers: list[Any] = []
    try:
        alice = server.register("alice", "alice-pw")
        bob = server.register("bob", "bob-pw")
        app = await start_heron(work / "alice", account_for(server, alice), "alice-pw")
        session = app.sessions[alice]
        await until(session.omemo.ready.is_set, 60)
        for n in range(devices):
            kind = "legacy" if n % 2 else "omemo2"
            peers.append(await start_omemo_peer(server, bob, "bob-pw", kind, resource=f"d{n}"))
        manager = await session.omemo.manager()
        await session.omemo.plugin.refresh_device_lists({bob}, force_download=True)
        known = await manager.get_device_information(bob)

        async def encrypt(text: str) -> int:
            plaintexts = {TWOMEMO: sce.build([sce.body_element(text)], alice, bob),
                          OLDMEMO: text.encode()}
            out, _errors = await manager.encrypt(frozenset({bob}), plaintexts,
                                                 backend_priority_order=[TWOMEMO, OLDMEMO])
            return sum(1 for m in out for key, _x in m.keys if key.bare_jid == bob)

        with LagProbe() as lag:
            started = time.perf_counter()
            reached = await encrypt("the first")
            first = time.perf_counter() - started
            started = time.perf_counter()
            for n in range(messages):
                await encrypt(f"message {n}")
            steady = (time.perf_counter() - started) / messages
        await app.close()
        return {"devices_published": len(known), "devices_reached": reached,
                "first_message_ms": round(first * 1000, 1),
                "ms_per_message_after": round(steady * 1000, 2), "messages": messages,
                "loop_lag": lag.summary()}
    finally:
        for peer in peers:
            await stop_peer(peer.client)
        await asyncio.to_thread(server.stop)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, default=20)
    parser.add_argument("--messages", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        print(json.dumps(asyncio.run(run(args.devices, args.messages, Path(work))), indent=2))


if __name__ == "__main__":
    main()
