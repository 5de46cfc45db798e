"""The open conversation's file index outlives nothing: once its window is gone, a late file
event (an upload finishing after the window closed) is ignored, not an error."""

from __future__ import annotations

import logging

import pytest
import shiboken6
from PySide6.QtCore import QObject

from heron.core.bus import EventBus
from heron.core.events import Direction
from heron.core.file_events import FileChanged, FileTransfer
from heron.models.files import FileIndex


def test_a_late_event_after_the_window_went_away(qapp: object,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus()
    parent = QObject()
    index = FileIndex(bus, "me@x", "you@x", parent)
    seen: list[int] = []
    index.changed.connect(seen.append)
    event = FileChanged("me@x", "you@x", FileTransfer(7, "me@x", "you@x", Direction.INCOMING,
                                                      "https://h/a.txt", "a.txt", None))
    bus.publish(event)
    assert seen == [7]
    shiboken6.delete(parent)
    with caplog.at_level(logging.ERROR, logger="heron.core.bus"):
        bus.publish(event)
    assert caplog.records == []
