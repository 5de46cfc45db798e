"""A call window on Alice's side of a real two-session call (tests/calls_pair.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from PySide6.QtGui import QColor, QImage

from heron.ui.call_window import CallWindow
from tests.calls_pair import Call, call
from tests.ui.windows import loop_survives_close


@dataclass
class Hangups:
    calls: list[str] = field(default_factory=list)

    async def __call__(self) -> None:
        self.calls.append("hang up")


@asynccontextmanager
async def call_window(video: bool = True, bob_video: bool | None = None,
                      ) -> AsyncIterator[tuple[CallWindow, Call, Hangups]]:
    with loop_survives_close():
        async with call(video=video, bob_video=bob_video) as c:
            hangups = Hangups()
            window = CallWindow(c.alice, "bob@localhost", "Bob Builder", video=video,
                                on_hang_up=hangups, own_jid="alice@localhost",
                                own_name="Alice")
            window.show()
            try:
                yield window, c, hangups
            finally:
                window.call_ended()
                window.close()


def has_colour(image: QImage, colour: tuple[int, int, int], tolerance: int = 60,
               at_least: int = 40) -> bool:
    """Does ``colour`` cover a patch of the middle row of ``image``?"""
    target = QColor(*colour)
    y = image.height() // 2
    hits = 0
    for x in range(image.width()):
        pixel = image.pixelColor(x, y)
        if (abs(pixel.red() - target.red()) + abs(pixel.green() - target.green())
                + abs(pixel.blue() - target.blue())) < tolerance:
            hits += 1
    return hits >= at_least
