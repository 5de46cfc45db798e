# XEP-0392: Consistent Color Generation
"""The same colour for the same name in every client: a contact's initials here look like
their avatar placeholder in Conversations, Dino and Gajim, and (for rooms) a nick's colour.

The text's SHA-1, its first two bytes as a little-endian number, scaled to a hue angle, then
HSLuv (perceptually even lightness, so no colour is much darker than another) to sRGB.
"""

from __future__ import annotations

import hashlib

import hsluv

SATURATION = 100.0
LIGHTNESS = 50.0  # the XEP's default: white initials stay readable on every hue


def hue_angle(text: str) -> float:
    """Degrees in [0, 360)."""
    digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).digest()
    return int.from_bytes(digest[:2], "little") / 65536 * 360


def rgb(text: str, saturation: float = SATURATION,
        lightness: float = LIGHTNESS) -> tuple[float, float, float]:
    """sRGB components in [0, 1] for ``text`` (a bare JID, or a nick in a room)."""
    r, g, b = hsluv.hsluv_to_rgb([hue_angle(text), saturation, lightness])
    return (min(max(r, 0.0), 1.0), min(max(g, 0.0), 1.0), min(max(b, 0.0), 1.0))


def hex_color(text: str, saturation: float = SATURATION, lightness: float = LIGHTNESS) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb(text, saturation, lightness))
