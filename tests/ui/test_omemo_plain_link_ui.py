"""aesgcm:// links outside an encrypted payload (issue 11's rule on XEP-0454), with a real
peer and an HTTPS server the test runs (so it can say whether Heron asked for the file):

- a link in a plaintext message stays text, its bubble says why under it, nothing is fetched;
  "Download anyway…" in the message's menu fetches it only after a confirmation;
- an out-of-band address and a ``<body>`` beside an encrypted payload are never fetched;
- an encrypted link's file name is sanitised like a plain file's.

With HERON_SHOTS=docs/screenshots it also writes omemo-plaintext-link.png.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QPushButton

from heron.core.file_events import FileState
from heron.crypto.aesgcm import FileKey, make_link
from heron.models.messages import MessageRoles
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.xmpp.services import oob
from tests.helpers import until
from tests.integration.files_helpers import FileWatch
from tests.integration.omemo_peers import encrypted_stanza, heron_and_peer, send_encrypted
from tests.ui.omemo_window import chat_window, close_all
from tests.ui.pixels import count_near

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

SHOTS = os.environ.get("HERON_SHOTS", "")  # a folder for the screenshots; none in a test run
SECRET = b"the board's plans for 2027\n" * 200


class Files:
    """An HTTPS server on loopback (the rig's certificate) that counts what it is asked."""

    def __init__(self, port: int, body: bytes) -> None:
        self.port = port
        self.body = body
        self.asked: list[str] = []

    def url(self, name: str) -> str:
        return f"https://localhost:{self.port}/share/{name}"


@asynccontextmanager
async def https_files(server: Any, body: bytes) -> AsyncIterator[Files]:
    files = Files(0, body)

    async def serve(request: web.Request) -> web.Response:
        files.asked.append(request.raw_path)
        return web.Response(body=files.body, content_type="application/octet-stream")

    app = web.Application()
    app.router.add_get("/{tail:.*}", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=_server_side(server))
    await site.start()
    sockets = site._server.sockets if site._server is not None else []
    files.port = sockets[0].getsockname()[1]
    try:
        yield files
    finally:
        await runner.cleanup()


def _server_side(server: Any) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(server.cert_file), str(server.key_file))
    return context


def _sealed(data: bytes) -> tuple[FileKey, bytes]:
    key = FileKey.new()
    return key, AESGCM(key.key).encrypt(key.iv, data, None)


async def _contact(chat: Any) -> None:
    await chat.session.roster.set_item(chat.bob, "Bob", ())  # loopback links are allowed
    await until(lambda: chat.session.client.client_roster.has_jid(chat.bob))


async def test_plaintext_link_warns_is_not_fetched_and_downloads_only_when_asked(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    theme.apply(qt_app, "light")
    key, sealed = _sealed(SECRET)
    windows: list[MainWindow] = []
    try:
        async with https_files(server, sealed) as files, heron_and_peer(
                server, make_user, tmp_path / "alice", "both") as chat:
            await _contact(chat)
            window = await chat_window(chat, windows)
            watch = FileWatch(chat.app)
            link = make_link(files.url("plans.txt"), key)
            # The same link encrypted: a file card, never the warning.
            await send_encrypted(chat.peer, chat.alice, make_link(files.url("enc.txt"), key))
            pane = window.conversation
            model = pane.message_view.model()
            await until(lambda: model.rowCount() == 1, 30)
            encrypted = model.index(0, 0).data(MessageRoles.Message)
            await until(lambda: model.index(0, 0).data(MessageRoles.File) is not None, 30)
            chat.peer.client.send_message(mto=chat.alice, mbody="Here are the plans:",
                                          mtype="chat")
            chat.peer.client.send_message(mto=chat.alice, mbody=link, mtype="chat")
            await until(lambda: model.rowCount() == 3, 30)
            message = model.index(2, 0).data(MessageRoles.Message)
            assert message.body == link
            await until(lambda: pane.plain_links.warns(message), 15)
            pane.plain_links.warns(encrypted)
            await until(lambda: pane.plain_links.answered(encrypted), 15)
            assert not pane.plain_links.warns(encrypted)
            assert model.index(2, 0).data(MessageRoles.File) is None  # text, not a file card
            assert not pane.plain_links.warns(model.index(1, 0).data(MessageRoles.Message))
            # The warning is painted under the link, in the warning colour.
            view = pane.message_view
            view.scrollToBottom()
            row = view.visualRect(model.index(2, 0))
            await until(lambda: view.visualRect(model.index(2, 0)).height() > 0)
            shot = view.viewport().grab(row).toImage()
            assert count_near(shot, QColor(theme.SCHEME.error_text), 60) > 20
            assert count_near(view.viewport().grab(view.visualRect(model.index(1, 0)))
                              .toImage(), QColor(theme.SCHEME.error_text), 60) == 0
            if SHOTS:
                window.grab().save(str(Path(SHOTS) / "omemo-plaintext-link.png"))
            window.grab().save(str(tmp_path / "omemo-plaintext-link.png"))
            assert files.asked == []  # Heron did not open it
            # The user asks for it: a confirmation first, then the file.
            menu = pane.message_menu_at(QPoint(row.center().x(), row.top() + 12))
            assert menu is not None
            actions = {a.objectName(): a for a in menu.actions()}
            assert "downloadPlainLinkAction" in actions
            actions["downloadPlainLinkAction"].trigger()
            dialog = pane.plain_links.confirm
            assert dialog is not None and dialog.isVisible()
            assert files.asked == []
            ok = dialog.findChild(QPushButton, "okButton")
            assert ok is not None
            ok.click()
            saved = await watch.state(message.pk, FileState.SAVED, 30)
            assert Path(saved.local_path).read_bytes() == SECRET
            assert files.asked == ["/share/plans.txt"]
            # No menu entry for the plain text message.
            first = view.visualRect(model.index(1, 0))
            other = pane.message_menu_at(QPoint(first.center().x(), first.top() + 12))
            assert other is not None
            assert "downloadPlainLinkAction" not in {a.objectName() for a in other.actions()}
    finally:
        close_all(windows)


async def test_links_beside_an_encrypted_payload_are_never_fetched_and_names_are_sanitised(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    key, sealed = _sealed(SECRET)
    async with https_files(server, sealed) as files, heron_and_peer(
            server, make_user, tmp_path / "alice", "legacy") as chat:
        await _contact(chat)
        watch = FileWatch(chat.app)
        # An out-of-band address and a <body> beside an encrypted payload.
        stanza = await encrypted_stanza(chat.peer, chat.alice, "look at this")
        oob.add(stanza.xml, files.url("beside.bin"))
        stanza["body"] = make_link(files.url("body.bin"), key)
        stanza.send()
        # An encrypted link whose name climbs out of the folder, hides and reverses itself.
        link = make_link(files.url("..%2F..%2F.profile%E2%80%AEtxt.exe"), key)
        await send_encrypted(chat.peer, chat.alice, link)
        await until(lambda: any(t.url == link for t in watch.history), 30)
        card = next(t for t in watch.history if t.url == link)
        assert card.name == "_.._.profiletxt.exe"  # no climbing, hidden or reversed name
        downloads = tmp_path / "Downloads"
        await chat.session.files.save(card, downloads, 50 * 1024 * 1024)
        saved = await watch.state(card.message_pk, FileState.SAVED, 30)
        assert Path(saved.local_path).parent == downloads
        assert Path(saved.local_path).read_bytes() == SECRET
        rows = await chat.app.repos.messages.page_before(chat.alice, chat.bob, None, 10)
        assert sorted(m.body for m in rows) == sorted(["look at this", link])
        beside = next(m for m in rows if m.body == "look at this")
        assert await chat.app.repos.files.get(beside.pk) is None  # no card for what was beside
        assert [t.url for t in watch.history if t.url != link] == []
        assert len(files.asked) == 1  # only the file asked for; nothing beside the payload
