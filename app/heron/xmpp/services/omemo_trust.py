# XEP-0384 §5.2 (trust): the user's decisions on OMEMO devices, theirs and their contacts'
"""Which devices a message is encrypted to: the four trust states and the user's decisions.

The states are kept by python-omemo per identity key in the profile's database (through the
writer thread); crypto/omemo/manual_trust.py maps them. Blind trust before verification stays
the default; once the user verified a device of a contact, a new device of that contact is
left out of encrypted messages until the user decides, and ``OmemoDevicesUndecided`` tells
the chat so it can say it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slixmpp import JID

from heron.core.events import OmemoDevicesUndecided
from heron.crypto.omemo import OLDMEMO, TWOMEMO, trust_uri
from heron.crypto.omemo.fingerprint import fingerprint
from heron.crypto.omemo.manual_trust import TrustState, blind_trust_applies
from heron.storage.repos.omemo_trust import last_messages

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeviceTrust:
    """One OMEMO device of ``owner`` as the user sees it."""

    owner: str
    device_id: int
    identity_key: bytes
    namespaces: frozenset[str]  # the OMEMO versions it publishes
    active: bool  # in the owner's current device list
    state: TrustState
    own: bool = False  # this very device
    key_changed: bool = False  # a new identity key for it was refused (omemo_keys.py)
    verified_by: tuple[str, int] | None = None  # (JID, device) whose trust message verified it


@dataclass(frozen=True, slots=True)
class UriCheck:
    """What opening an ``xmpp:`` link with fingerprints did."""

    owner: str
    verified: tuple[int, ...]  # devices whose key matched: now verified
    mismatched: tuple[int, ...]  # devices whose key is not the one in the link: left alone
    unknown: tuple[int, ...]  # device ids Heron does not know for that account
    unmatched: int = 0  # keys named without a device (Kaidan's) that match no known device


class OmemoTrust:
    def __init__(self, service: OmemoService) -> None:
        self.service = service
        self.session = service.session

    async def devices(self, owner: str, *, refresh: bool = False) -> list[DeviceTrust]:
        """The devices of ``owner`` (a contact, or the account: then this device first)."""
        manager = await self.service.manager()
        if refresh:
            await self.service.plugin.refresh_device_lists({JID(owner)}, force_download=True)
            await self.service.atm.postponed(owner)  # keys named before they were known
        found: list[DeviceTrust] = []
        this_id = -1
        if owner == self.session.jid:
            this, _others = await manager.get_own_device_information()
            found.append(_view(this, own=True))
            this_id = int(this.device_id)
        changed = await self.service.keys.changes(owner)
        vouched = await self.service.atm.verified_by(owner)  # XEP-0450 (omemo_atm.py)
        for info in await manager.get_device_information(owner):
            if int(info.device_id) != this_id:
                found.append(_view(info, key_changed=int(info.device_id) in changed,
                                   verified_by=vouched.get(int(info.device_id))))
        return sorted(found, key=lambda d: (not d.own, not d.active, d.device_id))

    async def set_state(self, owner: str, device_id: int, state: TrustState) -> None:
        """The user's decision on one device (trust, verify, distrust); ``state`` UNDECIDED
        is not a decision and is refused."""
        if state is TrustState.UNDECIDED:
            raise ValueError("undecided is not a decision")
        manager = await self.service.manager()
        infos = await manager.get_device_information(owner)
        info = next((i for i in infos if int(i.device_id) == device_id), None)
        if info is None:
            raise LookupError(f"{owner} has no device {device_id}")
        await manager.set_trust(owner, info.identity_key, state.value)
        log.info("OMEMO: device %s of %s is now %s", device_id, owner, state.name)
        await self.service.atm.decided(owner, info, str(info.trust_level_name), state)
        await self.announce(owner)

    async def undecided(self, owner: str) -> tuple[int, ...]:
        """Active devices of ``owner`` that wait for a decision (blind trust has ended for
        ``owner``: the user verified a device of theirs)."""
        devices = await self.devices(owner)
        if blind_trust_applies(d.state.value for d in devices if not d.own):
            return ()  # blind trust still applies: the next message trusts them
        return tuple(d.device_id for d in devices
                     if d.active and not d.own and d.state is TrustState.UNDECIDED)

    async def announce(self, owner: str) -> None:
        """Tell the chat with ``owner`` which devices wait for a decision (maybe none)."""
        self.session.bus.publish(OmemoDevicesUndecided(self.session.jid, owner,
                                                       await self.undecided(owner)))

    async def left_out(self, left: set[tuple[str, bytes]]) -> None:
        """Devices were left out of a message for want of a decision: say so."""
        for owner in sorted({bare for bare, _key in left}):
            await self.announce(owner)


    async def last_seen(self, owner: str) -> dict[int, float]:
        """device id -> time of the newest message from it (none: never heard from)."""
        return await last_messages(self.service.repo.db, self.session.jid, owner)

    async def remove_own_device(self, device_id: int) -> None:
        """Take one of the account's other (stale) devices out of its device lists, in each
        OMEMO version: contacts stop encrypting to it. This device cannot be removed."""
        manager = await self.service.manager()
        this, _others = await manager.get_own_device_information()
        if int(this.device_id) == device_id:
            raise ValueError("this device cannot remove itself")
        own = self.session.jid
        for namespace in self.service.plugin.namespaces:
            devices = dict(await manager._download_device_list(namespace, own))
            if device_id not in devices:
                continue
            del devices[device_id]
            # python-omemo has no call for this; it publishes through these two itself
            await manager._upload_device_list(namespace, devices)
            await manager.update_device_list(namespace, own, devices)
        log.info("OMEMO: removed device %s from %s's device lists", device_id, own)

    async def own_uri(self) -> str:
        """The ``xmpp:`` link with this device's fingerprints (for a QR code)."""
        this = next(d for d in await self.devices(self.session.jid) if d.own)
        return trust_uri.build(self.session.jid, [
            trust_uri.NamedKey(ns, this.device_id, fingerprint(this.identity_key, ns))
            for ns in (TWOMEMO, OLDMEMO) if ns in this.namespaces])

    async def verify_uri(self, uri: str) -> UriCheck:
        """Verify the devices an ``xmpp:`` link names whose fingerprints match the keys
        Heron knows; the others are reported, never trusted. ValueError: not such a link."""
        owner, keys = trust_uri.parse(uri)
        known = {d.device_id: d for d in await self.devices(owner, refresh=True) if not d.own}
        verified: list[int] = []
        mismatched: list[int] = []
        unknown: list[int] = []
        unmatched = 0
        for key in keys:
            if key.device_id == 0:  # no device named (Kaidan's trust=): found by its key
                found = [d.device_id for d in known.values()
                         if fingerprint(d.identity_key, key.namespace) == key.fingerprint]
                unmatched += not found
                for device_id in found:
                    if device_id not in verified:
                        await self.set_state(owner, device_id, TrustState.VERIFIED)
                        verified.append(device_id)
                continue
            device = known.get(key.device_id)
            if device is None:
                unknown.append(key.device_id)
            elif fingerprint(device.identity_key, key.namespace) != key.fingerprint:
                mismatched.append(key.device_id)
            elif key.device_id not in verified:
                await self.set_state(owner, key.device_id, TrustState.VERIFIED)
                verified.append(key.device_id)
        return UriCheck(owner, tuple(verified), tuple(mismatched), tuple(unknown), unmatched)


def _view(info: Any, *, own: bool = False, key_changed: bool = False,
          verified_by: tuple[str, int] | None = None) -> DeviceTrust:
    return DeviceTrust(
        owner=str(info.bare_jid), device_id=int(info.device_id),
        identity_key=bytes(info.identity_key), namespaces=frozenset(info.namespaces),
        active=any(active for _ns, active in info.active),
        state=TrustState.VERIFIED if own else TrustState.of(str(info.trust_level_name)),
        own=own, key_changed=key_changed, verified_by=verified_by)
