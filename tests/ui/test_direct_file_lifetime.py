"""A closed window's "Send directly" and call buttons stop listening: a session that ends after
the window is gone (its contacts' last "offline" presence) must not reach deleted widgets,
which would raise on every such event.

The conversation pane itself still has the same fault (ConversationPane._on_presence raises on
a deleted label): that is outside this branch, so the test allows bus errors and names the two
listeners it is about."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from heron.application import Heron
from heron.core.events import PresenceChanged
from heron.core.paths import ProfilePaths
from heron.ui.main_window import MainWindow

pytestmark = [pytest.mark.asyncio, pytest.mark.bus_errors_expected]

ME, BOB = "alice@example.org", "bob@example.org"


async def test_presence_after_the_window_is_gone_reaches_no_deleted_button(
        qapp: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = Heron(ProfilePaths(tmp_path))
    await app.open()
    try:
        window = MainWindow(app)
        await window.open_conversation(ME, BOB)
        assert window.conversation.direct_files.current == (ME, BOB)
        window.deleteLater()
        del window
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        with caplog.at_level(logging.ERROR):
            app.bus.publish(PresenceChanged(ME, BOB, "offline", ""))
        raised = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert not [m for m in raised if "DirectFiles" in m or "CallControls" in m], raised
    finally:
        await app.close()
