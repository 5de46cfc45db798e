"""Find in a conversation (Ctrl+F), jump to a date, delete the local history, export as text
and HTML, all from the open conversation of the real window."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QFileDialog, QMenu

from heron.ui.confirm import ConfirmDialog
from heron.ui.history_menu import DateDialog, HistoryTools
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.ui.history_fill import BOB, ME, body_of, fill
from tests.ui.test_history_jump import model_of, visible_bodies
from tests.ui.windows import window_without_accounts

pytestmark = pytest.mark.asyncio
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


def _menu_action(window: MainWindow, name: str) -> Any:
    menu = window.conversation.findChild(QMenu, "conversationMenu")
    assert menu is not None
    return next(a for a in menu.actions() if a.objectName() == name)


def _visible_dialog(window: MainWindow, kind: type) -> Any:
    return next(d for d in window.findChildren(kind) if d.isVisible())


async def test_ctrl_f_counts_matches_and_steps_through_them(qtbot: Any, tmp_path: Path) -> None:
    special = {100: "where is the lighthouse", 2500: "lighthouse at noon",
               2990: "the Lighthouse keeper"}
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        await fill(window.app, 3000, special=special)
        window.resize(900, 700)
        await window.open_conversation(ME, BOB)
        bar = window.conversation.find_bar
        assert not bar.isVisible()
        qtbot.keyClick(window.composer, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        assert bar.isVisible() and bar.field.hasFocus()
        qtbot.keyClicks(bar.field, "lighthouse")
        await until(lambda: bar.count.text() == "1 of 3")
        await until(lambda: special[2990] in visible_bodies(window))
        overlay = window.conversation.jumps.highlights
        row = model_of(window).row_of(bar.current_pk or -1)
        assert row is not None and overlay.match_rects(row)  # the word is marked

        qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # next: older
        await until(lambda: bar.count.text() == "2 of 3")
        await until(lambda: special[2500] in visible_bodies(window))
        qtbot.keyClick(bar.field, Qt.Key.Key_F3)
        await until(lambda: bar.count.text() == "3 of 3")
        # Message 100 was not loaded: the window opened around it.
        await until(lambda: special[100] in visible_bodies(window))
        assert body_of(2999) not in visible_bodies(window)
        qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        await until(lambda: bar.count.text() == "2 of 3")
        await until(lambda: special[2500] in visible_bodies(window))
        assert overlay.current_pk == bar.current_pk

        bar.field.setText("nothing like it")
        await until(lambda: bar.count.text() == "No matches")
        qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
        assert not bar.isVisible() and overlay.terms == ()


async def test_jump_to_a_date(qtbot: Any, tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        start = datetime(2021, 3, 1, 9).timestamp()
        await fill(window.app, 2000, start=start)  # one a minute from 1 March 2021, 09:00
        window.resize(900, 700)
        await window.open_conversation(ME, BOB)
        _menu_action(window, "jumpToDateAction").trigger()
        dialog = _visible_dialog(window, DateDialog)
        dialog.calendar.setSelectedDate(QDate(2021, 3, 2))
        dialog.accept()
        # 2 March 00:00 is 15 hours (900 messages) after the first one.
        first_of_day = int((datetime(2021, 3, 2).timestamp() - start) // 60)
        first_of_day += 1 if (datetime(2021, 3, 2).timestamp() - start) % 60 else 0
        await until(lambda: body_of(first_of_day) in visible_bodies(window))
        assert window.conversation.jumps.highlights.flash_pk is not None
        assert body_of(1999) not in visible_bodies(window)
        assert datetime.fromtimestamp(start + 60 * first_of_day).date() == (
            datetime(2021, 3, 1) + timedelta(days=1)).date()


async def test_delete_history_asks_first_and_keeps_other_chats(qtbot: Any,
                                                               tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        await fill(window.app, 200)
        await fill(window.app, 5, peer="carol@example.org")
        await window.open_conversation(ME, BOB)
        model = model_of(window)
        await until(lambda: model.rowCount() > 0)
        _menu_action(window, "deleteHistoryAction").trigger()
        dialog = _visible_dialog(window, ConfirmDialog)
        assert dialog.objectName() == "confirmDeleteHistoryDialog"
        assert dialog.cancel.isDefault()
        qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)
        await asyncio.sleep(0.2)
        assert model.rowCount() > 0

        _menu_action(window, "deleteHistoryAction").trigger()
        dialog = _visible_dialog(window, ConfirmDialog)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
        await until(lambda: model.rowCount() == 0)
        await until(window.conversation.no_messages.isVisible)
        assert await window.app.history_page(ME, BOB, None, 10) == []
        assert len(await window.app.history_page(ME, "carol@example.org", None, 10)) == 5
        await until(lambda: "Deleted 200 messages" in window.status_label.text())


@pytest.mark.parametrize("fmt", ["text", "html"])
async def test_export_text_and_html_escaped(qtbot: Any, tmp_path: Path, fmt: str) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        await fill(window.app, 3000, special={7: HOSTILE, 8: "two\nlines"})
        await window.open_conversation(ME, BOB)
        action = "exportHtmlAction" if fmt == "html" else "exportTextAction"
        _menu_action(window, action).trigger()
        dialog = _visible_dialog(window, QFileDialog)
        target = tmp_path / f"chat.{'html' if fmt == 'html' else 'txt'}"
        dialog.selectFile(str(target))
        dialog.accept()
        await until(lambda: "Exported 3000 messages" in window.status_label.text(), timeout=30)
        text = target.read_text(encoding="utf-8")
        assert body_of(0) in text and body_of(2999) in text
        assert text.index(body_of(10)) < text.index(body_of(11))  # oldest first
        if fmt == "html":
            assert "<script>" not in text and "<b>bold</b>" not in text
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; " in text
            assert "default-src 'none'" in text
            assert len(re.findall(r'<div class="m">', text)) == 3000
        else:
            assert HOSTILE in text
            assert "] bob@example.org: two\n    lines\n" in text
            assert "] You: " + body_of(1) in text
        assert not list(tmp_path.glob("*.partial"))
        assert window.conversation.findChildren(HistoryTools)
