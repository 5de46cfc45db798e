"""The picture Echo sends in ``heron --demo``: a heron by a pond at dawn, drawn as a PNG in
pure Python (the demo sits below the Qt boundary), small and the same every time."""

from __future__ import annotations

import math
import struct
import zlib

WIDTH, HEIGHT = 480, 320
HORIZON = 200
SUN = (120, 150, 38)  # centre and radius


def _sky(y: int) -> tuple[int, int, int]:
    t = y / HORIZON
    return (int(250 - 70 * t), int(190 - 40 * t), int(140 + 80 * t))


def _near_segment(px: float, py: float, a: tuple[float, float], b: tuple[float, float],
                  width: float) -> bool:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy)) <= width


# The bird: legs, body, neck and beak as thick segments, in a dark slate blue.
_BIRD = (
    ((300, 150), (292, 232), 2.2), ((312, 150), (318, 232), 2.2),  # legs
    ((270, 128), (335, 150), 15.0),  # body
    ((335, 150), (352, 158), 5.0),  # tail
    ((278, 124), (262, 88), 5.5), ((262, 88), (272, 62), 5.0),  # neck
    ((272, 62), (244, 72), 2.4),  # beak
)
_BIRD_COLOUR = (52, 62, 86)
_BOX = (225, 40, 370, 240)  # where the bird is (left, top, right, bottom)


def _pixel(x: int, y: int) -> tuple[int, int, int]:
    if _BOX[0] <= x <= _BOX[2] and _BOX[1] <= y <= _BOX[3] and any(
            _near_segment(x, y, a, b, w) for a, b, w in _BIRD):
        return _BIRD_COLOUR
    if math.hypot(x - SUN[0], y - SUN[1]) < SUN[2] and y < HORIZON:  # the sun, low
        return (255, 226, 150)
    if y < HORIZON:
        return _sky(y)
    ripple = 10 if (y + int(6 * math.sin(x / 17))) % 14 < 2 else 0  # noqa: PLR2004  stripes
    depth = (y - HORIZON) / (HEIGHT - HORIZON)
    return (int(70 - 30 * depth) + ripple, int(110 - 30 * depth) + ripple,
            int(150 - 20 * depth) + ripple)


def heron_png() -> bytes:
    rows = bytearray()
    for y in range(HEIGHT):
        rows.append(0)  # filter: none
        for x in range(WIDTH):
            rows.extend(_pixel(x, y))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))
