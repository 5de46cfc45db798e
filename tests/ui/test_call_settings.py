"""Settings, Calls: the device pickers remember the choice across a restart; on a machine with
no speaker and no camera (this one) the test tone and the preview say so instead of failing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from heron.calls import levels
from heron.core.settings import SettingsStore
from heron.ui.call_settings import CallSettingsDialog, tone_pcm


def test_choices_are_stored_and_come_back(qtbot: QtBot, tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = store.load()
    dialog = CallSettingsDialog(settings, store.save)
    qtbot.addWidget(dialog)
    picker = dialog.page.pickers["microphone"]
    assert picker.itemText(0) == "System default"
    picker.addItem("USB headset", "alsa_input.usb-headset")  # as QMediaDevices would list it
    picker.setCurrentIndex(picker.count() - 1)
    assert store.load().call_microphone == "alsa_input.usb-headset"
    assert store.load().call_camera == ""  # the others stay on the default
    picker.setCurrentIndex(0)
    assert store.load().call_microphone == ""


def test_without_devices_the_page_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    dialog = CallSettingsDialog(store.load(), store.save)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.page.preview.text() == "No camera found"
    qtbot.mouseClick(dialog.page.tone_button, Qt.MouseButton.LeftButton)
    assert dialog.page.status.text() == "No speaker found to play the tone on."


def test_the_test_tone_is_a_soft_440_hz_sine() -> None:
    from array import array

    pcm = array("h", tone_pcm(0.5))[::2]
    assert abs(levels.pitch(pcm, 48_000) - 440) < 5
    assert 0.1 < levels.rms(pcm) < 0.25
    assert abs(pcm[0]) < 50  # fades in: no click
