"""A PEP publish that ejabberd answers item-not-found for a moment.

ejabberd 23.01 now and then answers item-not-found to a publish on a PEP node it has to
create (a new account's avatar, bookmarks or displayed-sync node), with nothing else touching
it, and takes the same publish a moment later: seen about 1 run in 20 of the tests that
publish there. So that one answer is tried again, twice, with a growing pause.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from slixmpp.exceptions import IqError


async def publish_retrying(publish: Callable[[], Awaitable[Any]], tries: int = 3) -> Any:
    for attempt in range(tries):
        try:
            return await publish()
        except IqError as exc:
            if exc.iq["error"]["condition"] != "item-not-found" or attempt == tries - 1:
                raise
        await asyncio.sleep(0.5 * (attempt + 1))
    return None  # not reached: the last attempt returns or raises
