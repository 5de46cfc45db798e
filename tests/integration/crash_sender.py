"""A Heron core that sends one message and dies before it reads the server's ack.

``python -m tests.integration.crash_sender MODE PROFILE JID PASSWORD PORT CA PEER BODY``

MODE ``after-write``: the message's bytes are handed to the socket, then the process stops
itself (SIGSTOP) so it can never read the ack; the test SIGKILLs it once the peer has the
message. MODE ``before-write``: it SIGKILLs itself just before the bytes would be written.
Everything before that is Heron's real send path (stored in the outbox first, then sent).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

from heron.core.settings import AccountConfig
from tests.integration.parties import start_heron


async def main(mode: str, profile: str, jid: str, password: str, port: str, ca: str,
               peer: str, body: str) -> None:
    account = AccountConfig(jid=jid, host="127.0.0.1", port=int(port), ca_file=ca,
                            resource="heron")
    app = await start_heron(Path(profile), account, password)
    client = app.sessions[jid].client
    write = client.send_raw

    def send_raw(data: Any) -> None:
        if body in str(data):
            if mode == "before-write":
                os.kill(os.getpid(), signal.SIGKILL)
            write(data)
            print("written", flush=True)
            os.kill(os.getpid(), signal.SIGSTOP)
            return
        write(data)

    client.send_raw = send_raw  # type: ignore[method-assign]
    print("connected", flush=True)
    await app.sessions[jid].chat.send(peer, body)
    await asyncio.sleep(60)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:9]))
