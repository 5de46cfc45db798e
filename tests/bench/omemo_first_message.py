"""Bench: how long a message waits for OMEMO's decision right after login (issue 11).

    .venv/bin/python -m tests.bench.omemo_first_message [--rounds 5]

Each round logs a Heron account in (a fresh profile, then the same profile again: a restart)
and sends at once, as soon as the session is set up, to a contact without OMEMO (a plain
slixmpp client) or, with another account, to one with OMEMO (a python-omemo client speaking
both versions); then once more in steady state, after OMEMO has started. Each figure is the
time from ``chat.send`` to the contact's client holding the message (decrypted, for the OMEMO
contact). OMEMO's modules are imported already in this process (the peers use them): a real
first start also waits for their import (about 0.9 s), before the change as well.
Prints a JSON report with the median and the worst of each; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from heron.application import Heron
from heron.demo.prosody import LocalProsody
from tests.helpers import until
from tests.integration.omemo_peers import OmemoPeer, start_omemo_peer
from tests.integration.parties import Peer, account_for, start_heron, start_peer, stop_peer


async def _time_to(app: Heron, me: str, peer: str, text: str, arrived: Any) -> float:
    started = time.perf_counter()
    assert await app.sessions[me].chat.send(peer, text)
    await until(lambda: arrived(text), 60)
    return time.perf_counter() - started


def _plain_has(client: Peer) -> Any:
    return lambda text: text in client.bodies()


def _omemo_has(peer: OmemoPeer) -> Any:
    return lambda text: any(t == text for _ns, t in peer.decrypted)


async def _round(server: LocalProsody, n: int, work: Path) -> dict[str, float]:
    plain = await start_peer(server, server.register(f"bob{n}", "pw"), "pw")
    omemo = await start_omemo_peer(server, server.register(f"carol{n}", "pw"), "pw", "both")
    contacts = {"no_omemo": (plain.boundjid.bare, _plain_has(plain)),
                "omemo_contact": (omemo.client.boundjid.bare, _omemo_has(omemo))}
    figures: dict[str, float] = {}
    try:
        for first, (peer, arrived) in contacts.items():  # each is once written to first
            alice = server.register(f"alice{n}{first}", "pw")
            for start in ("fresh_profile", "restart"):
                app = await start_heron(work / f"alice{n}{first}", account_for(server, alice),
                                        "pw")
                try:
                    figures[f"{start}_{first}_first_s"] = await _time_to(
                        app, alice, peer, f"{start} {first} first", arrived)
                    await until(app.sessions[alice].omemo.ready.is_set, 60)
                    figures[f"{start}_{first}_steady_s"] = await _time_to(
                        app, alice, peer, f"{start} {first} again", arrived)
                finally:
                    await app.close()
    finally:
        await stop_peer(plain)
        await stop_peer(omemo.client)
    return figures


async def run(rounds: int, work: Path) -> dict[str, Any]:
    server = LocalProsody(work / "server")
    await asyncio.to_thread(server.prepare)
    server.launch()
    await asyncio.to_thread(server.wait_ready)
    try:
        results = [await _round(server, n, work) for n in range(rounds)]
    finally:
        await asyncio.to_thread(server.stop)
    report: dict[str, Any] = {"rounds": rounds}
    for name in results[0]:
        values = [r[name] for r in results]
        report[name] = {"median": round(statistics.median(values), 3),
                        "max": round(max(values), 3)}
    return report


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        print(json.dumps(asyncio.run(run(args.rounds, Path(work))), indent=2))


if __name__ == "__main__":
    main()
