"""What automatic trust management (XEP-0450, xmpp/services/omemo_atm.py) keeps per account:
which device vouched for a key, and decisions on keys not seen yet (the XEP's "postponed"
trust decisions). Kept in the OMEMO key-value table (migration 0016), under keys of Heron's
own that python-omemo never uses, so no migration is needed."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from heron.storage.repos.omemo import OmemoRepo

_BY = "heron-atm/verified-by/"  # + owner: {device id: [vouching JID, its device id]}
_LATER = "heron-atm/postponed/"  # + owner: [[key hex, "trust"|"distrust", JID, device]]
_MET = "heron-atm/met"  # archive ids of the trust messages read (newest last)
MAX_MET = 256
_TRUST = "/trust/"  # python-omemo's: + owner + "/" + urlsafe base64 key -> level name
#: postponed decisions kept per owner at most (the oldest go first)
MAX_POSTPONED = 64


@dataclass(frozen=True, slots=True)
class Postponed:
    """A believed decision on a key of ``owner`` that Heron did not know yet."""

    key: bytes
    trust: bool  # False: distrust
    by: str
    by_device: int


class AtmRecords:
    def __init__(self, repo: OmemoRepo) -> None:
        self.repo = repo

    async def verified_by(self, owner: str) -> dict[int, tuple[str, int]]:
        """device id -> (JID, device id) of the device whose trust message verified it."""
        value = await self._load(_BY + owner, {})
        return {int(k): (str(v[0]), int(v[1])) for k, v in value.items()}

    async def remember(self, owner: str, device_id: int, by: str, by_device: int) -> None:
        records = await self.verified_by(owner)
        records[device_id] = (by, by_device)
        await self.repo.store(_BY + owner, {str(k): [j, d] for k, (j, d) in records.items()})

    async def forget(self, owner: str, device_id: int) -> None:
        records = await self.verified_by(owner)
        if records.pop(device_id, None) is not None:
            await self.repo.store(_BY + owner,
                                  {str(k): [j, d] for k, (j, d) in records.items()})

    async def postponed(self, owner: str) -> list[Postponed]:
        value = await self._load(_LATER + owner, [])
        return [Postponed(bytes.fromhex(k), kind == "trust", str(by), int(dev))
                for k, kind, by, dev in value]

    async def set_postponed(self, owner: str, entries: list[Postponed]) -> None:
        if not entries:
            await self.repo.delete(_LATER + owner)
            return
        await self.repo.store(_LATER + owner, [
            [e.key.hex(), "trust" if e.trust else "distrust", e.by, e.by_device]
            for e in entries[-MAX_POSTPONED:]])

    async def met(self) -> list[str]:
        """Archive ids of the trust messages read, so catch-up does not read them again."""
        return [str(i) for i in await self._load(_MET, [])]

    async def set_met(self, ids: list[str]) -> None:
        await self.repo.store(_MET, ids[-MAX_MET:])

    async def keys_at(self, level: str) -> dict[str, list[bytes]]:
        """owner -> the identity keys python-omemo keeps at trust ``level`` (all owners)."""
        account, wanted = self.repo.account, json.dumps(level)
        rows = await self.repo.db.run(lambda c: c.execute(
            "SELECT key FROM omemo_data WHERE account = ? AND key LIKE '/trust/%' "
            "AND value = ?", (account, wanted)).fetchall())
        found: dict[str, list[bytes]] = {}
        for (key,) in rows:
            owner, _sep, encoded = str(key)[len(_TRUST):].rpartition("/")
            try:
                found.setdefault(owner, []).append(base64.urlsafe_b64decode(encoded))
            except (binascii.Error, ValueError):
                continue
        return found

    async def _load(self, key: str, default: Any) -> Any:
        found, value = await self.repo.load(key)
        return value if found and isinstance(value, type(default)) else default
