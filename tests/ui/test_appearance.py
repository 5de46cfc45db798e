"""Appearance: the menu switches light/dark for the whole window, focus is visible, emoji are
in colour."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QImage
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from heron.core.settings import SettingsStore
from heron.ui import theme
from heron.ui.main_window import MainWindow
from tests.helpers import until
from tests.integration.parties import stop_peer
from tests.ui.test_main_window import _bodies, _click_contact, _window_with_contact
from tests.ui.test_messenger_basics import _bubble
from tests.ui.windows import window_without_accounts


@pytest.fixture(autouse=True)
def _light_after(qapp: QApplication) -> Iterator[None]:
    yield
    theme.set_appearance(qapp, "light")


def _share_of_light_pixels(image: QImage) -> float:
    """Share of near-white pixels (sampled): a white box in dark mode shows up here."""
    light = total = 0
    for y in range(0, image.height(), 6):
        for x in range(0, image.width(), 6):
            total += 1
            if QColor(image.pixel(x, y)).lightness() > 215:
                light += 1
    return light / max(total, 1)


def _choose(window: MainWindow, mode: str) -> None:
    """Menu ☰ → Appearance → ``mode``, as a person picks it."""
    menu = window.sidebar.appearance_menu
    action = next(a for a in menu.actions() if a.objectName() == f"appearance:{mode}")
    action.trigger()


@pytest.mark.asyncio
@pytest.mark.integration
async def test_dark_from_the_menu_reaches_every_pane_and_is_kept(qtbot, server, make_user,
                                                                 tmp_path):
    app, window, peer, alice, bob = await _window_with_contact(qtbot, server, make_user,
                                                               tmp_path)
    try:
        peer.send_message(mto=alice, mbody="dark or light?", mtype="chat")
        window.resize(900, 600)
        _click_contact(qtbot, window, bob)
        await until(lambda: _bodies(window) == ["dark or light?"])
        qtbot.keyClicks(window.composer, "dark please")
        qtbot.keyClick(window.composer, Qt.Key.Key_Return)
        await until(lambda: len(_bodies(window)) == 2)
        assert _share_of_light_pixels(window.grab().toImage()) > 0.5

        _choose(window, "dark")
        await asyncio.sleep(0.05)
        assert _share_of_light_pixels(window.grab().toImage()) < 0.02
        # The painted parts too: the incoming bubble and the day chip above it are dark.
        view = window.message_view.viewport().grab().toImage()
        bubble = _bubble(window, 0)
        assert QColor(view.pixel(bubble.left() + 3, bubble.center().y())).lightness() < 80
        chip_y = window.message_view.visualRect(window.message_model.index(0)).top() + 16
        assert QColor(view.pixel(view.width() // 2 - 20, chip_y)).lightness() < 80
        checked = [a.objectName() for a in window.sidebar.appearance_menu.actions()
                   if a.isChecked()]
        assert checked == ["appearance:dark"]
        assert SettingsStore(app.paths.settings).load().appearance == "dark"

        _choose(window, "light")
        await asyncio.sleep(0.05)
        assert _share_of_light_pixels(window.grab().toImage()) > 0.5
        assert SettingsStore(app.paths.settings).load().appearance == "light"
    finally:
        await stop_peer(peer)
        await app.close()


@pytest.mark.asyncio
async def test_menus_and_status_dots_follow_the_scheme(qtbot, qapp, tmp_path: Path):
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        _choose(window, "dark")
        menu: QMenu = window.sidebar.menu_button.menu()
        menu.popup(window.mapToGlobal(window.rect().center()))
        await asyncio.sleep(0.05)
        assert _share_of_light_pixels(menu.grab().toImage()) < 0.05
        menu.close()
        status = window.sidebar.account_status.row("me@example.org")
        status.set_status("connected", "Connected", False)
        status.show()

        def dot() -> str:
            status.dot.ensurePolished()
            return status.dot.palette().color(status.dot.foregroundRole()).name()

        assert dot() == theme.DARK.online
        _choose(window, "light")  # the dot follows without a new status
        assert dot() == theme.LIGHT.online
        status.set_status("offline", "Wrong password", True)
        assert dot() == theme.LIGHT.danger


@pytest.mark.asyncio
async def test_focus_is_visible_on_lists_and_fields(qtbot, tmp_path: Path):
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        window.activateWindow()
        theme.set_appearance(QApplication.instance(), "light")  # type: ignore[arg-type]
        for widget in (window.roster_view, window.roster_filter):
            before = widget.grab().toImage()
            widget.setFocus()
            await asyncio.sleep(0.05)
            assert widget.hasFocus()
            after = widget.grab().toImage()
            edge = QColor(after.pixel(1, after.height() // 2))
            assert edge.name() == theme.ACCENT.name(), widget.objectName()
            assert QColor(before.pixel(1, before.height() // 2)).name() != theme.ACCENT.name()


def test_emoji_are_drawn_in_colour(qtbot: Any, qapp: QApplication) -> None:
    theme.set_appearance(qapp, "light")
    assert "Noto Color Emoji" in QFontDatabase.families()  # Debian: fonts-noto-color-emoji
    assert "Noto Color Emoji" in qapp.font().families()
    label = QLabel("😀🎉")
    label.setFont(qapp.font())
    qtbot.addWidget(label)
    label.resize(120, 60)
    image = label.grab().toImage()
    saturated = sum(1 for y in range(image.height()) for x in range(image.width())
                    if QColor(image.pixel(x, y)).hsvSaturation() > 120)
    assert saturated > 50  # yellow faces and confetti, not grey outlines or boxes
