"""A device keeps its identity key for life: bundles that say otherwise are refused.

python-omemo learns a device's identity key once (from its first bundle or key exchange) and
evaluates trust on that key, but when it later builds a session it takes whatever bundle the
PEP node holds, without comparing the keys: a verified device whose bundle was swapped would
get messages encrypted to the new key. Dino refuses such a bundle ("Tried to change the
identity key for a known device id. Likely an attack."); Heron does the same, for a bundle of
a device that its owner's device list never named, too (nothing asked for it).

A refused bundle raises BundleNotFound, which python-omemo treats as "this device cannot be
encrypted to now": the other devices still get the message.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from omemo.session_manager import SessionManager
from omemo.storage import Storage

from heron.storage.repos.omemo_keys import KeyChange

log = logging.getLogger(__name__)

OnChange = Callable[[KeyChange], Awaitable[None]]


async def known_identity_key(storage: Storage, owner: str, device_id: int) -> bytes | None:
    """The identity key python-omemo keeps for ``owner``'s device, None when not learned yet."""
    found = await storage.load_bytes(f"/devices/{owner}/{device_id}/identity_key")
    return None if found.is_nothing else bytes(found.from_just())


async def listed(storage: Storage, owner: str, device_id: int) -> bool:
    """Whether ``owner``'s device lists (as python-omemo keeps them) ever named ``device_id``."""
    found = await storage.load_list(f"/devices/{owner}/list", int)
    return device_id in found.maybe([])


def with_key_guard(impl: type[SessionManager], storage: Storage,
                   on_change: OnChange | None) -> type[SessionManager]:
    """The session manager, refusing a downloaded bundle whose device is not on its owner's
    list, or whose identity key is not the one known for that device (``on_change`` is told
    of the latter before the refusal)."""
    import omemo  # noqa: PLC0415  the OMEMO stack loads after login (see plugin.py)

    class KeyGuard(impl):  # type: ignore[valid-type,misc]
        @staticmethod
        async def _download_bundle(namespace: str, bare_jid: str,
                                   device_id: int) -> omemo.Bundle:
            if not await listed(storage, bare_jid, device_id):
                log.warning("refused the bundle of %s's device %s: not on the device list",
                            bare_jid, device_id)
                raise omemo.BundleNotFound(f"device {device_id} is not on the device list")
            bundle: omemo.Bundle = await impl._download_bundle(namespace, bare_jid, device_id)
            known = await known_identity_key(storage, bare_jid, device_id)
            if known is not None and bytes(bundle.identity_key) != known:
                log.warning("refused the bundle of %s's device %s: its identity key changed",
                            bare_jid, device_id)
                if on_change is not None:
                    await on_change(KeyChange(bare_jid, device_id, known,
                                              bytes(bundle.identity_key)))
                raise omemo.BundleNotFound(f"the identity key of device {device_id} changed")
            return bundle

    return KeyGuard
