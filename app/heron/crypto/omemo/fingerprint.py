"""Fingerprints of OMEMO identity keys, as people compare them.

OMEMO 2 clients (Kaidan) show the Ed25519 identity key; legacy clients (Conversations, Dino,
Gajim) show its Curve25519 form, the key they publish. Both are 64 hex digits, read in blocks
of 8.
"""

from __future__ import annotations

from heron.crypto.omemo import TWOMEMO


def fingerprint(identity_key: bytes, namespace: str) -> str:
    """The hex fingerprint a client of ``namespace`` shows for ``identity_key`` (Ed25519)."""
    if namespace == TWOMEMO:
        return identity_key.hex()
    import xeddsa  # noqa: PLC0415  part of the OMEMO stack, loaded after login

    return bytes(xeddsa.ed25519_pub_to_curve25519_pub(identity_key)).hex()


def blocks(hex_digits: str, size: int = 8) -> str:
    """``hex_digits`` in blocks of ``size`` for reading aloud."""
    return " ".join(hex_digits[i:i + size] for i in range(0, len(hex_digits), size))
