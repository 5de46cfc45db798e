"""SASL mechanism policy (RFC 6120 §6): which mechanisms a login may use, and what a refusal is.

Once a mechanism has worked for an account, a login never uses a weaker one: a server (or
someone in between) that now offers only weaker mechanisms is refused before any part of the
password, or a proof derived from it, is sent. The floor is read at every login attempt.
"""

from __future__ import annotations

from collections.abc import Iterable

from heron.core.errors import ErrorKind, UserError, describe

# Strongest first. PLAIN is only ever offered to slixmpp over TLS (unencrypted_plain is off).
MECHANISM_STRENGTH = [
    "SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "SCRAM-SHA-1-PLUS", "SCRAM-SHA-1", "PLAIN",
]


def allowed_mechanisms(strongest_used: str) -> set[str]:
    """Mechanisms at least as strong as the best one that has worked before (no downgrade)."""
    if strongest_used not in MECHANISM_STRENGTH:
        return set(MECHANISM_STRENGTH)
    # -PLUS depends on the TLS version (none over TLS 1.3 in Python), so the floor ignores it.
    floor = strongest_used.removesuffix("-PLUS")
    return set(MECHANISM_STRENGTH[: MECHANISM_STRENGTH.index(floor) + 1])


def stronger(current: str, used: str) -> str:
    """The new floor after ``used`` worked: never lower than ``current``."""
    if used not in MECHANISM_STRENGTH:
        return current
    if current in MECHANISM_STRENGTH and \
            MECHANISM_STRENGTH.index(current) <= MECHANISM_STRENGTH.index(used):
        return current
    return used


def refusal(offered: Iterable[str], floor: str, server: str = "") -> UserError | None:
    """None when ``offered`` has a mechanism Heron may use at this floor, else why not."""
    offered = {m.upper() for m in offered}
    known = offered & set(MECHANISM_STRENGTH)
    if known & allowed_mechanisms(floor):
        return None
    shown = ", ".join(sorted(offered)) or "none"
    if known:
        return describe(ErrorKind.MECHANISM_DOWNGRADE, f"offered: {shown}; used before: {floor}",
                        server=server or "of this account")
    return no_trusted_mechanism(offered, server)


def no_trusted_mechanism(offered: Iterable[str], server: str = "") -> UserError:
    return describe(ErrorKind.NO_TRUSTED_MECHANISM,
                    f"offered: {', '.join(sorted(offered)) or 'none'}",
                    server=server or "of this account")
