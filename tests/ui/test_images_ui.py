"""Pictures inline (issue 8, point 3): a contact's picture is fetched by itself and shows as a
thumbnail (cached on disk, outside the download folder); with "never" it waits for a click on
"Load picture"; a picture Heron sends shows its thumbnail from the file on disk."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QColor, QImage

from heron.core.file_events import FileState
from heron.ui.file_card import PICTURE_HEIGHT
from tests.helpers import until
from tests.integration.files_helpers import peer_upload, send_file_message
from tests.integration.parties import start_peer, stop_peer
from tests.ui.test_files_ui import _card, _click, _file_rows
from tests.ui.test_main_window import _window_with_contact
from tests.ui.test_messenger_basics import _chat_open

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def png_bytes(width: int = 640, height: int = 480) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#2a7ab0"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]
    return bytes(data.data())


async def test_a_contacts_picture_shows_inline_by_itself(qtbot: Any, server: Any,
                                                         make_user: Any, tmp_path: Path) -> None:
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    app.settings.download_dir = str(tmp_path / "Downloads")
    try:
        await _chat_open(qtbot, window, alice, bob)
        url = await peer_upload(server, peer, "sunset.png", png_bytes(), "image/png")
        send_file_message(peer, alice, url)
        await until(lambda: _file_rows(window) == [0])
        await until(lambda: _card(window, 0)[0].state is FileState.SAVED, 20)
        pictures = window.conversation.files.thumbnails
        await until(lambda: pictures.size_of(_card(window, 0)[0]) is not None, 20)
        file, card = _card(window, 0)
        assert card.picture is not None and card.picture.height() == PICTURE_HEIGHT
        thumbnail = pictures.pixmap(file)
        assert thumbnail is not None and thumbnail.size() == QSize(320, 240)  # 640x480 scaled
        assert Path(file.local_path).parent == app.paths.root / "pictures"
        assert (app.paths.root / "thumbnails" / f"{file.message_pk}.png").exists()
        assert not (tmp_path / "Downloads").exists()  # not the user's download folder

        # A stranger's picture is not fetched by itself: it waits for "Load picture".
        stranger_jid, stranger_pw = make_user()
        stranger = await start_peer(server, stranger_jid, stranger_pw)
        try:
            url = await peer_upload(server, stranger, "look.png", png_bytes(), "image/png")
            send_file_message(stranger, alice, url)
            await window.conversation.open_conversation(alice, stranger_jid)
            await until(lambda: _file_rows(window) == [0])
            await asyncio.sleep(1.0)  # time enough for a fetch that must not happen
            file, card = _card(window, 0)
            assert file.state is FileState.REMOTE and list(card.actions) == ["load"]
        finally:
            await stop_peer(stranger)
    finally:
        await stop_peer(peer)
        await app.close()


async def test_never_means_click_to_load(qtbot: Any, server: Any, make_user: Any,
                                         tmp_path: Path) -> None:
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    app.settings.image_autoload = "never"
    try:
        await _chat_open(qtbot, window, alice, bob)
        url = await peer_upload(server, peer, "cat.png", png_bytes(200, 300), "image/png")
        send_file_message(peer, alice, url)
        await until(lambda: _file_rows(window) == [0])
        await asyncio.sleep(1.0)  # time enough for a fetch that must not happen
        file, card = _card(window, 0)
        assert file.state is FileState.REMOTE and list(card.actions) == ["load"]
        assert card.picture is not None  # the placeholder, "Picture not loaded"
        _click(qtbot, window, card.picture.center())
        await until(lambda: _card(window, 0)[0].state is FileState.SAVED, 20)
        pictures = window.conversation.files.thumbnails
        await until(lambda: pictures.size_of(_card(window, 0)[0]) == QSize(200, 300), 20)
    finally:
        await stop_peer(peer)
        await app.close()


async def test_a_picture_heron_sends_shows_its_thumbnail(qtbot: Any, server: Any,
                                                         make_user: Any, tmp_path: Path) -> None:
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        await _chat_open(qtbot, window, alice, bob)
        await until(window.conversation.attach_button.isEnabled)
        source = tmp_path / "diagram.png"
        source.write_bytes(png_bytes(100, 50))
        window.conversation.files.send(source)
        await until(lambda: _file_rows(window) == [0])
        pictures = window.conversation.files.thumbnails
        await until(lambda: pictures.size_of(_card(window, 0)[0]) == QSize(100, 50), 20)
        await until(lambda: _card(window, 0)[0].state is FileState.SENT, 20)
        await until(lambda: peer.received, 10)
    finally:
        await stop_peer(peer)
        await app.close()
