"""Choosing the part of a photo that becomes one's picture (issue 8, point 6: "avatar with
crop"): the square starts in the middle, the mouse drags it, +/- resize it, and what is
inside is what gets published."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from heron.ui.picture_crop import MIN_SIDE
from heron.ui.profile_dialogs import PICTURE_SIDE, EditProfileDialog
from tests.ui.windows import window_without_accounts

pytestmark = [pytest.mark.asyncio]


def _half_red_half_blue(path: Path) -> None:
    image = QImage(400, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#d02020"))
    for x in range(200, 400):
        for y in range(200):
            image.setPixelColor(x, y, QColor("#2040d0"))
    image.save(str(path))


def _share_red(picture: bytes | None) -> float:
    assert picture is not None
    image = QImage.fromData(picture)
    assert (image.width(), image.height()) == (PICTURE_SIDE, PICTURE_SIDE)
    red = sum(image.pixelColor(x, y).red() > 150 for x in range(0, PICTURE_SIDE, 4)
              for y in range(0, PICTURE_SIDE, 4))
    return red / (PICTURE_SIDE // 4) ** 2


async def test_drag_the_square_and_publish_what_is_inside(qtbot: Any, tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    _half_red_half_blue(photo)
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        dialog = EditProfileDialog(window.app, "me@example.org", window)
        qtbot.addWidget(dialog)
        assert dialog.set_picture_file(str(photo), choose_part=True)
        crop = dialog.crop
        assert crop is not None and crop.isVisible()
        area = crop.area
        assert (area.selection.x(), area.selection.width()) == (100, 200)  # the middle square
        # Drag it all the way left: only the red half is inside.
        start = area.rect().center()
        qtbot.mousePress(area, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(area, start - QPoint(150, 0))
        qtbot.mouseRelease(area, Qt.MouseButton.LeftButton, pos=start - QPoint(150, 0))
        assert area.selection.x() == 0  # and not beyond the image
        qtbot.keyClick(area, Qt.Key.Key_Minus)
        assert area.selection.width() < 200
        for _ in range(60):
            qtbot.keyClick(area, Qt.Key.Key_Minus)
        assert area.selection.width() == MIN_SIDE
        crop.ok.click()
        assert _share_red(dialog.picture) > 0.95
        # Without choosing, the middle square: half red, half blue.
        assert dialog.set_picture_file(str(photo))
        assert 0.4 < _share_red(dialog.picture) < 0.6
