"""Pre keys' public halves from Heron's table (crypto/omemo/pubkeys.py): the same keys as
python-x3dh computes, so bundles and key exchanges do not change."""

from __future__ import annotations

import os

import xeddsa
from x3dh.pre_key_pair import PreKeyPair
from x3dh.signed_pre_key_pair import SignedPreKeyPair

from heron.crypto.omemo import pubkeys


def test_public_halves_are_the_curve25519_keys_of_their_private_halves() -> None:
    pubkeys.install()
    for _ in range(3):
        priv = xeddsa.seed_to_priv(os.urandom(32))
        expected = xeddsa.priv_to_curve25519_pub(priv)
        assert PreKeyPair(priv).pub == expected
        assert PreKeyPair(priv).pub == expected  # the second look, from the table
        assert SignedPreKeyPair(priv, b"", 0).pub == expected


def test_the_table_stays_bounded_and_holds_no_private_key() -> None:
    privs = [xeddsa.seed_to_priv(os.urandom(32)) for _ in range(pubkeys.CAPACITY + 5)]
    for priv in privs:
        pubkeys.public_half(priv)
    assert len(pubkeys._known) <= pubkeys.CAPACITY
    assert not set(privs) & set(pubkeys._known)
    assert pubkeys.public_half(privs[0]) == xeddsa.priv_to_curve25519_pub(privs[0])
