"""Looking for a colour in a grabbed image (every second pixel each way: a bubble or badge is
larger than that)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage


def count_near(image: QImage, colour: QColor, tolerance: int = 40) -> int:
    """How many sampled pixels are within ``tolerance`` (sum of RGB differences) of it."""
    found = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if (abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green())
                    + abs(pixel.blue() - colour.blue())) < tolerance:
                found += 1
    return found
