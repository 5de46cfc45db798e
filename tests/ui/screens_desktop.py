"""Screenshots of the desktop parts (issue 8, points 6 and 7) for docs/screenshots/, light and
dark: the tray icon's menu, the composer's spell checking with its suggestions, blocking a
stranger, the blocked list, a contact's profile and the editor of one's own.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.screens_desktop [OUT_DIR]

Real widgets over a throw-away profile; the squiggles come from the installed Enchant and
Hunspell en_US dictionary.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from heron.application import Heron
from heron.core.paths import ProfilePaths
from heron.core.profile import Profile
from heron.ui import spelling, theme
from heron.ui.blocking import BlockDialog, BlockedListDialog
from heron.ui.main_window import MainWindow
from heron.ui.profile_dialogs import EditProfileDialog, ProfileDialog
from heron.ui.tray import TrayIcon
from tests.ui.screens_themes import run_shots
from tests.ui.test_spelling import _point_at


def _with_popup(base: QWidget, popup: QWidget, at: tuple[int, int]) -> QPixmap:
    """``base`` with ``popup`` drawn over it at ``at`` (offscreen has no window stacking)."""
    shot = base.grab()
    painter = QPainter(shot)
    painter.drawPixmap(*at, popup.grab())
    painter.end()
    return shot


async def shoot(out: Path, work: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    qt = QApplication.instance()
    assert isinstance(qt, QApplication)
    for scheme in ("light", "dark"):
        theme.set_appearance(qt, scheme)
        suffix = "" if scheme == "light" else "-dark"
        app = Heron(ProfilePaths(work / scheme))
        await app.open()
        app.settings.spell_language = "en_US"
        window = MainWindow(app)
        window.resize(900, 560)
        window.show()
        try:
            window.conversation.stack.setCurrentIndex(1)
            spelling.attach(window)
            composer = window.composer
            composer.setPlainText("Meet you at the libary tomorow? The XMPP talk starts at 9.")
            await asyncio.sleep(0.2)
            point = _point_at(composer, "libary")
            menu = composer.context_menu(point)
            menu.popup(composer.mapToGlobal(point))
            await asyncio.sleep(0.2)
            where = composer.mapTo(window, point)
            _with_popup(window, menu, (where.x(), where.y() - menu.height())).save(
                str(out / f"spelling{suffix}.png"))
            menu.close()
            tray = TrayIcon(window)
            tray.menu.popup(window.mapToGlobal(window.rect().center()))
            await asyncio.sleep(0.2)
            tray.menu.grab().save(str(out / f"tray-menu{suffix}.png"))
            tray.menu.close()
            block = BlockDialog("spam4u@example.net", "spam4u@example.net", True, window)
            block.show()
            await asyncio.sleep(0.2)
            block.grab().save(str(out / f"block-dialog{suffix}.png"))
            block.close()
            listed = BlockedListDialog(app, "me@example.org", window)
            listed.show_list(["spam4u@example.net", "troll@example.com"])
            listed.show()
            await asyncio.sleep(0.2)
            listed.grab().save(str(out / f"blocked-list{suffix}.png"))
            listed.close()
            avatar = Path(__file__).resolve().parents[2] / "app/heron/demo/avatars/ada.png"
            profile = ProfileDialog(app, "me@example.org", "ada@example.org", "Ada Lovelace",
                                    str(avatar), window)
            profile.show_profile(Profile(
                full_name="Ada Lovelace", nickname="ada", email="ada@example.org",
                organisation="Analytical Engine Society", url="https://example.org/ada",
                note="Poetical science, and notes on the engine."))
            profile.show()
            await asyncio.sleep(0.2)
            profile.grab().save(str(out / f"profile{suffix}.png"))
            profile.close()
            mine = EditProfileDialog(app, "me@example.org", window)
            mine.fill(Profile(full_name="Me Myself", nickname="me", email="me@example.org"))
            mine.set_picture_file(str(avatar))
            mine.show()
            await asyncio.sleep(0.2)
            mine.grab().save(str(out / f"my-profile{suffix}.png"))
            mine.set_picture_file(str(avatar), choose_part=True)
            assert mine.crop is not None
            mine.crop.area.resize_by(0.7)
            await asyncio.sleep(0.2)
            mine.crop.grab().save(str(out / f"picture-crop{suffix}.png"))
            mine.crop.close()
            mine.close()
        finally:
            window.close()
            await app.close()


def main() -> int:
    return run_shots(shoot)


if __name__ == "__main__":
    sys.exit(main())
