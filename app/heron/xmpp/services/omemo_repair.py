# XEP-0384 §7.3 (both versions): repairing a broken session with a sender
"""A message that was encrypted for this device but does not decrypt means the session with the
sender's device is broken (its state lost on one side, a message lost in between): nothing the
sender writes will be readable until a new session is made. python-omemo repairs what it can
by itself (it completes key exchanges and answers stale sessions with empty messages); a broken
session it leaves to us, through ``replace_sessions``, which builds a new session from the
sender's bundle and tells the sender with an empty OMEMO message (a key exchange).

Only for a message that names this device as a recipient (one for another device is not a
broken session), and at most once per sender device every ``REPAIR_EVERY`` seconds: a forged
or replayed message must not make Heron replace sessions again and again.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)

REPAIR_EVERY = 600.0


def names_device(xml: Any, namespace: str, device_id: int) -> bool:
    """Whether the stanza's ``namespace`` payload carries a key for ``device_id``."""
    encrypted = xml.find(f"{{{namespace}}}encrypted")
    if encrypted is None:
        return False
    return any(key.get("rid") == str(device_id) for key in encrypted.iter(f"{{{namespace}}}key"))


class SessionRepair:
    def __init__(self, service: OmemoService) -> None:
        self.service = service
        self._last: dict[tuple[str, int], float] = {}
        self.repaired: list[tuple[str, int]] = []  # (sender, device), for the log and tests

    async def after_failure(self, manager: Any, xml: Any, namespaces: list[str], sender: str,
                            sender_device: int) -> None:
        """A message from ``sender``'s ``sender_device`` did not decrypt: replace the session
        when it was meant for this device (never raises)."""
        try:
            own = await self.service.own_device()
            spoken = [ns for ns in namespaces if ns in self.service.plugin.namespaces]
            if not any(names_device(xml, ns, own.device_id) for ns in spoken):
                return
            now = time.monotonic()
            last = self._last.get((sender, sender_device))
            if last is not None and now - last < REPAIR_EVERY:
                return
            self._last[(sender, sender_device)] = now
            devices = await manager.get_device_information(sender)
            device = next((d for d in devices if d.device_id == sender_device), None)
            if device is None:
                return
            failures = await manager.replace_sessions(device)
            self.repaired.append((sender, sender_device))
            log.info("OMEMO: replaced the session with device %s of %s (%s)", sender_device,
                     sender, failures or "ok")
        except Exception as exc:  # noqa: BLE001  a failed repair leaves the placeholder as it is
            log.info("OMEMO: could not repair the session with %s: %r", sender, exc)
