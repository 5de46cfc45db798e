"""Shared pieces of the file tests: a peer that uploads and sends like Conversations, reading
over https with the rig's CA, and waiting for a file's state."""

from __future__ import annotations

import random
import ssl
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp

from heron.core.file_events import FileChanged, FileState, FileTransfer
from heron.xmpp.services import oob, upload
from tests.helpers import until
from tests.integration.parties import Peer, account_for, start_heron, start_peer, stop_peer


def rig_ssl(server: Any) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(server.ca_file))


async def fetch(server: Any, url: str) -> bytes:
    async with aiohttp.ClientSession() as http, http.get(url, ssl=rig_ssl(server)) as response:
        assert response.status == 200
        return await response.read()


async def peer_upload(server: Any, peer: Any, name: str, data: bytes,
                      mime: str = "application/octet-stream") -> str:
    """The peer asks its server for a slot and PUTs ``data``: the file's https address."""
    slot = await upload.request_slot(peer, f"upload.{server.domain}", name, len(data), mime)
    async with aiohttp.ClientSession() as http, http.put(
            slot.put_url, data=data, ssl=rig_ssl(server),
            headers={**slot.headers, "Content-Type": mime}) as response:
        assert response.status in (200, 201)
    return slot.get_url


def send_file_message(peer: Any, to: str, url: str, *, with_oob: bool = True) -> None:
    """What Conversations sends for a file: the address as body, and again as OOB data."""
    msg = peer.make_message(mto=to, mbody=url, mtype="chat")
    if with_oob:
        oob.add(msg.xml, url)
    msg.send()


class FileWatch:
    """The latest FileTransfer the bus announced, per message."""

    def __init__(self, app: Any) -> None:
        self.latest: dict[int, FileTransfer] = {}
        self.history: list[FileTransfer] = []
        app.bus.subscribe(FileChanged, self._on_changed)

    def _on_changed(self, event: FileChanged) -> None:
        self.latest[event.transfer.message_pk] = event.transfer
        self.history.append(event.transfer)

    async def state(self, pk: int, state: FileState, timeout: float = 20) -> FileTransfer:
        await until(lambda: pk in self.latest and self.latest[pk].state is state, timeout)
        return self.latest[pk]


def write_file(path: Path, size: int) -> bytes:
    data = random.Random(size).randbytes(size)  # noqa: S311  test data, not secrets
    path.write_bytes(data)
    return data


@asynccontextmanager
async def heron_and_peer(server: Any, make_user: Callable[[], tuple[str, str]],
                         tmp_path: Path) -> AsyncIterator[tuple[Any, Peer, FileWatch]]:
    """Heron signed in as a new user, a second real client as another, and a FileWatch."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    peer = await start_peer(server, bob, bob_pw)
    try:
        yield app, peer, FileWatch(app)
    finally:
        await stop_peer(peer)
        await app.close()
