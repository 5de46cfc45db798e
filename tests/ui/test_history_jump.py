"""Jumping to a message far back (show_message) and scrolling on from there both ways."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from heron.core.events import Direction, MessagesAdded, NewMessage
from heron.models.message_window import MAX_ROWS, WindowedMessageModel
from heron.ui.main_window import MainWindow
from tests.helpers import ShownTexts, until
from tests.ui.history_fill import BOB, ME, body_of, fill
from tests.ui.windows import window_without_accounts

pytestmark = pytest.mark.asyncio


def visible_bodies(window: MainWindow) -> list[str]:
    """The bodies of the rows whose bubbles are on screen now."""
    view = window.message_view
    model = window.message_model
    assert model is not None
    shown = []
    area = view.viewport().rect()
    for row in range(model.rowCount()):
        if view.visualRect(model.index(row)).intersects(area):
            shown.append(model.messages()[row].body)
    return shown


def model_of(window: MainWindow) -> WindowedMessageModel:
    model = window.message_model
    assert isinstance(model, WindowedMessageModel)
    return model


async def test_show_message_5000_back_opens_it_highlighted(qtbot: Any, tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        stored = await fill(window.app, 6000)
        window.resize(900, 700)
        await window.open_conversation(ME, BOB)
        model = model_of(window)
        await until(lambda: body_of(5999) in visible_bodies(window))
        target = stored[999]  # 5,000 messages before the newest

        window.conversation.show_message(target.pk)
        await until(lambda: body_of(999) in visible_bodies(window))
        overlay = window.conversation.jumps.highlights
        assert overlay.flash_pk == target.pk  # the bubble lights up
        assert body_of(5999) not in visible_bodies(window)
        assert model.rowCount() < 200  # the rows around it, not 5,000 pages
        assert not model.at_live_end
        row = model.row_of(target.pk)
        assert row is not None and window.message_view.currentIndex().row() == row
        image = window.grab()
        assert not image.isNull()
        await until(lambda: overlay.flash_pk is None, timeout=5)  # the flash fades

        # Scrolling down pages newer rows in until the live end; the window stays bounded.
        bar = window.message_view.verticalScrollBar()
        for _ in range(200):
            if model.at_live_end:
                break
            bar.setValue(bar.maximum())
            await asyncio.sleep(0.02)
            assert model.rowCount() <= MAX_ROWS + 60
        assert model.at_live_end
        await until(lambda: model.messages()[-1].body == body_of(5999))
        bodies = [m.body for m in model.messages()]
        numbers = [int(b.split()[2]) for b in bodies]
        assert numbers == list(range(numbers[0], 6000))  # no gap, no duplicate


async def test_scrolling_up_from_a_jump_pages_older_rows(qtbot: Any, tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        stored = await fill(window.app, 3000)
        window.resize(900, 700)
        await window.open_conversation(ME, BOB)
        model = model_of(window)
        window.conversation.show_message(stored[1500].pk)
        await until(lambda: body_of(1500) in visible_bodies(window))
        await asyncio.sleep(0.1)
        first = int(model.messages()[0].body.split()[2])
        bar = window.message_view.verticalScrollBar()
        for _ in range(40):
            bar.setValue(0)
            await asyncio.sleep(0.02)
        oldest = int(model.messages()[0].body.split()[2])
        assert oldest < first - 100
        assert model.rowCount() <= MAX_ROWS + 60
        numbers = [int(m.body.split()[2]) for m in model.messages()]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


async def test_a_new_message_while_far_back_waits_and_sending_returns(qtbot: Any,
                                                                      tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        stored = await fill(window.app, 2000)
        window.resize(900, 700)
        await window.open_conversation(ME, BOB)
        model = model_of(window)
        window.conversation.show_message(stored[100].pk)
        await until(lambda: body_of(100) in visible_bodies(window))
        # A message arrives meanwhile: not glued below message 130 (that would be a gap).
        fresh = await window.app.repos.messages.add_many([NewMessage(
            ME, BOB, Direction.INCOMING, "fresh news", stored[-1].timestamp + 30,
            origin_id="fresh")])
        window.app.bus.publish(MessagesAdded(ME, BOB, tuple(fresh)))
        await asyncio.sleep(0.3)
        assert "fresh news" not in [m.body for m in model.messages()]
        assert body_of(100) in visible_bodies(window)
        # Pressing Enter in the composer goes back to the newest messages, the fresh one last,
        # straight: the pane never stands empty saying "No messages yet" on the way.
        placeholder = ShownTexts(window.conversation.no_messages)
        qtbot.keyClicks(window.composer, "hello")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: model.at_live_end and [m.body for m in model.messages()][-1:]
                    == ["fresh news"])
        await until(lambda: "fresh news" in visible_bodies(window))
        assert placeholder.texts == []
        assert len(model.messages()) > 1  # the newest page, not the fresh message alone


async def test_a_long_conversation_stays_at_the_newest_after_opening(qtbot: Any,
                                                                     tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        await fill(window.app, 3000)
        window.resize(900, 700)
        await window.open_conversation(ME, BOB)
        await until(lambda: body_of(2999) in visible_bodies(window))
        await asyncio.sleep(0.5)  # Qt asks for more rows at the bottom meanwhile
        assert body_of(2999) in visible_bodies(window)
        assert model_of(window).at_live_end
