"""Bench: a file sent directly from one Heron session to another over In-Band Bytestreams
(Jingle File Transfer, 4 KB blocks) through the rig's Prosody on loopback: throughput, and the
peak growth of the process's resident memory (flat: both ends stream from and to disk).

    .venv/bin/python -m tests.bench.direct_file [--mb 100] [--out direct-file-report.json]

Prints a JSON report; nothing is asserted. Both sessions live in this one process, so the
memory figure covers the sender and the receiver together.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from heron.core.events import DirectFileEnded, DirectFileOffered
from heron.core.tasks import spawn
from heron.demo.prosody import LocalProsody
from tests.bench.files import measured, say
from tests.integration.heron_process import befriend
from tests.integration.parties import account_for, start_heron


async def run(megabytes: int, work: Path) -> dict[str, Any]:
    server = LocalProsody(work / "server")
    await asyncio.to_thread(server.prepare)
    server.launch()
    await asyncio.to_thread(server.wait_ready)
    try:
        users = [(server.register(name, f"{name}-pw"), f"{name}-pw") for name in ("alice", "bob")]
        await befriend(server, users[0], users[1])
        source = work / "big.bin"
        with source.open("wb") as sink:
            block = os.urandom(1024 * 1024)
            for _ in range(megabytes):
                sink.write(block)
        alice = await start_heron(work / "alice", account_for(server, users[0][0]), "alice-pw")
        bob = await start_heron(work / "bob", account_for(server, users[1][0]), "bob-pw")
        folder = work / "Downloads"
        folder.mkdir()
        ended: list[DirectFileEnded] = []
        done = asyncio.Event()
        bob_files = bob.sessions[users[1][0]].jingle_files

        def on_offer(event: DirectFileOffered) -> None:
            spawn(bob_files.accept(event.sid, folder), "accept the bench file")

        def on_end(event: DirectFileEnded) -> None:
            ended.append(event)
            done.set()

        bob.bus.subscribe(DirectFileOffered, on_offer)
        bob.bus.subscribe(DirectFileEnded, on_end)
        try:
            async def transfer() -> None:
                bob_jid = str(bob.sessions[users[1][0]].client.boundjid)
                await alice.sessions[users[0][0]].jingle_files.send(bob_jid, source)
                await done.wait()

            say(f"Heron to Heron over IBB: {megabytes} MB")
            seconds, rss = await measured(transfer)
            same = bool(ended) and ended[0].reason == "success" and \
                Path(ended[0].path).stat().st_size == source.stat().st_size
        finally:
            await alice.close()
            await bob.close()
    finally:
        server.stop()
    return {"file_mb": megabytes, "block_size": 4096,
            "mb_per_s": round(megabytes / seconds, 2), "seconds": round(seconds, 1),
            "rss_growth_mb": round(rss, 1), "received_intact": same,
            "ended": ended[0].reason if ended else "none"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="heron-bench-direct-") as tmp:
        report = asyncio.run(run(args.mb, Path(tmp)))
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
