"""Real parties for integration tests: a Heron core session and plain slixmpp peers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import slixmpp

from heron.application import Heron
from heron.core.events import ConnectionChanged, ConnectionState
from heron.core.paths import ProfilePaths
from heron.core.settings import AccountConfig
from heron.demo.rig import RigServer
from tests.helpers import until

T = TypeVar("T")

#: For tests of ``heron --demo``: it brings its own Prosody, so on another test server they
#: would only run again against Prosody.
DEMO_ONLY_ON_PROSODY = pytest.mark.server(
    "prosody", reason="heron --demo runs its own Prosody, whatever the test server")

#: For tests that start servers of both kinds themselves (each case runs on Prosody and on
#: ejabberd): once per test command is enough.
RUN_ONCE_ON_BOTH = pytest.mark.server(
    "prosody", reason="starts its own Prosody and ejabberd (each case runs on both)")


class Recorder:
    """Collects every bus event of the given types, in order."""

    def __init__(self, app: Heron, *types: type) -> None:
        self.events: list[Any] = []
        for event_type in types:
            app.bus.subscribe(event_type, self.events.append)

    def of(self, event_type: type) -> list[Any]:
        return [e for e in self.events if isinstance(e, event_type)]


def account_for(server: RigServer, jid: str, **overrides: Any) -> AccountConfig:
    values: dict[str, Any] = {
        "jid": jid, "host": "127.0.0.1", "port": server.c2s_port,
        "ca_file": str(server.ca_file), "resource": "heron",
    }
    values.update(overrides)
    return AccountConfig(**values)


async def start_heron(profile: Path, account: AccountConfig, password: str,
                      connect: bool = True) -> Heron:
    app = Heron(ProfilePaths(profile))
    await app.open()
    app.save_account(account, None)
    app.passwords.remember_for_session(account.jid, password)
    if connect:
        app.start_account(account.jid)
        await until(lambda: _state(app, account.jid) is ConnectionState.CONNECTED, 15)
        # And set up (roster, discovery, the first catch-up): a test's own messages then never
        # race the archive's copy of them (ejabberd's set-up takes longer than Prosody's).
        await until(lambda: app.sessions[account.jid].set_up, 15)
    return app


async def add_account(app: Heron, server: RigServer, jid: str, password: str) -> None:
    """A further account in the same Heron, connected."""
    app.save_account(account_for(server, jid), None)
    app.passwords.remember_for_session(jid, password)
    app.start_account(jid)
    await until(lambda: _state(app, jid) is ConnectionState.CONNECTED, 15)


def _state(app: Heron, jid: str) -> ConnectionState | None:
    session = app.sessions.get(jid)
    return session.connection.state if session else None


def state_of(app: Heron, jid: str) -> ConnectionState | None:
    return _state(app, jid)


class Peer(slixmpp.ClientXMPP):
    """The other person: a plain slixmpp client with receipts and chat states."""

    def __init__(self, jid: str, password: str) -> None:
        super().__init__(jid, password)
        for plugin in ("xep_0030", "xep_0085", "xep_0184", "xep_0199", "xep_0280", "xep_0359",
                       "xep_0308", "xep_0313", "xep_0297"):
            self.register_plugin(plugin)
        self.use_origin_id = True
        self.received: list[Any] = []
        self.add_event_handler("message", self._on_message)
        self.roster.auto_authorize = True
        self.roster.auto_subscribe = True

    def _on_message(self, msg: Any) -> None:
        if msg["body"]:
            self.received.append(msg)

    def bodies(self) -> list[str]:
        return [str(m["body"]) for m in self.received]


async def start_peer(server: RigServer, jid: str, password: str,
                     resource: str = "peer", presence: bool = True,
                     setup: Callable[[Peer], None] | None = None) -> Peer:
    peer = Peer(f"{jid}/{resource}", password)
    peer.ca_certs = str(server.ca_file)  # type: ignore[assignment]
    peer.enable_direct_tls = False
    if setup:
        setup(peer)
    started = asyncio.get_running_loop().create_future()
    peer.add_event_handler("session_start", lambda _e: started.done() or started.set_result(True))
    peer.connect("127.0.0.1", server.c2s_port)
    await asyncio.wait_for(started, 15)
    if presence:
        peer.send_presence()
    await peer.get_roster()
    return peer


async def stop_peer(peer: Peer) -> None:
    await peer.disconnect(wait=0.5)


async def eventually(fetch: Callable[[], Awaitable[T]], ok: Callable[[T], bool],
                     timeout: float = 10) -> T:
    """Poll an async query until its result satisfies ``ok``; returns the last result."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await fetch()
        if ok(result) or asyncio.get_running_loop().time() > deadline:
            return result
        await asyncio.sleep(0.05)


async def wait_state(app: Heron, jid: str, state: ConnectionState, timeout: float = 15) -> None:
    await until(lambda: state_of(app, jid) is state, timeout)


__all__ = [
    "DEMO_ONLY_ON_PROSODY",
    "RUN_ONCE_ON_BOTH",
    "ConnectionChanged",
    "Peer",
    "Recorder",
    "account_for",
    "eventually",
    "start_heron",
    "start_peer",
    "state_of",
    "stop_peer",
    "wait_state",
]
