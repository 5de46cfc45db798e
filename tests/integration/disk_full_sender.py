"""Heron on a real full disk: run inside a private mount namespace on a small tmpfs.

``unshare [-r] -m sh -c 'mount -t tmpfs -o size=2m tmpfs DIR && exec python -m
tests.integration.disk_full_sender DIR JID PASSWORD PORT CA PEER'``

It connects, fills the disk, then tells the test what happened, one JSON line per step, and
waits for the test's "go" (stdin) before freeing the space:

- ``full``: the send of a typed message returned False, with the published error kinds
- ``stored``: after the space was freed, what the database holds of the conversation
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from heron.core.events import ErrorReported
from heron.core.settings import AccountConfig
from tests.helpers import until
from tests.integration.parties import start_heron

TYPED = "typed on a full disk"


def _fill(folder: Path) -> Path:
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 4096)
        except OSError:  # ENOSPC: the disk is full
            pass
    return filler


async def _line() -> str:
    return await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)


def _say(**step: object) -> None:
    print(json.dumps(step), flush=True)


async def main(folder: str, jid: str, password: str, port: str, ca: str, peer: str) -> None:
    account = AccountConfig(jid=jid, host="127.0.0.1", port=int(port), ca_file=ca,
                            resource="heron")
    app = await start_heron(Path(folder) / "profile", account, password)
    errors: list[ErrorReported] = []
    app.bus.subscribe(ErrorReported, errors.append)
    session = app.sessions[jid]
    filler = _fill(Path(folder))
    sent = await session.chat.send(peer, TYPED)
    _say(step="full", sent=sent,
         kinds=[e.error.kind.value for e in errors if e.error is not None])
    await _line()  # the peer writes to us meanwhile; the pipeline cannot store it
    await until(lambda: app.pipeline.failing, 10)
    filler.unlink()
    _say(step="freed", pipeline_failing=app.pipeline.failing)
    sent = await session.chat.send(peer, TYPED)  # the user presses Enter again
    await until(lambda: not app.pipeline.failing, 15)
    rows = await app.repos.messages.page_before(jid, peer, None, 10)
    _say(step="stored", sent=sent, rows=[[m.direction.value, m.body] for m in rows])
    await _line()
    await app.close()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:7]))
