"""Screenshots of a room's settings form (XEP-0004 through ui/data_form.py), light and dark:
the demo user creates a room on the demo server and opens its real configuration form.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screens_room_config [OUT_DIR]

Writes room-config.png and room-config-dark.png to OUT_DIR (docs/screenshots by default).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from heron.application import Heron
from heron.core.paths import ProfilePaths
from heron.demo.world import DemoWorld
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.ui.room_config import RoomConfigDialog
from heron.ui.runner import cancel_leftovers
from tests.ui.screens_themes import open_echo, run_shots, save, until


async def shoot(out: Path, work: Path) -> None:
    world = DemoWorld(work / "demo-server")
    account = await world.start()
    app = Heron(ProfilePaths(work / "profile"))
    await app.open()
    window: MainWindow | None = None
    try:
        window = await open_echo(app, account)
        room = f"book-club@{account.room.split('@')[1]}"
        await app.sessions[account.jid].muc_admin.create(room, "me", instant=False)
        dialog = RoomConfigDialog(app, account.jid, room, window, created=True)
        dialog.show()
        await until(lambda: dialog.form is not None)
        assert dialog.form is not None
        dialog.form.rows["muc#roomconfig_roomname"].widget.setProperty("text", "Book club")
        dialog.form.rows["muc#roomconfig_roomdesc"].widget.setProperty(
            "text", "One book a month, talked over on Fridays")
        qt_app = QApplication.instance()
        assert isinstance(qt_app, QApplication)
        for scheme, name in (("light", "room-config"), ("dark", "room-config-dark")):
            theme.set_appearance(qt_app, scheme)
            dialog.resize(640, 760)
            await asyncio.sleep(0.4)
            save(dialog, out, name)
        dialog.reject()
    finally:
        if window is not None:
            window.close()
        await app.close()
        await world.stop()
        await cancel_leftovers()


def main() -> int:
    return run_shots(shoot)


if __name__ == "__main__":
    sys.exit(main())
