"""OMEMO (XEP-0384) around python-omemo: storage adapter, slixmpp plugin, trust policy.

Importing this package is light; its modules import python-omemo (about 0.9 s with
slixmpp-omemo) and are loaded only after login, never on the way to the first paint.
"""

from __future__ import annotations

#: The two OMEMO versions: OMEMO 2 (with XEP-0420 stanza content encryption) and legacy
#: OMEMO 0.3, which Conversations, Dino, Gajim and Profanity speak.
TWOMEMO = "urn:xmpp:omemo:2"
OLDMEMO = "eu.siacs.conversations.axolotl"
BOTH = (TWOMEMO, OLDMEMO)
