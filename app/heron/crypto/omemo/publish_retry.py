"""Publishing our device list and bundles: a refusal is tried again before OMEMO gives up.

One failed publish at start-up made OMEMO fail to start (DeviceListUploadFailed), and the
account stayed without OMEMO until the next login: chats the user encrypted refused to send.
ejabberd 23.01 refuses now and then, under load, a first publish whose node it has to create
itself: it answers ``item-not-found`` (its creation of the node failed), and the same publish a
moment later succeeds. So each publish is tried up to ``ATTEMPTS`` times, ``PAUSE`` seconds
apart; a server that keeps refusing still fails the start, as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the OMEMO stack loads after login; this module is light
    from omemo.session_manager import SessionManager

log = logging.getLogger(__name__)

ATTEMPTS = 3
PAUSE = 0.5  # seconds before the next attempt (doubled each time)


async def _again(publish: Callable[[], Awaitable[None]], what: str) -> None:
    pause = PAUSE
    for attempt in range(1, ATTEMPTS + 1):
        try:
            await publish()
            return
        except Exception as exc:
            if attempt == ATTEMPTS:
                raise
            log.info("publishing our OMEMO %s failed (%r, caused by %r); trying again",
                     what, exc, exc.__cause__)
        await asyncio.sleep(pause)
        pause *= 2


def with_publish_retry(impl: type[SessionManager]) -> type[SessionManager]:
    """The session manager, trying each refused publish of ours again (see above)."""

    class PublishRetry(impl):  # type: ignore[valid-type,misc]
        @staticmethod
        async def _upload_device_list(namespace: str, device_list: Any) -> None:
            await _again(lambda: impl._upload_device_list(namespace, device_list),
                         f"{namespace} device list")

        @staticmethod
        async def _upload_bundle(bundle: Any) -> None:
            await _again(lambda: impl._upload_bundle(bundle), "bundle")

    return PublishRetry
