"""Screenshots of files in a conversation (issue 8, point 3): a contact's file to save, a
picture inline, one being uploaded (progress bar and Cancel), one that failed (its reason and
Retry) and one saved. Called by tests/ui/screens.py for each scheme; no server needed (the
states are the events and rows the file service writes)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from heron.application import Heron
from heron.core.events import DeliveryState, Direction, NewMessage
from heron.core.file_events import FileChanged, FileState, FileTransfer
from heron.demo.picture import heron_png

PEER = "carol@example.org"
HOST = "https://upload.example.org/share/4f9c2e"


async def _files_profile(app: Heron, me: str) -> None:
    now = time.time()
    rows = await app.repos.messages.add_many([
        NewMessage(me, PEER, Direction.INCOMING, "Here are the photos and the minutes!",
                   now - 300, origin_id="f0"),
        NewMessage(me, PEER, Direction.INCOMING, f"{HOST}/Minutes%20March%202026.pdf",
                   now - 290, origin_id="f1"),
        NewMessage(me, PEER, Direction.INCOMING, f"{HOST}/route-map.gpx", now - 280,
                   origin_id="f2"),
        NewMessage(me, PEER, Direction.INCOMING, f"{HOST}/heron-at-dawn.png", now - 270,
                   origin_id="f5"),
        NewMessage(me, PEER, Direction.OUTGOING, "boat-house-plans.zip", now - 120,
                   origin_id="f3", state=DeliveryState.PENDING),
        NewMessage(me, PEER, Direction.OUTGOING, "recording.ogg", now - 60, origin_id="f4",
                   state=DeliveryState.FAILED),
    ])
    saved = FileTransfer(rows[2].pk, me, PEER, Direction.INCOMING, rows[2].body,
                         "route-map.gpx", 48_213, "application/gpx+xml",
                         "/home/alice/Downloads/route-map.gpx", FileState.SAVED)
    picture_file = app.paths.root / "pictures" / "heron-at-dawn.png"
    picture_file.parent.mkdir(parents=True, exist_ok=True)
    picture_file.write_bytes(heron_png())
    picture = FileTransfer(rows[3].pk, me, PEER, Direction.INCOMING, rows[3].body,
                           "heron-at-dawn.png", picture_file.stat().st_size, "image/png",
                           str(picture_file), FileState.SAVED)
    uploading = FileTransfer(rows[4].pk, me, PEER, Direction.OUTGOING, "",
                             "boat-house-plans.zip", 8_400_000, "application/zip",
                             "/home/alice/boat-house-plans.zip", FileState.UPLOADING)
    failed = FileTransfer(rows[5].pk, me, PEER, Direction.OUTGOING, "", "recording.ogg",
                          3_100_000, "audio/ogg", "/home/alice/recording.ogg",
                          FileState.UPLOAD_FAILED,
                          "The connection broke during the transfer.")
    for transfer in (saved, picture, uploading, failed):
        await app.repos.files.put(transfer)
    app.__dict__["_screens_uploading"] = uploading


async def file_cards(app: Heron, me: str, out: Path, save: Any) -> None:
    from heron.ui.main_window import MainWindow

    await _files_profile(app, me)
    window = MainWindow(app)
    window.resize(1100, 720)
    window.show()
    await window.open_conversation(me, PEER)
    await asyncio.sleep(0.3)
    uploading: FileTransfer = app.__dict__["_screens_uploading"]
    app.bus.publish(FileChanged(me, PEER, replace(uploading, done=5_200_000)))
    await asyncio.sleep(0.3)
    window.message_view.scrollToBottom()
    await asyncio.sleep(0.3)
    save(window, out / "conversation-files.png")
    window.close()
