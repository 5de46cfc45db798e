# XEP-0384 §5.2 (trust): an OMEMO device whose identity key changed
"""A device keeps its identity key for life; a key change is refused and flagged (issue 11).

Two ways to see one: a bundle for a known device naming another key (refused by
crypto/omemo/key_guard.py while encrypting), or a message whose key exchange names another key
(python-omemo refuses it with PublicDataInconsistency; Heron then downloads the device's
bundle, through the same guard, to learn whether the device really changed its key or the
message lied). Each refused change is kept (storage/repos/omemo_keys.py), the chat gets a
placeholder instead of the message, the device view marks the device as changed, and a chat
with a verified contact shows a row (OmemoKeyChanged).

For every contact, verified or not, the new key is refused until the user accepts it, as Dino
does: a reinstall that kept its device id is rare (clients draw a new random id), a swapped
key is how someone else would read the chat. Accepting it trusts the new key (not verified),
and makes new sessions with the device.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from heron.core.events import OmemoKeyChanged
from heron.crypto.omemo.manual_trust import TrustState, blind_trust_applies
from heron.storage.repos.omemo_keys import KeyChange, OmemoKeysRepo

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)


class OmemoKeys:
    def __init__(self, service: OmemoService) -> None:
        self.service = service
        self.session = service.session
        self.repo = OmemoKeysRepo(service.repo.db, service.session.jid)

    async def changed(self, change: KeyChange) -> None:
        """A key change was refused (key_guard.py calls this): keep it, tell the chat."""
        log.warning("OMEMO: the identity key of %s's device %s changed; refused",
                    change.owner, change.device_id)
        await self.repo.note(change)
        await self.announce(change.owner)

    async def changes(self, owner: str) -> dict[int, KeyChange]:
        return await self.repo.changes(owner)

    async def announce(self, owner: str) -> None:
        """Tell the chat with ``owner`` which devices have a refused key change (maybe none)."""
        changes = await self.repo.changes(owner)
        manager = await self.service.manager()
        names = [d.trust_level_name for d in await manager.get_device_information(owner)]
        self.session.bus.publish(OmemoKeyChanged(
            self.session.jid, owner, tuple(sorted(changes)), not blind_trust_applies(names)))

    async def key_changed(self, manager: Any, failure: Exception | None, owner: str,
                          device_id: int, namespace: str) -> bool:
        """Whether a message from ``owner``'s ``device_id`` failed to decrypt because the
        device's identity key changed: its key exchange named another key than the one known
        (python-omemo's PublicDataInconsistency) and the device's bundle confirms it (then
        the change is kept and told)."""
        if type(failure).__name__ != "PublicDataInconsistency":
            return False
        try:
            await manager._download_bundle(namespace, owner, device_id)  # through key_guard
        except Exception as exc:  # noqa: BLE001  refused, missing or unreachable: see below
            log.info("OMEMO: the bundle of %s's device %s: %r", owner, device_id, exc)
        return device_id in await self.repo.changes(owner)

    async def accept(self, owner: str, device_id: int) -> None:
        """The user accepts the new key of ``owner``'s ``device_id``: it is trusted (not
        verified) and replaces the old one; new sessions are made with the device."""
        change = (await self.repo.changes(owner)).get(device_id)
        if change is None:
            raise LookupError(f"no key change for device {device_id} of {owner}")
        manager = await self.service.manager()
        storage = self.service.plugin.storage
        await storage.store_bytes(f"/devices/{owner}/{device_id}/identity_key", change.new_key)
        await manager.set_trust(owner, change.new_key, TrustState.TRUSTED.value)
        await self.repo.forget(owner, device_id)
        device = next((d for d in await manager.get_device_information(owner)
                       if int(d.device_id) == device_id), None)
        if device is not None:
            failures = await manager.replace_sessions(device)
            log.info("OMEMO: accepted the new key of %s's device %s (%s)", owner, device_id,
                     failures or "ok")
        await self.announce(owner)
