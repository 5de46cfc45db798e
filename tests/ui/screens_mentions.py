"""Screenshots of a room with a message that mentions the user, light and dark: the demo
lounge with its people, one message naming the user's nick (highlighted in its bubble), and
the user's answer. The mention arrives through Heron's real message handler.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screens_mentions [OUT_DIR]

Writes room-mention.png, room-mention-dark.png and room-mention-badge.png (the sidebar
with the lounge's "@") to OUT_DIR (docs/screenshots by default).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication
from slixmpp.stanza import Message
from slixmpp.xmlstream import ET

from heron.application import Heron
from heron.core.paths import ProfilePaths
from heron.demo.lounge import join_when_connected
from heron.demo.world import DemoWorld
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.ui.runner import cancel_leftovers
from tests.ui.screens_rooms import GUESTS, _guest
from tests.ui.screens_themes import open_echo, run_shots, save, until

NICK = "Robin"


async def shoot(out: Path, work: Path) -> None:
    world = DemoWorld(work / "demo-server")
    account = await world.start()
    app = Heron(ProfilePaths(work / "profile"))
    await app.open()
    window: MainWindow | None = None
    try:
        assert world.lounge is not None
        world.lounge.talk_every = (0.4, 0.8)
        world.lounge.come_and_go_every = 10_000.0
        window = await open_echo(app, account)
        await join_when_connected(app, account.jid, account.room, NICK)
        session = app.sessions[account.jid]
        if session.muc.rooms[account.room].nick != NICK:
            await session.muc.change_nick(account.room, NICK)
        for guest in GUESTS:
            session.client.event("presence", _guest(session.client, account.room, *guest))
        await window.open_conversation(account.jid, account.room)
        model = window.conversation.message_model
        assert model is not None
        await until(lambda: len(model.messages()) >= 4)
        world.lounge.talk_every = (3600.0, 3600.0)  # quiet while the pictures are taken
        _mention(session, account.room, account.jid,
                 f"@{NICK} could you look at the release notes before Friday?")
        await asyncio.sleep(0.5)
        window.composer.setPlainText("On it — I'll send comments this afternoon.")
        window.send_current()
        await asyncio.sleep(1.5)
        qt_app = QApplication.instance()
        assert isinstance(qt_app, QApplication)
        for scheme, name in (("light", "room-mention"), ("dark", "room-mention-dark")):
            theme.set_appearance(qt_app, scheme)
            window.resize(1100, 720)
            await asyncio.sleep(0.5)
            save(window, out, name)
        # Reading another chat, the lounge's rows show the unread mention ("@").
        theme.set_appearance(qt_app, "light")
        await window.open_conversation(account.jid, f"echo@{account.jid.split('@')[1]}")
        _mention(session, account.room, account.jid, f"{NICK}: and the slides, please")
        window.sidebar.chats.switch.buttons["chats"].click()
        await asyncio.sleep(0.8)
        save(window.sidebar, out, "room-mention-badge")
    finally:
        if window is not None:
            window.close()
        await app.close()
        await world.stop()
        await cancel_leftovers()


def _mention(session: Any, room: str, to: str, text: str) -> None:
    """Grace's groupchat message, through Heron's real handler."""
    xml = ET.fromstring(f"<message xmlns='jabber:client' type='groupchat' from='{room}/Grace' "
                        f"to='{to}'><body>{text}</body></message>")
    session.client.event("message", Message(session.client, xml))


def main() -> int:
    return run_shots(shoot)


if __name__ == "__main__":
    sys.exit(main())
