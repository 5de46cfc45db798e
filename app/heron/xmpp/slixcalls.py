"""Typed edges for the few slixmpp calls that slixmpp itself leaves untyped.

mypy --strict refuses calls to untyped functions (no-untyped-call): without these wrappers an
``Any`` would spread from each call into Heron. Each wrapper states what Heron relies on (the
shape slixmpp 1.x has) in a small Protocol, so a change there shows up here, in one place.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Protocol, cast

from slixmpp.stanza import Iq


class _SendsIq(Protocol):
    def send(self, *, timeout: float) -> Awaitable[Iq]: ...


class _RemovesRosterItems(Protocol):
    def del_roster_item(self, jid: str) -> Awaitable[object]: ...


class _ClientState(Protocol):
    def send_active(self) -> None: ...
    def send_inactive(self) -> None: ...


async def send_iq(iq: Iq, *, timeout: float) -> Iq:
    """Send ``iq`` and return the result reply; IqError/IqTimeout pass through."""
    return await cast(_SendsIq, iq).send(timeout=timeout)


async def remove_roster_item(client: object, jid: str) -> None:
    """Ask the server to remove ``jid`` from the roster (an <item subscription='remove'/>)."""
    await cast(_RemovesRosterItems, client).del_roster_item(jid)


def send_client_state(plugin: object, *, active: bool) -> None:
    """XEP-0352: tell the server whether the user is looking (``plugin`` is xep_0352)."""
    csi = cast(_ClientState, plugin)
    if active:
        csi.send_active()
    else:
        csi.send_inactive()
