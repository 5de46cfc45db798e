"""Call video reaches the screen through a worker: conversion happens off the GUI thread, and
when frames come faster than they are shown the newest one wins (no stale picture queue)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from av import VideoFrame
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from heron.calls.sources import PatternTrack, bar_left
from heron.models.call_video import FrameConverter, frame_to_image
from tests.helpers import until


def _pattern(elapsed: float) -> Any:
    track = PatternTrack((255, 140, 0))
    frame = VideoFrame(width=640, height=480, format="yuv420p")
    left = bar_left(elapsed)
    for index, plane in enumerate(frame.planes):
        plane.update(track._plane(index, plane.line_size, left))
    return frame


class _Watched:
    """A frame that notes the thread it was converted on."""

    def __init__(self, frame: Any) -> None:
        self.frame, self.threads = frame, []

    def reformat(self, **kwargs: Any) -> Any:
        self.threads.append(threading.current_thread())
        return self.frame.reformat(**kwargs)


def _bar_column(image: QImage) -> int:
    y = image.height() // 2
    return next(x for x in range(image.width()) if image.pixelColor(x, y).red() > 200)


def test_a_frame_becomes_an_image_with_the_same_picture() -> None:
    image = frame_to_image(_pattern(1.0))
    assert (image.width(), image.height()) == (640, 480)
    assert abs(_bar_column(image) - bar_left(1.0)) <= 2
    small = frame_to_image(_pattern(1.0), QSize(320, 320))
    assert (small.width(), small.height()) == (320, 240)  # scaled to fit, aspect kept


@pytest.mark.asyncio
async def test_conversion_runs_off_the_gui_thread_and_the_newest_frame_wins() -> None:
    converter = FrameConverter()
    shown: list[int] = []
    converter.ready.connect(lambda: shown.append(1))
    frames = [_Watched(_pattern(t)) for t in (0.2, 1.0, 2.0)]
    try:
        for frame in frames:
            converter.submit(frame)
        # nobody takes an image meanwhile: all but the newest frame are dropped
        await until(lambda: converter.dropped == 2)
        await until(lambda: shown)
        image = converter.take()
        assert image is not None
        assert abs(_bar_column(image) - bar_left(2.0)) <= 2  # the last one, not a stale one
        assert converter.take() is None  # each image once
        converted_on = {t for f in frames for t in f.threads}
        assert converted_on
        assert threading.main_thread() not in converted_on
        await asyncio.sleep(0.05)
    finally:
        converter.stop()
    assert not any(t.name.startswith("heron-video") for t in threading.enumerate()
                   if t.is_alive() and t in converted_on)
