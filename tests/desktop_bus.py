"""A private D-Bus session bus (the real ``dbus-daemon``) with a notification server on it.

The server is a second party speaking the freedesktop.org Notifications protocol over the real
bus, as GNOME Shell, KDE's Plasma or dunst would: it owns the name, answers GetCapabilities,
Notify and CloseNotification, remembers what it was asked to show, and can "click" one
(the ActionInvoked signal).
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from jeepney import DBusAddress, HeaderFields, MatchRule, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.asyncio import DBusRouter, Proxy, open_dbus_connection

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


@pytest.fixture
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A throw-away session bus; DBUS_SESSION_BUS_ADDRESS points at it for the test."""
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1",
         f"--address=unix:dir={tmp_path}"],
        stdout=subprocess.PIPE, text=True)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    try:
        yield address
    finally:
        daemon.terminate()
        daemon.wait(10)


@dataclass
class Shown:
    app: str
    replaces: int
    icon: str
    title: str
    body: str
    actions: list[str]
    hints: dict[str, Any]
    id: int = 0


@dataclass
class NotificationServer:
    router: DBusRouter
    capabilities: list[str]
    shown: list[Shown] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)
    _next: int = 0

    async def serve(self) -> None:
        rule = MatchRule(type="method_call", interface=SERVICE, path=PATH)
        with self.router.filter(rule, bufsize=100) as calls:
            while True:
                call = await calls.get()
                await self.router.send(self._answer(call))

    def _answer(self, call: Any) -> Any:
        member = call.header.fields[HeaderFields.member]
        if member == "GetCapabilities":
            return new_method_return(call, "as", (self.capabilities,))
        if member == "Notify":
            shown = Shown(*call.body[:7])
            if shown.replaces:
                shown.id = shown.replaces
            else:
                self._next += 1
                shown.id = self._next
            self.shown.append(shown)
            return new_method_return(call, "u", (shown.id,))
        if member == "CloseNotification":
            self.closed.append(int(call.body[0]))
            return new_method_return(call)
        return new_method_return(call, "ssss", ("test", "heron-tests", "1", "1.2"))

    async def click(self, notification_id: int) -> None:
        emitter = DBusAddress(PATH, interface=SERVICE)
        await self.router.send(new_signal(emitter, "ActionInvoked", "us",
                                          (notification_id, "default")))


@pytest_asyncio.fixture
async def notification_server(session_bus: str) -> AsyncIterator[NotificationServer]:
    conn = await open_dbus_connection("SESSION")
    router = DBusRouter(conn)
    reply = await Proxy(message_bus, router).RequestName(SERVICE, 0)
    assert reply == (1,), "could not own the notification service name"
    server = NotificationServer(router, ["actions", "body", "body-markup"])
    task = asyncio.ensure_future(server.serve())
    try:
        yield server
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await router.__aexit__(None, None, None)
        await conn.close()

