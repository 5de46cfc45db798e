"""Desktop notifications through the freedesktop.org Notifications service on the session bus
(GNOME, KDE, Xfce, Cinnamon, sway's mako and dunst all offer it).

Spoken with jeepney, the pure-Python D-Bus library keyring already brings on Linux, on the
asyncio loop Heron runs anyway; no thread, no GLib. Clicking a notification (its "default"
action) comes back as ``ActionInvoked``; a notification server without actions just shows it.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import time
from collections.abc import Callable
from typing import Any

from jeepney import DBusAddress, HeaderFields, MatchRule, MessageType, new_method_call
from jeepney.bus_messages import message_bus
from jeepney.io.asyncio import DBusConnection, DBusRouter, Proxy, open_dbus_connection

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
NOTIFICATIONS = DBusAddress("/org/freedesktop/Notifications", bus_name=SERVICE,
                            interface=SERVICE)
DEFAULT_ACTION = "default"
EXPIRE_DEFAULT = -1
MAX_TITLE, MAX_BODY = 120, 300
RETRY_AFTER = 60.0  # seconds: a notification server may start after Heron, but not each time


class NotificationService:
    """One connection to the session bus' notification server, opened on first use."""

    def __init__(self, app_name: str = "Heron",
                 on_click: Callable[[int], None] | None = None) -> None:
        self.app_name = app_name
        self.on_click = on_click or (lambda _id: None)
        self._conn: DBusConnection | None = None
        self._router: DBusRouter | None = None
        self._listener: asyncio.Task[None] | None = None
        self._markup = False
        self._actions = False
        self._failed_at: float | None = None

    async def open(self) -> bool:
        """True when a notification server answers on the session bus."""
        if self._router is not None:
            return True
        if self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_AFTER:
            return False
        try:
            self._conn = await open_dbus_connection("SESSION")
            self._router = DBusRouter(self._conn)
            reply = await asyncio.wait_for(self._call("GetCapabilities", "", ()), 5)
        except (OSError, KeyError, ValueError, TimeoutError, RuntimeError) as exc:
            # No session bus (a bare X session, a container) or nobody owns the name.
            log.info("no desktop notifications: %s", exc or type(exc).__name__)
            await self.close()
            self._failed_at = time.monotonic()
            return False
        capabilities = set(reply[0]) if reply else set()
        self._markup = "body-markup" in capabilities
        self._actions = "actions" in capabilities
        self._listener = asyncio.ensure_future(self._listen())
        return True

    async def _call(self, method: str, signature: str, body: tuple[Any, ...]) -> tuple[Any, ...]:
        assert self._router is not None  # noqa: S101  open() set it
        reply = await self._router.send_and_get_reply(
            new_method_call(NOTIFICATIONS, method, signature, body))
        if reply.header.message_type is MessageType.error:
            name = reply.header.fields.get(HeaderFields.error_name, "error")
            raise RuntimeError(f"{method}: {name}")
        return tuple(reply.body)

    async def notify(self, title: str, body: str, *, replaces: int = 0, icon: str = "",
                     category: str = "im.received") -> int:
        """Show (or replace) a notification; returns its id (0 when none could be shown).
        ``title`` and ``body`` are plain text: a server that reads markup gets them escaped."""
        if not await self.open():
            return 0
        title, body = _line(title, MAX_TITLE), _excerpt(body, MAX_BODY)
        if self._markup:  # the spec lets such servers read <b>, <a href>: never from a peer
            body = html.escape(body, quote=False)
        actions = [DEFAULT_ACTION, "Open"] if self._actions else []
        hints = {"category": ("s", category), "desktop-entry": ("s", "heron")}
        try:
            reply = await self._call(
                "Notify", "susssasa{sv}i",
                (self.app_name, replaces, icon, title, body, actions, hints, EXPIRE_DEFAULT))
        except (OSError, RuntimeError) as exc:
            log.warning("notification not shown: %s", exc)
            return 0
        return int(reply[0])

    async def withdraw(self, notification_id: int) -> None:
        if notification_id and self._router is not None:
            with contextlib.suppress(OSError, RuntimeError):
                await self._call("CloseNotification", "u", (notification_id,))

    async def _listen(self) -> None:
        assert self._router is not None  # noqa: S101
        rule = MatchRule(type="signal", interface=SERVICE, member="ActionInvoked",
                         path=NOTIFICATIONS.object_path)
        await Proxy(message_bus, self._router).AddMatch(rule)
        with self._router.filter(rule, bufsize=20) as queue:
            while True:
                message = await queue.get()
                notification_id, action = message.body
                if action == DEFAULT_ACTION:
                    self.on_click(int(notification_id))

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        if self._router is not None:
            with contextlib.suppress(Exception):
                await self._router.__aexit__(None, None, None)
        if self._conn is not None:
            with contextlib.suppress(OSError):
                await self._conn.close()
        self._conn = self._router = self._listener = None


def _line(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def _excerpt(text: str, limit: int) -> str:
    text = "".join(c for c in text if c in "\n\t" or c.isprintable())
    return text if len(text) <= limit else text[:limit - 1] + "…"
