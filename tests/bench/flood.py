"""A second process that sends N chat messages as fast as slixmpp can: the bench's other party.

    python -m tests.bench.flood JID PASSWORD TO N PORT CA_FILE
Prints "ready" after login, then "sent" once the server has processed every message.
"""

from __future__ import annotations

import asyncio
import sys

import slixmpp


async def main(jid: str, password: str, to: str, count: int, port: int, ca: str) -> None:
    client = slixmpp.ClientXMPP(f"{jid}/flood", password)
    client.ca_certs = ca  # type: ignore[assignment]
    client.enable_direct_tls = False
    client.register_plugin("xep_0199")
    started: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    client.add_event_handler("session_start", lambda _e: started.set_result(True))
    client.connect("127.0.0.1", port)
    await asyncio.wait_for(started, 20)
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # "go"
    for i in range(count):
        client.send_message(mto=slixmpp.JID(to), mbody=f"flood message {i} with some words",
                            mtype="chat")
        if i % 200 == 0:
            await asyncio.sleep(0)
    while not client.waiting_queue.empty():
        await asyncio.sleep(0.01)
    # The server handles one stream in order: once it answers this ping it has routed (stored,
    # archived) every message above, so the next phase starts on an idle server.
    await client.plugin["xep_0199"].ping(jid=slixmpp.JID(client.boundjid.domain), timeout=300)
    print("sent", flush=True)
    await client.disconnect(wait=2)


if __name__ == "__main__":
    a = sys.argv[1:]
    asyncio.run(main(a[0], a[1], a[2], int(a[3]), int(a[4]), a[5]))
