# XEP-0343 for direct files: a data channel set up with the user's own STUN/TURN servers
"""The data channel a direct file goes over (calls/datachannel.py) is made here, with the
STUN/TURN servers the user's server names (XEP-0215), asked right before each transfer as the
calls do (their credentials expire). aiortc loads on the first such transfer, not at start."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from heron.xmpp.session import AccountSession

log = logging.getLogger(__name__)
ICE_SERVERS_WAIT = 5.0


async def new_pipe(session: AccountSession) -> Any:
    from heron.calls.datachannel import DataChannelPipe  # aiortc: only now

    servers: tuple[Any, ...] = ()
    services = getattr(session, "external_services", None)
    if services is not None:
        try:
            servers = tuple(await asyncio.wait_for(services.ice_servers(), ICE_SERVERS_WAIT))
        except TimeoutError:
            log.info("no STUN/TURN list in time; the file tries direct paths only")
    return DataChannelPipe(servers)
