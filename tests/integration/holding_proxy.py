"""A TLS proxy on loopback between Heron and the real test server that can hold the server's
answers: a test then decides exactly when Heron reads them, without touching Heron's code.

Heron connects with Direct TLS (XEP-0368) to the proxy, which presents the rig's own
certificate (so Heron validates it as it validates the server), and the proxy connects with
Direct TLS to the server. Both directions are plain XML inside the proxy. From the first
client chunk that matches ``hold_from``, every byte the server sends is held; when the client's
``</stream:stream>`` passes, the held bytes are released to Heron (a reply that arrives after
the close began), and the client's end of stream follows to the server ``end_delay`` seconds
later, so Heron's stream stays open while it reads them.

When the server closes the connection while its bytes are held, they go to Heron in one
write just before the proxy closes Heron's side too (a large read that ends the stream).

``late_answer``: the server's answer to the first client ``<iq/>`` that matches (the pattern's
first group is its id) reaches Heron ``late_by`` seconds late; everything else flows.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl

from heron.core.settings import AccountConfig
from heron.demo.rig import RigServer
from tests.integration.parties import account_for

STREAM_END = b"</stream:stream>"
CHUNK = 65536


class HoldingProxy:
    def __init__(self, server: RigServer, hold_from: re.Pattern[bytes] | None = None,
                 end_delay: float = 0.5, late_answer: re.Pattern[bytes] | None = None,
                 late_by: float = 0.0) -> None:
        self.server = server
        self.hold_from = hold_from
        self.end_delay = end_delay
        self.late_answer = late_answer
        self.late_by = late_by
        self.late_id = b""  # the id of the question whose answer is late, once asked
        self.late_sent = False  # that answer has reached Heron
        self.port = 0
        self.holding = False  # the server's bytes are held now
        self.held = b""  # everything the server sent while held (released or not)
        self.released = False  # the held bytes went to Heron after its end of stream
        self._listener: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._writers: list[asyncio.StreamWriter] = []

    async def start(self) -> None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.server.cert_file, self.server.key_file)
        self._listener = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=context)
        self.port = int(self._listener.sockets[0].getsockname()[1])

    def account(self, jid: str) -> AccountConfig:
        """The account ``jid`` as Heron reaches it through this proxy (Direct TLS)."""
        return account_for(self.server, jid, port=self.port, direct_tls=True)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for writer in self._writers:
            writer.close()
        if self._listener is not None:
            self._listener.close()
            await self._listener.wait_closed()

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        upstream = ssl.create_default_context(cafile=str(self.server.ca_file))
        server_r, server_w = await asyncio.open_connection(
            "127.0.0.1", self.server.c2s_tls_port, ssl=upstream,
            server_hostname=self.server.domain)
        self._writers += [client_w, server_w]
        for pump in (self._from_client(client_r, server_w, client_w),
                     self._from_server(server_r, client_w)):
            task = asyncio.create_task(pump)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _from_client(self, reader: asyncio.StreamReader, server_w: asyncio.StreamWriter,
                           client_w: asyncio.StreamWriter) -> None:
        tail = b""  # the end of what came before: a pattern may span two chunks
        while chunk := await reader.read(CHUNK):
            seen = tail + chunk
            tail = seen[-512:]
            if self.hold_from is not None and not self.holding and not self.released \
                    and self.hold_from.search(seen):
                self.holding = True  # before the question reaches the server
            if self.late_answer is not None and not self.late_id \
                    and (asked := self.late_answer.search(chunk)):  # a new question
                self.late_id = asked.group(1)
            if self.holding and STREAM_END in seen:
                self.holding, self.released = False, True
                client_w.write(self.held)
                await client_w.drain()
                await asyncio.sleep(self.end_delay)
            server_w.write(chunk)
            await server_w.drain()
        with contextlib.suppress(OSError):
            server_w.close()

    async def _from_server(self, reader: asyncio.StreamReader,
                           client_w: asyncio.StreamWriter) -> None:
        while chunk := await reader.read(CHUNK):
            if self.holding:
                self.held += chunk
                continue
            chunk = self._delay_answer(chunk, client_w)
            client_w.write(chunk)
            await client_w.drain()
        if self.holding:  # the server closed: what it said goes to Heron at once, then the end
            self.holding, self.released = False, True
            client_w.write(self.held)
        with contextlib.suppress(OSError):
            client_w.close()

    def _delay_answer(self, chunk: bytes, client_w: asyncio.StreamWriter) -> bytes:
        """``chunk`` without the late answer, which goes to Heron ``late_by`` seconds later."""
        if not self.late_id or self.late_sent:
            return chunk
        answer = re.search(rb"<iq\b[^>]*\bid=['\"]" + re.escape(self.late_id)
                           + rb"['\"][^>]*?(?:/>|>.*?</iq>)", chunk, re.DOTALL)
        if answer is None:
            return chunk

        def send_late() -> None:
            self.late_sent = True
            client_w.write(answer.group(0))

        asyncio.get_running_loop().call_later(self.late_by, send_late)
        return chunk[:answer.start()] + chunk[answer.end():]
