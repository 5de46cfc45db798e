"""Screenshots of a busy room with its list of people, light and dark, from the demo world:
the lounge's bots talk, the demo user answers; more people fill the room (presence built from
XML through Heron's real handler, as in the storm test) with moderators, members and visitors;
three of them show their pictures (the demo's, as if fetched earlier).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screens_rooms [OUT_DIR]

Writes room-busy.png and room-busy-dark.png to OUT_DIR (docs/screenshots by default).
"""

from __future__ import annotations

import asyncio
import hashlib
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication
from slixmpp.stanza import Presence
from slixmpp.xmlstream import ET

from heron import demo
from heron.application import Heron
from heron.core.paths import ProfilePaths
from heron.demo.lounge import join_when_connected
from heron.demo.world import DemoWorld
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.ui.runner import cancel_leftovers
from tests.ui.screens_themes import open_echo, run_shots, save, until

MUC_USER = "http://jabber.org/protocol/muc#user"
#: (nick, role, affiliation, show) of the people who fill the room for the picture
GUESTS = (
    ("Grace", "moderator", "admin", ""), ("Margaret", "participant", "member", ""),
    ("Linus", "participant", "member", "away"), ("Katherine", "participant", "member", ""),
    ("Dennis", "participant", "none", "dnd"), ("Frances", "participant", "none", ""),
    ("Edsger", "participant", "none", "xa"), ("Radia", "participant", "member", ""),
    ("Ken", "visitor", "none", ""), ("Sophie", "visitor", "none", "away"),
)


def _guest(client: object, room: str, nick: str, role: str, affiliation: str,
           show: str, photo: str = "") -> Presence:
    show_xml = f"<show>{show}</show>" if show else ""
    photo_xml = (f"<x xmlns='vcard-temp:x:update'><photo>{photo}</photo></x>" if photo
                 else "")
    xml = ET.fromstring(
        f"<presence xmlns='jabber:client' from='{room}/{nick}'>{show_xml}"
        f"<x xmlns='{MUC_USER}'><item affiliation='{affiliation}' role='{role}'/></x>"
        f"{photo_xml}</presence>")
    return Presence(client, xml)


async def _known_picture(app: Heron, nick: str) -> str:
    """The hash of the demo picture of ``nick`` (if there is one), already in the avatar store
    as after an earlier fetch: the guests are not on the server to be asked."""
    path = Path(demo.__file__).parent / "avatars" / f"{nick.lower()}.png"
    if not path.exists():
        return ""
    data = path.read_bytes()
    sha1 = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    await app.repos.avatars.save_file(sha1, data)
    return sha1


async def shoot(out: Path, work: Path) -> None:
    world = DemoWorld(work / "demo-server")
    account = await world.start()
    app = Heron(ProfilePaths(work / "profile"))
    await app.open()
    window: MainWindow | None = None
    try:
        assert world.lounge is not None
        world.lounge.talk_every = (0.4, 0.8)
        world.lounge.come_and_go_every = 10_000.0  # everyone stays for the picture
        window = await open_echo(app, account)
        await join_when_connected(app, account.jid, account.room, "me")
        session = app.sessions[account.jid]
        for guest in GUESTS:
            session.client.event("presence", _guest(session.client, account.room, *guest,
                                                    await _known_picture(app, guest[0])))
        await window.open_conversation(account.jid, account.room)
        model = window.conversation.message_model
        assert model is not None
        await until(lambda: len(model.messages()) >= 5)
        window.composer.setPlainText("Hi everyone! Just trying Heron's rooms.")
        window.send_current()
        await asyncio.sleep(1.5)
        world.lounge.talk_every = (3600.0, 3600.0)  # quiet while the pictures are taken
        qt_app = QApplication.instance()
        assert isinstance(qt_app, QApplication)
        for scheme, name in (("light", "room-busy"), ("dark", "room-busy-dark")):
            theme.set_appearance(qt_app, scheme)
            window.resize(1100, 720)
            await asyncio.sleep(0.5)
            save(window, out, name)
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
