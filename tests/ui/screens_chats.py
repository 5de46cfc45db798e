"""Screenshots of the sidebar's two lists (issue 8, point 7) for docs/screenshots/: "Chats"
(conversations by last activity: previews, times, unread counts, pictures, presence) beside
"Contacts", light (chats-list.png) and dark (chats-list-dark.png).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screens_chats [OUT_DIR]

Real widgets over a throw-away profile; the history is stored, the presences and pictures are
the events the services publish.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication

from heron.application import Heron
from heron.core.events import (
    AvatarChanged,
    ConnectionChanged,
    ConnectionState,
    Direction,
    NewMessage,
    PresenceChanged,
    RosterEntry,
)
from heron.core.paths import ProfilePaths
from heron.core.settings import AccountConfig
from heron.ui import theme
from heron.ui.main_window import MainWindow
from tests.ui.screens_themes import run_shots

ME = "me@example.org"
AVATARS = Path(__file__).resolve().parents[2] / "app/heron/demo/avatars"
DAY = 86400.0


async def fill(app: Heron, now: float) -> None:
    """Five conversations: an answer of ours, unread ones, a picture, a deleted message, an
    old one; and a stranger's first message."""
    app.save_account(AccountConfig(ME), None)
    contacts = [("ada@example.org", "Ada Lovelace", ("Friends",)),
                ("grace@example.org", "Grace Hopper", ("Work",)),
                ("alan@example.org", "Alan Turing", ("Work",)),
                ("bob@example.org", "Bob", ("Friends",)),
                ("carol@example.org", "Carol", ()), ("dave@example.org", "Dave", ())]
    await app.repos.roster.replace_all(ME, [RosterEntry(j, n, g, "both")
                                            for j, n, g in contacts])
    lines = [
        ("ada@example.org", Direction.INCOMING, "Did you see the new engine notes?", 3000),
        ("ada@example.org", Direction.INCOMING, "The second table is the interesting one:\n"
         "it computes Bernoulli numbers.", 60),
        ("grace@example.org", Direction.OUTGOING, "Found the bug: a moth in relay 70.", 1500),
        ("alan@example.org", Direction.INCOMING,
         "https://files.example.org/upload/ab12/machine.png", 4 * 3600),
        ("bob@example.org", Direction.INCOMING, "Lunch on Friday?", 2 * DAY + 300),
        ("carol@example.org", Direction.OUTGOING, "Thanks, see you at the meetup!", 20 * DAY),
        ("stranger@example.net", Direction.INCOMING, "Hi! Is this the Heron team?", 5 * 3600),
    ]
    await app.repos.messages.add_many([
        NewMessage(ME, peer, direction, body, now - ago, origin_id=f"s{i}", message_id=f"s{i}")
        for i, (peer, direction, body, ago) in enumerate(lines)])
    await app.repos.messages.add_many([NewMessage(ME, "dave@example.org", Direction.INCOMING,
                                                  "wrong chat, sorry", now - 3 * DAY,
                                                  origin_id="d1", message_id="d1")])
    await app.repos.messages.retract(ME, "dave@example.org", Direction.INCOMING, "d1", now)
    await app.repos.messages.mark_read(ME, "grace@example.org")
    await app.repos.messages.mark_read(ME, "carol@example.org")
    await app.repos.messages.mark_read(ME, "dave@example.org")
    await app.repos.messages.mark_read(ME, "bob@example.org")


def side_by_side(left: QPixmap, right: QPixmap) -> QPixmap:
    gap = 12
    canvas = QPixmap(left.width() + gap + right.width(), max(left.height(), right.height()))
    canvas.fill(theme.BORDER)
    painter = QPainter(canvas)
    painter.drawPixmap(0, 0, left)
    painter.drawPixmap(left.width() + gap, 0, right)
    painter.end()
    return canvas


async def shoot(out: Path, work: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    qt = QApplication.instance()
    assert isinstance(qt, QApplication)
    for scheme in ("light", "dark"):
        theme.set_appearance(qt, scheme)
        app = Heron(ProfilePaths(work / scheme))
        await app.open()
        await fill(app, time.time())
        window = MainWindow(app)
        window.resize(1000, 780)
        window.show()
        try:
            await asyncio.sleep(0.5)
            await window.load_unread()
            bus = app.bus
            bus.publish(ConnectionChanged(ME, ConnectionState.CONNECTED))
            for jid, show in (("ada@example.org", "available"), ("grace@example.org", "dnd"),
                              ("bob@example.org", "away"), ("alan@example.org", "xa")):
                bus.publish(PresenceChanged(ME, jid, show))
            for jid, picture in (("ada@example.org", "ada.png"),
                                 ("grace@example.org", "grace.png")):
                if (AVATARS / picture).exists():
                    bus.publish(AvatarChanged(ME, jid, str(AVATARS / picture)))
            await asyncio.sleep(0.3)
            sidebar = window.sidebar
            chats = sidebar.grab()
            sidebar.chats.switch.set_page("contacts")
            await asyncio.sleep(0.2)
            contacts = sidebar.grab()
            suffix = "" if scheme == "light" else "-dark"
            path = out / f"chats-list{suffix}.png"
            side_by_side(chats, contacts).save(str(path))
            print(f"saved {path}")
        finally:
            window.close()
            await app.close()


def main() -> int:
    return run_shots(shoot)


if __name__ == "__main__":
    sys.exit(main())
