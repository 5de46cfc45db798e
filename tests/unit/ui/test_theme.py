"""Dark mode: the whole palette, the style sheet and the painters' colours switch together."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from heron.ui import theme


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    theme.set_appearance(qapp, "light")


def _window_lightness(app: QApplication) -> int:
    return app.palette().color(QPalette.ColorRole.Window).lightness()


def test_dark_scheme_darkens_widgets_and_painters(app: QApplication) -> None:
    theme.set_appearance(app, "light")
    assert _window_lightness(app) > 200
    assert theme.TEXT.lightness() < 80
    theme.set_appearance(app, "dark")
    assert _window_lightness(app) < 60
    assert theme.TEXT.lightness() > 200  # bubbles and rows are painted with light text
    assert theme.IN_BUBBLE.lightness() < 80
    sheet = app.styleSheet()
    assert "@" not in sheet.replace("@media", "")  # every colour placeholder was filled
    assert f"background: {theme.DARK.surface}" in sheet
    assert f"background: {theme.LIGHT.surface}" not in sheet


def test_system_scheme_is_followed_only_when_the_user_chose_system(
        app: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(theme, "system_prefers_dark", lambda: True)
    theme.follow_system(app, "system")
    assert theme.SCHEME is theme.DARK
    monkeypatch.setattr(theme, "system_prefers_dark", lambda: False)
    theme.on_system_scheme_changed(app)
    assert theme.SCHEME is theme.LIGHT
    theme.set_appearance(app, "dark")  # the user's own choice wins over the desktop
    theme.on_system_scheme_changed(app)
    assert theme.SCHEME is theme.DARK


def test_settings_remember_the_appearance(tmp_path: object) -> None:
    from pathlib import Path

    from heron.core.settings import SettingsStore

    store = SettingsStore(Path(str(tmp_path)) / "settings.json")
    settings = store.load()
    assert settings.appearance == "system"
    settings.appearance = "dark"
    store.save(settings)
    assert store.load().appearance == "dark"
