"""☰ → Files: whose pictures show by themselves, and where downloads go; both kept for the
next start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import platformdirs
import pytest
from PySide6.QtWidgets import QFileDialog

from heron.core.file_settings import download_folder
from heron.core.settings import SettingsStore
from tests.ui.windows import window_without_accounts

pytestmark = [pytest.mark.asyncio]


async def test_pictures_and_download_folder_are_chosen_and_kept(qtbot: Any,
                                                                tmp_path: Path) -> None:
    async with window_without_accounts(qtbot, tmp_path / "p") as window:
        app = window.app
        menu = window.sidebar.files_menu
        actions = {a.objectName(): a for a in menu.actions()}
        assert actions["pictures:roster"].isChecked()  # the default: contacts only
        assert download_folder(app.settings) == Path(platformdirs.user_downloads_dir())
        actions["pictures:never"].trigger()
        assert actions["pictures:never"].isChecked() and not actions["pictures:roster"].isChecked()
        assert SettingsStore(app.paths.settings).load().image_autoload == "never"
        actions["downloadFolderAction"].trigger()
        dialog = window.findChild(QFileDialog, "downloadFolderDialog")
        assert dialog is not None and dialog.isVisible()
        dialog.fileSelected.emit(str(tmp_path / "Incoming"))
        dialog.close()
        kept = SettingsStore(app.paths.settings).load()
        assert (kept.image_autoload, kept.download_dir) == ("never", str(tmp_path / "Incoming"))
        assert download_folder(kept) == tmp_path / "Incoming"
