"""Manual trust after verification: the four states a person sees, and new devices left out.

python-omemo keeps one trust level name per identity key (in the profile's database, through
the writer thread). Heron shows four states and stores them as slixmpp-omemo's names:

    undecided  -> UNDECIDED        a new device of a contact the user verified
    trusted    -> BLINDLY_TRUSTED  trusted without comparing fingerprints (BTBV, or "Trust")
    verified   -> TRUSTED          the user compared fingerprints (or opened a QR code)
    distrusted -> DISTRUSTED       never encrypted to; its messages carry a warning

Once the user verified a device of a contact, blind trust ends for that contact: python-omemo
asks for a decision on each new device while encrypting
(``_prompt_manual_trust``). Heron does not fail the whole message then: it leaves those devices
out of this one message (``leaving_out``), tells the chat, and encrypts to the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the OMEMO stack loads after login; this module is light
    from omemo.session_manager import SessionManager


class TrustState(Enum):
    """What the user sees; the value is the level name python-omemo stores."""

    UNDECIDED = "UNDECIDED"
    TRUSTED = "BLINDLY_TRUSTED"
    VERIFIED = "TRUSTED"
    DISTRUSTED = "DISTRUSTED"

    @classmethod
    def of(cls, level_name: str) -> TrustState:
        try:
            return cls(level_name)
        except ValueError:
            return cls.UNDECIDED  # an unknown name is no decision


def blind_trust_applies(level_names: Any) -> bool:
    """Whether new devices of a contact are trusted blindly: until the user verified one of
    theirs (distrusting one, or trusting one by hand, does not end it)."""
    return TrustState.VERIFIED.value not in set(level_names)


async def decide_blindly(manager: Any, devices: Any) -> frozenset[Any]:
    """Blindly trust those of ``devices`` (undecided) whose owner has no verified device
    (slixmpp-omemo would also end blind trust at a distrusted one); the others are returned,
    to wait for the user."""
    waiting: set[Any] = set()
    for owner in {d.bare_jid for d in devices}:
        names = [d.trust_level_name for d in await manager.get_device_information(owner)]
        mine = [d for d in devices if d.bare_jid == owner]
        if not blind_trust_applies(names):
            waiting.update(mine)
            continue
        for device in mine:
            await manager.set_trust(owner, device.identity_key, TrustState.TRUSTED.value)
    return frozenset(waiting)

#: (bare JID, identity key) of the devices left out of the message being encrypted in this
#: task; None outside leaving_out() (then an undecided device fails the encryption).
_LEFT_OUT: ContextVar[set[tuple[str, bytes]] | None] = ContextVar("omemo_left_out",
                                                                  default=None)


@contextmanager
def leaving_out() -> Iterator[set[tuple[str, bytes]]]:
    """Within: devices awaiting a decision are left out of encrypt() instead of failing it;
    the yielded set names them afterwards."""
    left_out: set[tuple[str, bytes]] = set()
    token = _LEFT_OUT.set(left_out)
    try:
        yield left_out
    finally:
        _LEFT_OUT.reset(token)


def leave_out(devices: Any) -> bool:
    """Note ``devices`` (DeviceInformation) as left out; False outside leaving_out()."""
    left_out = _LEFT_OUT.get()
    if left_out is None:
        return False
    left_out.update((d.bare_jid, d.identity_key) for d in devices)
    return True


def with_left_out(impl: type[SessionManager]) -> type[SessionManager]:
    """The session manager, treating a left-out device as distrusted while encrypting (so
    python-omemo skips it rather than raising StillUndecided); only in leaving_out()'s task,
    so decrypting a message from such a device still works."""
    from omemo.types import TrustLevel as CoreTrustLevel  # noqa: PLC0415  see the top

    class LeftOut(impl):  # type: ignore[valid-type,misc]
        async def _evaluate_custom_trust_level(self, device: Any) -> CoreTrustLevel:
            left_out = _LEFT_OUT.get()
            if left_out and (device.bare_jid, device.identity_key) in left_out:
                return CoreTrustLevel.DISTRUSTED
            level: CoreTrustLevel = await super()._evaluate_custom_trust_level(device)
            return level

    return LeftOut
