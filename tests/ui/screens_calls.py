"""Screenshots of the incoming-call window in the light and the dark scheme.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screens_calls [OUT_DIR]

Writes call-incoming.png (light, a video call) and call-incoming-dark.png (dark, a voice call)
to OUT_DIR (docs/screenshots by default). The window is the real one, opened by the bus event
the ringing service publishes for a proposal from a contact in the roster.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from heron.application import Heron
from heron.core.events import CallIncoming, RosterEntry, RosterLoaded
from heron.core.paths import ProfilePaths
from heron.ui import theme
from heron.ui.main_window import MainWindow
from tests.ui.screens_loop import run_screens

ACCOUNT, CONTACT = "romeo@montague.example", "juliet@capulet.example"


async def shoot(out: Path, scheme: str, video: bool, name: str) -> None:
    qt = QApplication.instance()
    assert isinstance(qt, QApplication)
    theme.apply(qt, scheme)
    with tempfile.TemporaryDirectory() as profile:
        app = Heron(ProfilePaths(Path(profile)))
        await app.open()
        window = MainWindow(app)
        app.bus.publish(RosterLoaded(ACCOUNT, (RosterEntry(CONTACT, "Juliet Capulet", (),
                                                           "both"),)))
        app.bus.publish(CallIncoming(ACCOUNT, name, f"{CONTACT}/phone", True, video))
        await asyncio.sleep(0.2)
        ring = window.call_ringing.open[name]
        out.mkdir(parents=True, exist_ok=True)
        ring.grab().save(str(out / f"{name}.png"))
        print(f"saved {out / name}.png")
        ring.close()
        window.close()
        await app.close()


async def main(out: Path) -> None:
    await shoot(out, "light", True, "call-incoming")
    await shoot(out, "dark", False, "call-incoming-dark")


if __name__ == "__main__":
    run_screens(main)
