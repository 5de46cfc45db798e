"""A window that is gone stops listening: every widget and model of the main window that
subscribes to the application's bus unsubscribes when it is destroyed. The bus outlives the
window (the sessions end after it), and a handler left behind would be called on a deleted
Qt object for every later event (RosterModel, OccupantModel and the call windows did, one by
one). Real window, real Heron, a conversation opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heron.application import Heron
from heron.core.paths import ProfilePaths
from heron.ui.main_window import MainWindow
from heron.ui.notifications import MessageNotifications
from heron.ui.sounds import MessageSounds
from tests.helpers import until
from tests.ui.windows import loop_survives_close

pytestmark = [pytest.mark.asyncio]


async def test_a_destroyed_main_window_leaves_no_handler_on_the_bus(
        qtbot: Any, tmp_path: Path) -> None:
    app = Heron(ProfilePaths(tmp_path / "p"))
    await app.open()
    try:
        before = app.bus.handler_count()
        with loop_survives_close():
            window = MainWindow(app)
            MessageNotifications(window)  # the runner adds these two to the window
            MessageSounds(window)
            window.show()
            await window.open_conversation("alice@example.org", "bob@example.org")
            assert app.bus.handler_count() > before
            gone: list[bool] = []
            window.destroyed.connect(lambda _o=None: gone.append(True))
            window.close()
            window.deleteLater()
            del window
            await until(lambda: gone)
        assert app.bus.handler_count() == before
    finally:
        await app.close()
