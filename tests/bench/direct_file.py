"""Bench: a file sent directly from one Heron session to another through the rig's Prosody on
loopback, over a WebRTC data channel (XEP-0343, 16 KB messages) and over In-Band Bytestreams
(XEP-0261, 4 KB blocks): throughput, and the peak growth of the process's resident memory
(flat: both ends stream from and to disk).

    .venv/bin/python -m tests.bench.direct_file [--mb 100] [--transport both|datachannel|ibb]
        [--out direct-file-report.json]

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
from heron.xmpp.services import jingle_files
from tests.bench.files import measured, say
from tests.integration.heron_process import befriend
from tests.integration.parties import account_for, start_heron


async def run(megabytes: int, work: Path, transport: str) -> dict[str, Any]:
    jingle_files.DATACHANNEL = transport == "datachannel"
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
                files = alice.sessions[users[0][0]].jingle_files
                bob_jid = await files.device_for(users[1][0])  # learns what it takes
                await files.send(bob_jid, source)
                await done.wait()

            say(f"Heron to Heron over {transport}: {megabytes} MB")
            seconds, rss = await measured(transfer)
            same = bool(ended) and ended[0].reason == "success" and \
                Path(ended[0].path).stat().st_size == source.stat().st_size
        finally:
            await alice.close()
            await bob.close()
    finally:
        server.stop()
    return {"transport": transport, "file_mb": megabytes,
            "mb_per_s": round(megabytes / seconds, 2), "seconds": round(seconds, 1),
            "rss_growth_mb": round(rss, 1), "received_intact": same,
            "ended": ended[0].reason if ended else "none"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=100)
    parser.add_argument("--transport", choices=("both", "datachannel", "ibb"), default="both")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    import aioice.ice  # the data channel's ICE: 127.0.0.1 too (STACK-NOTES §6)

    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]
    report = []
    for transport in ("datachannel", "ibb") if args.transport == "both" else (args.transport,):
        with tempfile.TemporaryDirectory(prefix="heron-bench-direct-") as tmp:
            report.append(asyncio.run(run(args.mb, Path(tmp), transport)))
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
