"""A contact sends impossible delay stamps through the real server (issue 6, point 3).

Before: year 9999 / year 1 was stored as sent and the conversation crashed Heron (SIGSEGV)
every time it was shown; a malformed stamp dropped the message.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QListView

from heron.application import Heron
from heron.models.messages import MessageModel
from heron.ui.delegates import MessageDelegate
from tests.helpers import until
from tests.integration.parties import account_for, eventually, start_heron, start_peer, stop_peer

pytestmark = [pytest.mark.asyncio, pytest.mark.integration]

STAMPS = ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2020-13-45T99:00:00Z", "soon"]


@pytest.fixture
def east_of_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Tokyo")  # year 9999 overflows where local time is ahead
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def _paint(qtbot: Any, app: Heron, account: str, peer: str, path: Path,
                 views: list[QListView]) -> list[str]:
    async def page(before: Any, limit: int) -> list[Any]:
        return await app.repos.messages.page_before(account, peer, before, limit)

    model = MessageModel(app.bus, account, peer, page)
    view = QListView()
    qtbot.addWidget(view)
    views.append(view)  # alive until the test ends: closing the last window ends the loop
    view.setItemDelegate(MessageDelegate(view))
    view.resize(480, 700)
    view.setModel(model)
    view.show()
    await model.load_initial()
    image = view.grab()
    assert not image.isNull() and image.save(str(path))
    bodies = [m.body for m in model.messages()]
    model.close()
    return bodies


async def test_impossible_stamps_are_clamped_and_the_chat_paints(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path, ) -> None:
    alice, alice_pw = make_user()
    mallory, mallory_pw = make_user()
    account = account_for(server, alice)
    app = await start_heron(tmp_path / "alice", account, alice_pw)
    attacker = await start_peer(server, mallory, mallory_pw)
    views: list[QListView] = []
    try:
        full = str(app.sessions[alice].client.boundjid)
        sent_at = time.time()
        for n, stamp in enumerate(STAMPS):
            attacker.send_raw(
                f"<message xmlns='jabber:client' to='{full}' type='chat' id='h{n}'>"
                f"<body>stamp {stamp}</body>"
                f"<delay xmlns='urn:xmpp:delay' from='x' stamp='{stamp}'/></message>")
        stored = await eventually(
            lambda: app.repos.messages.page_before(alice, mallory, None, 50),
            lambda rows: len(rows) == len(STAMPS))
        # None dropped (the malformed ones included), each at the time it arrived.
        assert sorted(m.body for m in stored) == sorted(f"stamp {s}" for s in STAMPS)
        assert all(sent_at - 1 <= m.timestamp <= time.time() for m in stored), \
            [(m.body, m.timestamp) for m in stored]
        bodies = await _paint(qtbot, app, alice, mallory, tmp_path / "live.png", views)
        assert len(bodies) == len(STAMPS)
        await app.close()
        # After a restart, offline: the stored conversation still paints.
        app = await start_heron(tmp_path / "alice", account, alice_pw, connect=False)
        assert len(await _paint(qtbot, app, alice, mallory, tmp_path / "again.png", views)) == 4
    finally:
        await stop_peer(attacker)
        await app.close()


async def test_a_stamp_counts_only_on_a_message_our_archive_took_in(
        server: Any, make_user: Any, tmp_path: Path) -> None:
    """A contact back-dates a message by an hour: believed (it is in the past) only when our
    archive stamped it with an id it announced; otherwise it sorts by arrival."""
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    chat = app.sessions[alice].chat
    bob_client = await start_peer(server, bob, bob_pw)
    hour_ago = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))

    def back_dated(body: str) -> str:
        return (f"<message xmlns='jabber:client' to='{alice}' type='chat'><body>{body}</body>"
                f"<delay xmlns='urn:xmpp:delay' stamp='{hour_ago}'/></message>")

    try:
        await until(lambda: alice in chat.sid_archives)
        bob_client.send_raw(back_dated("archived"))
        await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 9),
                         lambda rows: len(rows) == 1)
        chat.sid_archives.clear()  # disco not known: no archive id is believed
        sent_at = time.time()
        bob_client.send_raw(back_dated("not archived"))
        rows = await eventually(lambda: app.repos.messages.page_before(alice, bob, None, 9),
                                lambda rows: len(rows) == 2)
        by_body = {m.body: m.timestamp for m in rows}
        assert abs(by_body["archived"] - (sent_at - 3600)) < 5
        assert sent_at - 1 <= by_body["not archived"] <= time.time()
    finally:
        await stop_peer(bob_client)
        await app.close()
