"""Heron's own slixmpp plugins, in slixmpp's shape (a stanza module and a plugin class per XEP).

slixmpp 1.17 has no Jingle: these are loaded by ``xmpp/client.py`` like slixmpp's own plugins.
"""

from __future__ import annotations

import importlib
from typing import Any, cast

from slixmpp import BaseXMPP

JINGLE_PLUGINS = ("xep_0166", "xep_0167", "xep_0176", "xep_0320", "xep_0338")


def load_jingle(xmpp: BaseXMPP) -> None:
    """Registers the Jingle plugins on a client; their disco features stay off until calls
    are enabled (``advertise_calls``)."""
    for name in JINGLE_PLUGINS:
        # Importing the package registers the plugin class with slixmpp (as its own do).
        importlib.import_module(f"heron.xmpp.plugins.{name}")
        xmpp.register_plugin(name)


def advertise_calls(xmpp: BaseXMPP, on: bool) -> None:
    """Adds (or removes) every Jingle feature in disco, so peers offer calls only when Heron
    can take them."""
    for name in JINGLE_PLUGINS:
        cast(Any, xmpp.plugin)[name].advertise(on)
