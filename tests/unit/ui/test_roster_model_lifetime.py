"""A closed window's contact list stops listening: the sessions that end after it (their last
"offline" presence) must not reach a deleted model, which would raise on every event."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject

from heron.core.bus import EventBus
from heron.core.events import PresenceChanged
from heron.models.roster import RosterModel


def test_presence_after_the_window_is_gone_reaches_no_deleted_model(
        qapp: object, caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus()
    window = QObject()
    model = RosterModel(bus, window)
    model.add_requests("alice@example.org", {"bob@example.org"})
    del model
    window.deleteLater()
    del window
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    with caplog.at_level(logging.ERROR):
        bus.publish(PresenceChanged("alice@example.org", "bob@example.org", "offline", ""))
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
