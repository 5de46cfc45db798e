# XEP-0450: Automatic Trust Management, sending (trust messages, XEP-0434, over OMEMO 2)
"""Whom a decision of the user's is told, in OMEMO 2 only and only to verified devices.

§4.1/§4.5: a decision on a contact's device goes to the user's other verified devices; a
verified one also tells the contact's verified devices which of the user's keys the user
verified. §4.3/§4.4: a decision on one of the user's own devices goes to every contact with a
verified key, and a newly verified own device learns every key the user verified. Legacy
OMEMO encrypts nothing but the body text, so it cannot carry a trust message; none has a
fallback body (a legacy client of the same account would show it).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from heron.core.tasks import spawn
from heron.crypto.omemo import TWOMEMO, trust_message
from heron.crypto.omemo.manual_trust import TrustState, leaving_out
from heron.crypto.omemo.trust_message import KeyOwner
from heron.storage.repos.omemo_atm import AtmRecords
from heron.xmpp.plugins import xep_0420 as sce

if TYPE_CHECKING:
    from heron.xmpp.services.omemo import OmemoService

log = logging.getLogger(__name__)

VERIFIED = TrustState.VERIFIED.value
EME_NS = "urn:xmpp:eme:0"


class TrustAnnouncer:
    def __init__(self, service: OmemoService, records: AtmRecords) -> None:
        self.service = service
        self.session = service.session
        self.records = records
        self._announcing = asyncio.Lock()

    async def decided(self, owner: str, info: Any, before: str, state: TrustState) -> None:
        """The user verified or distrusted ``info`` (a device of ``owner``): tell the devices
        XEP-0450 names, in the background (the keys view does not wait for the network)."""
        if state not in (TrustState.VERIFIED, TrustState.DISTRUSTED) or before == state.value:
            return
        await self.records.forget(owner, int(info.device_id))  # the user's own decision now
        spawn(self._announce_logged(owner, bytes(info.identity_key), state), "trust messages")

    async def _announce_logged(self, owner: str, key: bytes, state: TrustState) -> None:
        async with self._announcing:  # one decision's messages after the other's
            try:
                await self._announce(owner, key, state)
            except Exception as exc:  # noqa: BLE001  a courtesy: the decision itself stands
                log.warning("OMEMO: could not send trust messages about %s: %r", owner, exc)

    async def _announce(self, owner: str, key: bytes, state: TrustState) -> None:
        own = self.session.jid
        about = (KeyOwner(owner, trust=(key,)) if state is TrustState.VERIFIED
                 else KeyOwner(owner, distrust=(key,)))
        own_verified = await self._own_verified_keys()
        if owner == own:
            await self._announce_own(about, key, state, own_verified)
            return
        if own_verified:  # the user's other devices learn of the decision
            await self._send(own, [about])
        if state is TrustState.VERIFIED and own_verified:
            # the contact's verified devices learn which of the user's keys to trust
            await self._send(owner, [KeyOwner(own, trust=tuple(own_verified))])

    async def _announce_own(self, about: KeyOwner, key: bytes, state: TrustState,
                            own_verified: list[bytes]) -> None:
        """§4.3/§4.5: a decision on one of the user's own devices goes to every contact
        with a verified key (the user's verified devices get a copy), else to those own
        devices; a newly verified own device also learns every key the user verified."""
        own = self.session.jid
        contacts = {jid: keys for jid, keys in (await self.records.keys_at(VERIFIED)).items()
                    if jid != own}
        for contact in sorted(contacts):
            await self._send(contact, [about])
        if not contacts:
            await self._send(own, [about])
        others = tuple(k for k in own_verified if k != key)
        everyone = [KeyOwner(jid, trust=tuple(keys)) for jid, keys in sorted(contacts.items())]
        everyone += [KeyOwner(own, trust=others)] if others else []
        if state is TrustState.VERIFIED and everyone:
            await self._send(own, everyone)

    async def _own_verified_keys(self) -> list[bytes]:
        manager = await self.service.manager()
        this, _others = await manager.get_own_device_information()
        return [bytes(i.identity_key) for i in await manager.get_device_information(
            self.session.jid) if i.device_id != this.device_id and i.trust_level_name == VERIFIED]

    async def _send(self, to: str, owners: list[KeyOwner]) -> bool:
        """One trust message to ``to``, encrypted (OMEMO 2) only to verified devices."""
        import twomemo.etree  # noqa: PLC0415  the OMEMO stack loads after login

        own = self.session.jid
        manager = await self.service.manager()
        content = sce.build([trust_message.element(owners)], own, to)
        unverified = {(jid, bytes(i.identity_key)) for jid in {to, own}
                      for i in await manager.get_device_information(jid)
                      if i.trust_level_name != VERIFIED}
        try:
            # never amid a decryption: both step the same sessions (omemo_receive.holding)
            async with self.service.receiver.stepping:
                with leaving_out() as left_out:  # treated as distrusted while encrypting
                    left_out.update(unverified)
                    messages, _errors = await manager.encrypt(
                        frozenset({to}), {TWOMEMO: content}, backend_priority_order=[TWOMEMO])
        except Exception as exc:  # noqa: BLE001  one recipient's failure spares the others
            log.info("OMEMO: no trust message to %s: %r", to, exc)
            return False
        if not messages or not self.session.connection.connected:
            log.info("OMEMO: no trust message to %s (no verified device reachable)", to)
            return False
        msg = self.session.client.make_message(mto=to, mtype="chat")
        for message in messages:
            msg.xml.append(twomemo.etree.serialize_message(message))
        msg.enable("store")  # XEP-0434: kept for devices now offline
        msg.xml.append(msg.xml.makeelement(f"{{{EME_NS}}}encryption",
                                           {"namespace": TWOMEMO, "name": "OMEMO"}))
        msg.send()
        log.info("OMEMO: sent a trust message to %s about %s", to,
                 ", ".join(o.jid for o in owners))
        return True
