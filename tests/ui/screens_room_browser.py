"""Screenshot of the room browser (tests/ui/screens.py calls this for each scheme): a service
with a few dozen rooms, one selected with its details, a password room with its lock.

The rooms come from a canned directory (no server): the picture is about the dialog."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from heron.core.rooms import Room, RoomInfo, RoomList

SERVICE = "conference.example.org"
ROOMS = [
    ("heron", "Heron users", "Questions, ideas and release news about the Heron desktop client",
     214, False),
    ("birdwatch", "Birdwatching on the Elbe", "Sightings, routes and the odd blurry photo", 37,
     False),
    ("xsf", "XMPP Standards Foundation", "Discussion of XEPs and the protocol's future", 412,
     False),
    ("boatclub", "Boat club committee", "Members only: schedules, repairs, the summer party",
     9, True),
    ("pythonistas", "Pythonistas", "asyncio, typing and everything in between", 158, False),
    ("jazz", "Late night jazz", "Records, concerts and sessions", 23, False),
    ("gardening", "Allotment gardeners", "Seeds to swap, pests to fight", 61, False),
    ("chess", "Chess club", "Openings, endgames and Thursday blitz", 44, False),
    ("linux-de", "Linux (Deutsch)", "Hilfe und Austausch rund um Linux", 96, False),
    ("photography", "Photography", "Gear talk and critique", 72, False),
]


class CannedDirectory:
    async def services(self) -> list[str]:
        return [SERVICE]

    async def list_rooms(self, service: str, progress: Callable[[list[Room]], None]
                         ) -> RoomList:
        rooms = [Room(f"{j}@{SERVICE}", n) for j, n, *_ in ROOMS]
        progress(rooms)
        return RoomList(service, tuple(rooms), False)

    async def info(self, jid: str) -> RoomInfo:
        local = jid.split("@", maxsplit=1)[0]
        _, name, text, count, locked = next(r for r in ROOMS if r[0] == local)
        return RoomInfo(jid, name, text, count, password=locked, members_only=locked,
                        persistent=True, archived=True)


async def shoot(out: Path, save: Callable[[QWidget, Path], None]) -> None:
    from heron.ui.room_browser import RoomBrowser

    dialog = RoomBrowser("alice@example.org", CannedDirectory(), None)
    dialog.resize(900, 580)
    dialog.show()
    await dialog.start()
    await asyncio.sleep(0.3)
    dialog.view.setCurrentIndex(dialog.proxy.index(0, 0))
    await asyncio.sleep(0.3)
    save(dialog, out / "room-browser.png")
    dialog.close()
