"""Screenshots of the call window during a real call (two aiortc sessions on loopback with the
synthetic tone and moving pattern), light and dark.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screens_call [OUT_DIR]

Writes call-video.png, call-video-dark.png, call-audio.png and call-audio-dark.png.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import aioice.ice
from PySide6.QtWidgets import QApplication

from heron.ui import theme
from heron.ui.call_window import CallWindow
from tests.calls_pair import call
from tests.ui.screens_themes import run_shots, save, until


async def shoot(out: Path, work: Path) -> None:
    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]  # loopback only
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    for scheme in ("light", "dark"):
        theme.set_appearance(qt_app, scheme)
        suffix = "" if scheme == "light" else "-dark"
        for video in (True, False):
            async with call(video=video) as c:
                window = CallWindow(c.alice, "bob@localhost", "Bob Builder", video=video,
                                    on_hang_up=lambda: None, own_jid="alice@localhost",
                                    own_name="Alice")
                window.show()
                if video:
                    await until(lambda w=window: w.remote.frames_shown > 20
                                and w.preview.frames_shown > 20)
                await asyncio.sleep(3.2)  # a duration and a first quality reading
                save(window, out, f"call-{'video' if video else 'audio'}{suffix}")
                window.call_ended()
                window.close()


if __name__ == "__main__":
    sys.exit(run_shots(shoot))
