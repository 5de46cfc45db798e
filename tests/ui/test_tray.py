"""The tray icon (issue 8, point 7): the unread count painted on it, and a menu that shows the
window, sets presence, switches notifications and "keep running when closed", and quits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QIcon

from heron.ui.main_window import MainWindow
from heron.ui.tray import ICON_SIZE, TrayIcon, badge_icon
from tests.helpers import until
from tests.integration.parties import account_for, start_heron, start_peer, stop_peer
from tests.ui.windows import loop_survives_close, window_without_accounts

BASE = QIcon(str(Path(__file__).resolve().parents[2] / "resources" / "icons" / "heron.svg"))


def _red_share(icon: QIcon) -> float:
    """How much of the icon's top-right quarter is the badge's red."""
    image = icon.pixmap(ICON_SIZE, ICON_SIZE).toImage()
    half = ICON_SIZE // 2
    pixels = [image.pixelColor(x, y) for x in range(half, ICON_SIZE) for y in range(half)]
    red = [c for c in pixels if c.red() > 180 and c.green() < 100 and c.blue() < 100]
    return len(red) / len(pixels)


def test_the_badge_shows_unread_in_red_and_goes_at_zero(qapp: Any) -> None:
    assert _red_share(badge_icon(BASE, 3)) > 0.3
    assert _red_share(badge_icon(BASE, 250)) > 0.3  # "99+"
    assert _red_share(badge_icon(BASE, 0)) == _red_share(BASE) == 0


@pytest.mark.asyncio
@pytest.mark.integration
async def test_unread_messages_show_on_the_tray_icon(
        qtbot: Any, server: Any, make_user: Any, tmp_path: Path) -> None:
    alice, pw = make_user()
    bob, bob_pw = make_user()
    app = await start_heron(tmp_path / "alice", account_for(server, alice), pw)
    peer = await start_peer(server, bob, bob_pw)
    try:
        await app.sessions[alice].roster.set_item(bob, "Bob", ())
        window = MainWindow(app)
        qtbot.addWidget(window)
        window.show()
        tray = TrayIcon(window)
        assert tray.icon.toolTip() == "Heron"
        peer.send_message(mto=alice, mbody="one", mtype="chat")
        peer.send_message(mto=alice, mbody="two", mtype="chat")
        await until(lambda: tray.icon.toolTip() == "Heron — 2 unread")
        assert _red_share(tray.icon.icon()) > 0.3
        await window.open_conversation(alice, bob)  # read: the badge goes
        await until(lambda: tray.icon.toolTip() == "Heron")
        assert _red_share(tray.icon.icon()) == 0
    finally:
        await stop_peer(peer)
        await app.close()


@pytest.mark.asyncio
async def test_the_menu_sets_presence_and_settings_and_quits(qtbot: Any, tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        tray = TrayIcon(window)
        actions = {a.text(): a for a in tray.menu.actions() if a.text()}
        assert list(actions)[:1] == ["Hide Heron"]
        assert actions["Available"].isChecked()
        actions["Away"].trigger()
        assert window.app.settings.presence_show == "away"
        assert window.app.settings_store.load().presence_show == "away"
        assert actions["Away"].isChecked() and not actions["Available"].isChecked()
        actions["Notifications"].trigger()  # on by default: now off, and saved
        assert window.app.settings_store.load().notifications is False
        actions["Keep running when closed"].trigger()
        assert window.app.settings_store.load().close_to_tray is True
        closed: list[bool] = []
        window.closed.connect(lambda: closed.append(True))
        with loop_survives_close():
            actions["Quit Heron"].trigger()  # quits, whatever "keep running" says
        assert closed == [True]
