"""Pre keys' public halves, computed once instead of on every look (python-x3dh).

python-x3dh keeps only the private half of each pre key and derives the public half (an X25519
base-point multiplication, ~0.1 ms) every time ``.pub`` is read. Each received key exchange
looks through all ~100 pre keys that way (to find and delete the one used), and so does every
bundle built for publishing: 10-20 ms of C on the event loop per message, the largest stall of
a burst of encrypted messages (tests/bench/omemo_burst.py --stalls). Heron keeps the public
halves in a bounded table; it is keyed by a hash of the private half, so no private key is kept
alive by the table after python-omemo deletes it.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Any

import xeddsa
from x3dh.pre_key_pair import PreKeyPair
from x3dh.signed_pre_key_pair import SignedPreKeyPair

#: at least the visible and hidden pre keys of both backends (100 each) and signed pre keys
CAPACITY = 1024

_known: OrderedDict[bytes, bytes] = OrderedDict()


def public_half(priv: bytes) -> bytes:
    """The Curve25519 public key of ``priv``, from the table when computed before."""
    digest = hashlib.blake2b(priv, digest_size=32).digest()
    pub = _known.get(digest)
    if pub is None:
        pub = xeddsa.priv_to_curve25519_pub(priv)
        _known[digest] = pub
        if len(_known) > CAPACITY:
            _known.popitem(last=False)
    return pub


def _pub(self: Any) -> bytes:
    return public_half(self.priv)


def install() -> None:
    """Make python-x3dh's pre key classes read their public half through the table (the
    value is the same; only how often it is computed changes)."""
    PreKeyPair.pub = property(_pub)  # type: ignore[assignment,method-assign]
    SignedPreKeyPair.pub = property(_pub)  # type: ignore[assignment,method-assign]
