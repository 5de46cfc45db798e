"""Trust policy: blind trust before verification (BTBV).

python-omemo decides trust only when encrypting; a device that first shows up by sending us a
message would stay "undecided". Heron applies the same rule on arrival: a new device of a
contact none of whose devices the user has verified is blindly trusted; once the user
verified one device, new ones stay undecided until the user says (manual_trust.py).
"""

from __future__ import annotations

from typing import Any

from heron.crypto.omemo.manual_trust import blind_trust_applies

BLINDLY_TRUSTED = "BLINDLY_TRUSTED"
UNDECIDED = "UNDECIDED"


async def trust_on_arrival(manager: Any, device: Any) -> str:
    """The sender device's trust level name, after applying BTBV to a new device."""
    if device.trust_level_name != UNDECIDED:
        return str(device.trust_level_name)
    known = await manager.get_device_information(device.bare_jid)
    if blind_trust_applies(other.trust_level_name for other in known):
        await manager.set_trust(device.bare_jid, device.identity_key, BLINDLY_TRUSTED)
        return BLINDLY_TRUSTED
    return UNDECIDED
