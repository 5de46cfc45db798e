"""Read state in the window: a <displayed/> goes to the contact only for what was on screen
in the focused window, the contact's "read" shows as a distinct double tick (light and dark),
and a conversation opens at a "New messages" line where the user left off."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget

from heron.application import Heron
from heron.core.events import DeliveryState, Direction, NewMessage, RosterEntry
from heron.core.paths import ProfilePaths
from heron.core.settings import AccountConfig
from heron.models.messages import MessageRoles
from heron.models.roster import RosterRoles
from heron.ui import theme
from heron.ui.main_window import MainWindow
from heron.ui.read_marks import NEW_LINE_HEIGHT
from tests.helpers import until
from tests.integration.parties import account_for, start_heron, stop_peer
from tests.integration.read_parties import (
    displayed_ids,
    send_markable,
    send_marker,
    start_marking_peer,
)
from tests.ui.test_main_window import _row_of
from tests.ui.test_messenger_basics import _bubble, _painting, _tooltip

pytestmark = [pytest.mark.asyncio]

#: set to a folder to keep light and dark screenshots (looked at by hand)
SHOTS = os.environ.get("HERON_READ_SHOTS", "")


def _has_colour(image: QImage, rect: QRect, colour: QColor, tolerance: int = 40) -> bool:
    """Some pixel of ``rect`` is within ``tolerance`` (per channel) of ``colour``."""
    for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 1)):
        for x in range(max(0, rect.left()), min(image.width(), rect.right() + 1)):
            pixel = image.pixelColor(x, y)
            if (abs(pixel.red() - colour.red()) <= tolerance
                    and abs(pixel.green() - colour.green()) <= tolerance
                    and abs(pixel.blue() - colour.blue()) <= tolerance):
                return True
    return False


def _viewport_image(window: MainWindow) -> QImage:
    return window.message_view.viewport().grab().toImage()


def _unread(window: MainWindow, jid: str) -> int:
    return int(_row_of(window, jid).data(RosterRoles.Unread) or 0)


async def _window_with_contacts(qtbot: Any, server: Any, make_user: Any, tmp_path: Path,
                                ) -> tuple[Heron, MainWindow, Any, Any, str, str, str]:
    alice, alice_pw = make_user()
    bob, bob_pw = make_user()
    carol, carol_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), alice_pw)
    bob_client = await start_marking_peer(server, bob, bob_pw)
    carol_client = await start_marking_peer(server, carol, carol_pw)
    for jid, name in ((bob, "Bob"), (carol, "Carol")):
        await app.sessions[alice].roster.set_item(jid, name, ("Friends",))
    await until(lambda: len(app.repos.roster.load_blocking(alice)) == 2)
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.show()
    await until(lambda: window.roster_proxy.rowCount() == 2)
    return app, window, bob_client, carol_client, alice, bob, carol


# --- sending <displayed/>: only what was seen in the focused window -------------------------


@pytest.mark.integration
async def test_displayed_is_sent_only_for_what_the_focused_window_shows(
        qtbot, server, make_user, tmp_path):
    app, window, bob_client, carol_client, alice, bob, carol = await _window_with_contacts(
        qtbot, server, make_user, tmp_path)
    other = QWidget()  # another application's window has the focus
    qtbot.addWidget(other)
    try:
        other.show()
        other.activateWindow()
        await until(lambda: other.isActiveWindow() and not window.isActiveWindow())
        first = send_markable(bob_client, alice, "are you there?")
        await until(lambda: _unread(window, bob) == 1)
        await window.open_conversation(alice, bob)
        await until(lambda: window.message_model is not None
                    and window.message_model.rowCount() == 1)
        await asyncio.sleep(0.6)
        # On screen, but the window is not the one the user looks at: nothing is sent.
        assert displayed_ids(bob_client) == []
        assert _unread(window, bob) == 1

        window.activateWindow()
        await until(lambda: displayed_ids(bob_client) == [first])
        await until(lambda: _unread(window, bob) == 0)
        # Alice answers: her own message below moves the read point on, but Bob's message
        # was marked already: no second marker for it.
        qtbot.keyClicks(window.composer, "yes!")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: bob_client.bodies() == ["yes!"])
        await asyncio.sleep(0.6)
        assert displayed_ids(bob_client) == [first]

        # Another conversation is open: Bob's new messages are not seen.
        await window.open_conversation(alice, carol)
        batch = [send_markable(bob_client, alice, f"news {i}") for i in range(3)]
        await until(lambda: _unread(window, bob) == 3)
        await asyncio.sleep(0.6)
        assert displayed_ids(bob_client) == [first]

        # Minimised: opening Bob's conversation sends nothing either.
        window.showMinimized()
        await until(window.isMinimized)
        await window.open_conversation(alice, bob)
        await asyncio.sleep(0.6)
        assert displayed_ids(bob_client) == [first]
        assert _unread(window, bob) == 3

        # Back in front: one marker for the batch, naming the newest message.
        window.showNormal()
        window.activateWindow()
        await until(lambda: len(displayed_ids(bob_client)) == 2)
        await asyncio.sleep(0.5)
        assert displayed_ids(bob_client) == [first, batch[-1]]
        await until(lambda: _unread(window, bob) == 0)
        assert carol_client.displayed == []  # type: ignore[attr-defined]

        # A message that arrives while the user looks elsewhere gets the line above it.
        await window.open_conversation(alice, carol)
        await window.open_conversation(alice, bob)  # all read: no line
        other.activateWindow()
        await until(lambda: not window.isActiveWindow())
        model = window.message_model
        assert model is not None
        assert not any(model.index(r).data(MessageRoles.NewMessagesLine)
                       for r in range(model.rowCount()))
        send_markable(bob_client, alice, "are you back?")
        await until(lambda: model.rowCount() == 6
                    and model.index(5).data(MessageRoles.NewMessagesLine))
        assert _unread(window, bob) == 1
    finally:
        for client in (bob_client, carol_client):
            await stop_peer(client)
        await app.close()


# --- the contact's "read" on the user's messages -------------------------------------------


@pytest.mark.integration
async def test_read_shows_as_a_distinct_double_tick_in_light_and_dark(
        qtbot, server, make_user, tmp_path):
    app, window, bob_client, carol_client, alice, bob, _carol = await _window_with_contacts(
        qtbot, server, make_user, tmp_path)
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    try:
        window.resize(760, 560)
        # Alice is looking at the chat: with no window active Heron tells the server nobody
        # is (XEP-0352), and the server may then hold Bob's marker back (Prosody does).
        window.activateWindow()
        await until(window.isActiveWindow)
        await window.open_conversation(alice, bob)
        session = app.sessions[alice]
        await session.chat.send(bob, "Is the boat ready?")
        await session.chat.send(bob, "I'll bring the map.")
        await until(lambda: len(bob_client.bodies()) == 2)
        model = window.message_model
        assert model is not None
        await until(lambda: [model.index(r).data(MessageRoles.State) for r in range(2)]
                    == [DeliveryState.DELIVERED.value] * 2)
        send_marker(bob_client, alice, str(bob_client.received[0]["id"]))
        try:
            await until(lambda: model.index(0).data(MessageRoles.State)
                        == DeliveryState.READ.value)
        except TimeoutError:  # once in a long loaded run: say what was there instead
            stored = await app.repos.messages.page_before(alice, bob, None, 10)
            raise AssertionError(
                f"marker for {bob_client.received[0]['id']!r} not applied; model: "
                f"{[model.index(r).data(MessageRoles.State) for r in range(2)]}, stored: "
                f"{[(m.message_id, m.state) for m in stored]}; window active: "
                f"{window.isActiveWindow()}, told the server: {session.csi.active}") from None
        assert model.index(1).data(MessageRoles.State) == DeliveryState.DELIVERED.value

        # Said in words: the tooltip on the ticks and the accessible description.
        delegate, option, index = _painting(window, 0)
        meta = delegate._meta_rect(_bubble(window, 0))
        assert "<div style='white-space:pre'>Read</div>" in _tooltip(window, meta.center())
        assert delegate.tooltip_at(option, index, meta.center()).split("\n")[-1] == "Read"
        _d, delivered_option, delivered_index = _painting(window, 1)
        delivered_meta = delegate._meta_rect(_bubble(window, 1))
        assert delegate.tooltip_at(delivered_option, delivered_index,
                                   delivered_meta.center()).split("\n")[-1] == "Delivered"
        assert index.data(Qt.ItemDataRole.AccessibleDescriptionRole) == "Read"
        assert delivered_index.data(Qt.ItemDataRole.AccessibleDescriptionRole) is None

        # Seen: the read ticks are in the link colour, the delivered ones are not.
        for scheme in ("light", "dark"):
            theme.set_appearance(qt_app, scheme)
            window.message_view.viewport().update()
            await asyncio.sleep(0.2)
            image = _viewport_image(window)
            read_colour = QColor(theme.SCHEME.link)
            assert _has_colour(image, meta, read_colour, 30), scheme
            assert not _has_colour(image, delivered_meta, read_colour, 30), scheme
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                window.grab().save(str(Path(SHOTS) / f"read-ticks-{scheme}.png"))
    finally:
        theme.set_appearance(qt_app, "light")
        for client in (bob_client, carol_client):
            await stop_peer(client)
        await app.close()


# --- the "New messages" line ---------------------------------------------------------------

ME, BOB, CAROL = "alice@example.org", "bob@example.org", "carol@example.org"


async def _history(tmp_path: Path, read: int, unread: int) -> Heron:
    """A profile (no server) whose chat with Bob has ``read`` messages the user saw and
    ``unread`` new ones from Bob after them."""
    app = Heron(ProfilePaths(tmp_path / "profile"))
    await app.open()
    app.save_account(AccountConfig(ME, enabled=False), None)
    await app.repos.roster.replace_all(ME, [RosterEntry(BOB, "Bob", ("Friends",), "both"),
                                            RosterEntry(CAROL, "Carol", ("Friends",), "both")])
    start = time.time() - 3600
    old = [NewMessage(ME, BOB, Direction.OUTGOING if i % 3 == 0 else Direction.INCOMING,
                      f"earlier message {i}", start + i, origin_id=f"old{i}",
                      state=DeliveryState.DELIVERED if i % 3 == 0 else DeliveryState.RECEIVED)
           for i in range(read)]
    stored = await app.repos.messages.add_many(old)
    if stored:
        await app.repos.read_state.displayed(ME, BOB, stored[-1].key)
    await app.repos.messages.add_many([
        NewMessage(ME, BOB, Direction.INCOMING, f"new message {i}", start + read + i,
                   origin_id=f"new{i}") for i in range(unread)])
    return app


async def _open_window(qtbot: Any, app: Heron) -> MainWindow:
    window = MainWindow(app)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    window.activateWindow()
    await until(lambda: window.roster_proxy.rowCount() == 2 and window.isActiveWindow())
    await window.load_unread()
    return window


def _line_row(window: MainWindow) -> int | None:
    model = window.message_model
    assert model is not None
    return next((r for r in range(model.rowCount())
                 if model.index(r).data(MessageRoles.NewMessagesLine)), None)


def _line_painted(window: MainWindow, row: int) -> bool:
    rect = window.message_view.visualRect(window.message_view.model().index(row, 0))
    band = QRect(rect.left(), rect.top(), rect.width(), NEW_LINE_HEIGHT)
    if rect.top() > 0 and _starts_day(window, row):
        band.translate(0, 34)
    return _has_colour(_viewport_image(window), band, QColor(theme.SCHEME.link), 30)


def _starts_day(window: MainWindow, row: int) -> bool:
    delegate, _option, index = _painting(window, row)
    return delegate._starts_day(index)


async def test_many_unread_open_at_the_new_messages_line(qtbot, tmp_path):
    app = await _history(tmp_path, read=80, unread=40)
    try:
        window = await _open_window(qtbot, app)
        assert _unread(window, BOB) == 40
        await window.open_conversation(ME, BOB)
        await asyncio.sleep(0.3)
        row = _line_row(window)
        model = window.message_model
        assert model is not None and row is not None
        assert model.index(row).data(MessageRoles.Body) == "new message 0"
        # The view opens at the line (its row at the top), not at the bottom.
        view = window.message_view
        assert abs(view.visualRect(model.index(row)).top()) <= 2
        bar = view.verticalScrollBar()
        assert bar.value() < bar.maximum()
        assert _line_painted(window, row)
        # What is on screen counts as read; what is below does not (yet), nor a message whose
        # end is cut off at the bottom of the view.
        height = view.viewport().height()
        bottoms = [view.visualRect(model.index(r)).bottom() for r in range(model.rowCount())]
        last_seen = max(r for r, bottom in enumerate(bottoms) if bottom <= height)
        assert bottoms[last_seen + 1] > height, "the test wants a row cut off at the bottom"
        await until(lambda: _unread(window, BOB) == model.rowCount() - 1 - last_seen)
        assert 0 < _unread(window, BOB) < 40
        # Scrolling to the end reads the rest; the line stays while the chat is open.
        view.scrollToBottom()
        await until(lambda: _unread(window, BOB) == 0)
        assert _line_row(window) == row
        await asyncio.sleep(0.3)  # and it stays at the newest message (no page jumps in)
        assert bar.value() == bar.maximum()
        assert await app.unread_counts(ME) == {}
        # Reopened after reading: no line, and at the newest message.
        await window.open_conversation(ME, CAROL)
        await window.open_conversation(ME, BOB)
        await asyncio.sleep(0.3)
        assert _line_row(window) is None
        bar = window.message_view.verticalScrollBar()
        assert bar.value() == bar.maximum()
    finally:
        await app.close()


async def test_a_few_unread_open_at_the_bottom_under_the_line(qtbot, tmp_path):
    app = await _history(tmp_path, read=80, unread=3)
    try:
        window = await _open_window(qtbot, app)
        await window.open_conversation(ME, BOB)
        await asyncio.sleep(0.3)
        model = window.message_model
        row = _line_row(window)
        assert model is not None and row == model.rowCount() - 3
        bar = window.message_view.verticalScrollBar()
        assert bar.value() == bar.maximum()  # they all fit: at the newest message
        assert _line_painted(window, row)
        await until(lambda: _unread(window, BOB) == 0)
        if SHOTS:
            await _shots(window, Path(SHOTS))
    finally:
        await app.close()


async def _shots(window: MainWindow, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    qt_app = QApplication.instance()
    assert isinstance(qt_app, QApplication)
    for scheme in ("light", "dark"):
        theme.set_appearance(qt_app, scheme)
        window.message_view.viewport().update()
        await asyncio.sleep(0.2)
        window.grab().save(str(out / f"new-messages-{scheme}.png"))
    theme.set_appearance(qt_app, "light")
