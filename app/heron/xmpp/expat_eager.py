"""Expat's reparse deferral, turned off for the parsers of our XMPP streams.

Expat 2.6 (and distributions' patched 2.5, e.g. Debian 12's libexpat1 2.5.0-1+deb12u5) tries a
token that arrives in pieces again only once its bytes have doubled. In a stream that is a
stanza held back until more data comes (the next ping, seconds later). Python 3.12.3+ and
3.13 expose the switch; Debian 12's Python 3.11.2 does not, though its libexpat has it, so
there the C function is called on the parser's handle (CPython 3.11's parser object keeps
it right after the object header). Re-parsing stays bounded by the stanza limits of
:mod:`heron.xmpp.xmlguard`.

This module must not import Qt.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.parsers import expat


def parse_eagerly(parser: Any) -> None:
    """Make ``parser`` (from ``expat.ParserCreate``) parse every token as soon as it is whole."""
    if hasattr(parser, "SetReparseDeferralEnabled"):
        parser.SetReparseDeferralEnabled(False)
        return
    setter = _c_setter()
    if setter is None:
        return  # an expat without deferral: nothing to turn off
    handle = ctypes.c_void_p.from_address(id(parser) + object.__basicsize__).value
    if handle:
        setter(handle, 0)


@functools.cache
def _c_setter() -> Callable[[int, int], int] | None:
    """The C switch, only where calling it is known to be sound: CPython 3.11 (the parser
    object's layout) whose pyexpat uses the shared system libexpat of the same version."""
    if sys.implementation.name != "cpython" or sys.version_info[:2] != (3, 11):
        return None
    name = ctypes.util.find_library("expat") or "libexpat.so.1"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return None
    setter = getattr(library, "XML_SetReparseDeferralEnabled", None)
    version = getattr(library, "XML_ExpatVersion", None)
    if setter is None or version is None:
        return None
    version.restype = ctypes.c_char_p
    if version().decode() != expat.EXPAT_VERSION or not _shared_expat_loaded():
        return None  # pyexpat carries its own expat: its parsers are not this library's
    setter.argtypes = [ctypes.c_void_p, ctypes.c_ubyte]
    setter.restype = ctypes.c_ubyte
    return setter  # type: ignore[no-any-return]


def _shared_expat_loaded() -> bool:
    """pyexpat is linked to the shared libexpat (it is mapped into this process)."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return False
    return "libexpat.so" in maps
