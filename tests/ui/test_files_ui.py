"""Files in the window (issue 8, point 3): the file button sends, the card shows progress,
Cancel and Retry; a contact's file shows a card whose Save writes the exact bytes into the
download folder; a file too large for the server, or a stranger's link into a private network,
is refused with a sentence. Against the real rig server and a second real client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from heron.core.file_events import FileState, FileTransfer
from heron.models.messages import MessageRoles
from heron.ui import file_card
from heron.ui.main_window import MainWindow
from heron.xmpp import httpfiles
from tests.helpers import until
from tests.integration.files_helpers import (
    FileWatch,
    fetch,
    peer_upload,
    send_file_message,
    write_file,
)
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer
from tests.ui.test_main_window import _window_with_contact
from tests.ui.test_messenger_basics import _chat_open, _painting

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]


def _card(window: MainWindow, row: int) -> tuple[FileTransfer, file_card.CardLayout]:
    """The file row ``row`` shows and where its card's parts are (viewport coordinates)."""
    delegate, option, index = _painting(window, row)
    file, top_left, width, picture = delegate._file_card(option, index)
    assert file is not None, "not a file card"
    return file, file_card.layout(file, top_left, width, option.font, picture)


def _click(qtbot: Any, window: MainWindow, pos: QPoint) -> None:
    qtbot.mouseClick(window.message_view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def _file_rows(window: MainWindow) -> list[int]:
    model = window.message_model
    assert model is not None
    return [r for r in range(model.rowCount())
            if model.index(r).data(MessageRoles.File) is not None]


def _problems(window: MainWindow) -> list[str]:
    said: list[str] = []
    window.conversation.problem.connect(said.append)
    return said


async def test_send_by_button_progress_cancel_and_retry(qtbot: Any, server: Any, make_user: Any,
                                                        tmp_path: Path, monkeypatch: Any) -> None:
    # A slow link: after its first chunk the upload waits until the test lets it go on, so it
    # is seen and cancelled mid-way however fast loopback is.
    monkeypatch.setattr(httpfiles, "CHUNK", 64 * 1024)
    link_open = asyncio.Event()
    real_chunks = httpfiles._chunks

    async def slow_chunks(path: Path, size: int, progress: Any) -> AsyncIterator[bytes]:
        first = True
        async for chunk in real_chunks(path, size, progress):  # reports the first chunk sent
            if not first:
                await link_open.wait()
            first = False
            yield chunk

    monkeypatch.setattr(httpfiles, "_chunks", slow_chunks)
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    watch = FileWatch(app)
    try:
        await _chat_open(qtbot, window, alice, bob)
        button = window.conversation.attach_button
        await until(button.isEnabled)
        assert button.toolTip() == "Send a file (up to 10.5 MB)"
        data = write_file(tmp_path / "holiday-video.mp4", 9 * 1024 * 1024)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        dialog = window.conversation.files.dialog
        assert dialog is not None and dialog.isVisible()
        dialog.fileSelected.emit(str(tmp_path / "holiday-video.mp4"))  # the user picks it
        dialog.close()
        await until(lambda: _file_rows(window) == [0])
        await until(lambda: _card(window, 0)[0].done > 0)
        file, card = _card(window, 0)
        assert file.name == "holiday-video.mp4" and file.state is FileState.UPLOADING
        assert card.bar is not None and list(card.actions) == ["cancel"]
        assert file_card.status_text(file).startswith("Uploading ")
        _click(qtbot, window, card.actions["cancel"].center())
        await until(lambda: _card(window, 0)[0].state is FileState.UPLOAD_FAILED)
        file, card = _card(window, 0)
        assert file.error == "Cancelled." and list(card.actions) == ["retry"]
        assert card.bar is None and card.error is not None
        assert peer.received == []
        link_open.set()
        _click(qtbot, window, card.actions["retry"].center())
        await until(lambda: _card(window, 0)[0].state is FileState.SENT, 60)
        file, card = _card(window, 0)
        assert card.actions == {} and file_card.status_text(file) == "9.4 MB · Sent"
        await until(lambda: peer.received, 10)
        assert str(peer.received[-1]["body"]) == file.url
        assert await fetch(server, file.url) == data
        assert any(t.state is FileState.UPLOADING and t.done for t in watch.history)
    finally:
        await stop_peer(peer)
        await app.close()


async def test_too_large_is_refused_with_a_sentence(qtbot: Any, server: Any, make_user: Any,
                                                    tmp_path: Path) -> None:
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        await _chat_open(qtbot, window, alice, bob)
        await until(window.conversation.attach_button.isEnabled)
        said = _problems(window)
        big = tmp_path / "disk image.iso"
        with big.open("wb") as fh:
            fh.truncate(11 * 1024 * 1024)
        window.conversation.files.send(big)
        await until(lambda: said)
        assert said == ["disk image.iso is too large for your server: it accepts files up "
                        "to 10.5 MB."]
        assert _file_rows(window) == [] and window.message_model.rowCount() == 0
    finally:
        await stop_peer(peer)
        await app.close()


async def test_a_contacts_file_is_saved_and_a_strangers_private_link_refused(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    stranger_jid, stranger_pw = make_user()
    stranger = await start_peer(server, stranger_jid, stranger_pw)
    downloads = tmp_path / "Downloads"
    app.settings.download_dir = str(downloads)
    try:
        await _chat_open(qtbot, window, alice, bob)
        data = write_file(tmp_path / "src", 200_000)
        url = await peer_upload(server, peer, "minutes.pdf", data, "application/pdf")
        send_file_message(peer, alice, url)
        await until(lambda: _file_rows(window) == [0])
        file, card = _card(window, 0)
        assert (file.name, file.state, list(card.actions)) == (
            "minutes.pdf", FileState.REMOTE, ["save"])
        _click(qtbot, window, card.actions["save"].center())
        await until(lambda: _card(window, 0)[0].state is FileState.SAVED)
        file, card = _card(window, 0)
        assert (downloads / "minutes.pdf").read_bytes() == data
        assert list(card.actions) == ["open-folder"]
        assert file_card.status_text(file) == "200.0 KB · Saved"

        # A stranger (not in the roster) sends a link into the rig's loopback address.
        url = await peer_upload(server, stranger, "look.pdf", b"%PDF-1.4", "application/pdf")
        send_file_message(stranger, alice, url)
        await until(lambda: window.roster_proxy.rowCount() >= 1)
        window.conversation.close_conversation()
        await window.conversation.open_conversation(alice, stranger_jid)
        await until(lambda: _file_rows(window) == [0])
        _file, card = _card(window, 0)
        _click(qtbot, window, card.actions["save"].center())
        await until(lambda: _card(window, 0)[0].state is FileState.DOWNLOAD_FAILED)
        file, card = _card(window, 0)
        assert file.error == ("This link points into a private network; Heron downloads such "
                              "links only from your contacts.")
        assert list(card.actions) == ["retry"]
        assert sorted(p.name for p in downloads.iterdir()) == ["minutes.pdf"]
    finally:
        await stop_peer(stranger)
        await stop_peer(peer)
        await app.close()


async def test_the_card_survives_a_restart(qtbot: Any, server: Any, make_user: Any,
                                           tmp_path: Path) -> None:
    alice, alice_pw = make_user()
    bob, _ = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    watch = FileWatch(app)
    session = app.sessions[alice]
    await until(lambda: session.server_features.current is not None)
    write_file(tmp_path / "plan.txt", 1000)
    transfer = await session.files.send_file(bob, tmp_path / "plan.txt")
    await watch.state(transfer.message_pk, FileState.SENT)
    await app.close()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw,
                            connect=False)
    try:
        window = MainWindow(app)
        qtbot.addWidget(window)
        window.show()
        await window.conversation.open_conversation(alice, bob)
        await until(lambda: _file_rows(window) == [0] and _card(window, 0)[0].size == 1000)
        file, _card_layout = _card(window, 0)
        assert (file.name, file.state) == ("plan.txt", FileState.SENT)
    finally:
        await app.close()


async def test_drop_a_file_and_paste_a_picture(qtbot: Any, server: Any, make_user: Any,
                                               tmp_path: Path) -> None:
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        await _chat_open(qtbot, window, alice, bob)
        await until(window.conversation.attach_button.isEnabled)
        data = write_file(tmp_path / "notes.txt", 5000)
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
        viewport = window.message_view.viewport()
        at = QPoint(50, 50)
        enter = QDragEnterEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, enter)
        assert enter.isAccepted()
        QApplication.sendEvent(viewport, QDropEvent(
            QPointF(at), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier))
        await until(lambda: len(peer.received) == 1, 15)
        assert await fetch(server, str(peer.received[0]["body"])) == data

        # A screenshot on the clipboard, Ctrl+V in the composer: sent as a PNG.
        picture = QImage(64, 32, QImage.Format.Format_RGB32)
        picture.fill(QColor("#cc3366"))
        QGuiApplication.clipboard().setImage(picture)
        window.composer.setFocus()
        qtbot.keyClick(window.composer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: len(peer.received) == 2, 15)
        url = str(peer.received[1]["body"])
        assert url.endswith(".png") and "Pasted" in url
        got = QImage()
        assert got.loadFromData(await fetch(server, url))
        assert (got.width(), got.height()) == (64, 32)
        assert window.composer.toPlainText() == ""  # not pasted as text
        # Text still pastes as text.
        QGuiApplication.clipboard().setText("just words")
        qtbot.keyClick(window.composer, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        assert window.composer.toPlainText() == "just words"
    finally:
        await stop_peer(peer)
        await app.close()
