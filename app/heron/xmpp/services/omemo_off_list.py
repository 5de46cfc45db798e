# XEP-0384 §7 Business Rules (both versions): a message from a device that is not on its
# owner's device list
"""Messages from a device its owner took off their published device list.

Both versions of XEP-0384 say the same: a client that receives a message from a device id
not on the sender's device list SHOULD fetch that list again to be sure its copy is current.
Neither says to refuse the message, and python-omemo decrypts it (it keeps the sessions of
inactive devices). So Heron shows it, but marks it: when the device is still missing from the
freshly fetched list, the message's encryption record says so (``OFF_LIST``, instead of the
device's trust) and its lock's tooltip tells the user that it came from a device no longer in
the sender's list (a lost or stolen phone that someone removed, an old install).

A list kept current by PEP notifications (a contact whose presence we see, our own account)
that names the device needs no query. Otherwise the list is fetched again (a device added a
moment ago is on it, though our copy does not show it yet), at most once per
``REFRESH_SECONDS`` for each device, so a burst from a device off its list (a catch-up)
does not become a burst of queries.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)

REFRESH_SECONDS = 5.0


class OffListCheck:
    def __init__(self, service: OmemoService) -> None:
        self.service = service
        #: (owner, namespace, device id): when the list was fetched for a message of that device
        self._refreshed: dict[tuple[str, str, int], float] = {}

    async def off_list(self, owner: str, namespace: str, device_id: int) -> bool:
        """Whether ``device_id`` is missing from ``owner``'s current list in ``namespace``
        (False when the list cannot be had: nothing to go by)."""
        lists = self.service.device_lists
        known = lists.known(owner, namespace)
        if known is not None and device_id in known and lists.current(owner, namespace):
            return False
        key = (owner, namespace, device_id)
        if time.monotonic() - self._refreshed.get(key, float("-inf")) > REFRESH_SECONDS:
            await lists.refresh(owner, namespace)  # the XEP's SHOULD: be sure it is current
            self._refreshed[key] = time.monotonic()
            known = lists.known(owner, namespace)
        if known is None or device_id in known:
            return False
        log.info("a message from device %s of %s, which is not on their %s device list",
                 device_id, owner, namespace)
        return True
