"""Screenshots of files sent straight to a contact (issue 10, point 7), light and dark:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screens_direct_files [OUT_DIR]

Writes direct-file.png and direct-file-dark.png to OUT_DIR (docs/screenshots by default). All
of it is real: a Prosody on loopback, two Heron sessions, Alice sends Bob a video (which he
accepted, so it is on its way) and then the plans (an offer waiting for his answer); the shot is
Bob's window.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from heron.core.file_events import FileState
from heron.demo.prosody import LocalProsody
from heron.models.messages import MessageRoles
from heron.ui import theme
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.heron_process import befriend
from tests.integration.parties import account_for, start_heron
from tests.ui.screens_loop import run_screens


def _states(window: MainWindow) -> list[FileState]:
    model = window.message_model
    if model is None:
        return []
    files = (model.index(r).data(MessageRoles.File) for r in range(model.rowCount()))
    return [f.state for f in files if f is not None]


async def shoot(out: Path, scheme: str, name: str) -> None:
    qt = QApplication.instance()
    assert isinstance(qt, QApplication)
    theme.apply(qt, scheme)
    import aioice.ice  # (the data channel's ICE) 127.0.0.1 too, as in the tests

    aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: ["127.0.0.1"]  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        server = LocalProsody(root / "server")
        server.start()
        apps = []
        try:
            alice = (server.register("alice", "alice-pw-1"), "alice-pw-1")
            bob = (server.register("bob", "bob-pw-1"), "bob-pw-1")
            await befriend(server, alice, bob)
            for own, other, their_name in ((alice, bob, "Bob Marsh"),
                                           (bob, alice, "Alice Heron")):
                app = await start_heron(root / own[0], account_for(server, own[0]), own[1],
                                        connect=False)
                apps.append(app)
                if own is bob:  # the window is there from the start, as when Bob runs Heron
                    window = MainWindow(app)
                    window.resize(980, 640)
                    window.show()
                app.start_account(own[0])
                await until(lambda app=app, own=own: app.sessions[own[0]].set_up, 20)
                await app.sessions[own[0]].roster.set_item(other[0], their_name, ())
                app.settings.download_dir = str(root / f"{own[0]}-downloads")
            sender = apps[0].sessions[alice[0]]
            roster = window.conversation.roster_model
            await until(lambda: getattr(roster.row_for(alice[0]), "display", "") ==
                        "Alice Heron", 20)
            await window.open_conversation(bob[0], alice[0])
            await sender.chat.send(bob[0], "Here is the survey video and the boat-house plans, "
                                           "straight from my laptop.")
            device = ""
            async with asyncio.timeout(20):
                while not device:
                    device = await sender.jingle_files.device_for(bob[0])
            video = root / "Lake survey, May.mp4"
            video.write_bytes(os.urandom(60 * 1024 * 1024))
            await sender.jingle_files.send(device, video)
            await until(lambda: _states(window) == [FileState.DIRECT_OFFERED], 20)
            model = window.message_model
            assert model is not None
            card = model.index(model.rowCount() - 1).data(MessageRoles.File)
            window.conversation.direct_files.act(card, "accept")
            plans = root / "boat-house plans.pdf"
            plans.write_bytes(os.urandom(2_400_000))
            await until(lambda: _states(window)[:1] == [FileState.DIRECT_RECEIVING], 20)
            await sender.jingle_files.send(device, plans)
            await until(lambda: _states(window) == [FileState.DIRECT_RECEIVING,
                                                    FileState.DIRECT_OFFERED], 20)
            await asyncio.sleep(4)  # some of the video arrived
            window.message_view.scrollToBottom()
            await asyncio.sleep(0.3)
            out.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(out / f"{name}.png"))
            print(f"saved {out / name}.png")
            window.hide()
        finally:
            for app in apps:
                await app.close()
            server.stop()


async def main(out: Path) -> None:
    await shoot(out, "light", "direct-file")
    await shoot(out, "dark", "direct-file-dark")


if __name__ == "__main__":
    run_screens(main)
