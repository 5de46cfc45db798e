"""The Files menu: where downloads go, and whose pictures show by themselves (saved in the
settings at once; the conversation reads them when it needs them)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from heron.application import Heron
from heron.core.file_settings import download_folder
from heron.ui.i18n import QT_TRANSLATE_NOOP

PICTURES = (("always", QT_TRANSLATE_NOOP("FileMenu", "Show pictures from everyone")),
            ("roster", QT_TRANSLATE_NOOP("FileMenu", "Show pictures from contacts only")),
            ("never", QT_TRANSLATE_NOOP("FileMenu", "Show pictures only when clicked")))


def fill_files_menu(menu: QMenu, app: Heron, parent: QWidget) -> QActionGroup:
    group = QActionGroup(menu)
    group.setExclusive(True)
    current = app.settings.image_autoload
    for mode, label in PICTURES:
        action = menu.addAction(QCoreApplication.translate("FileMenu", label))
        action.setObjectName(f"pictures:{mode}")
        action.setCheckable(True)
        action.setChecked(mode == current)
        action.triggered.connect(lambda _checked=False, m=mode: set_pictures(app, m))
        group.addAction(action)
    menu.addSeparator()
    folder = menu.addAction(QCoreApplication.translate("FileMenu", "Download folder…"))
    folder.setObjectName("downloadFolderAction")
    folder.triggered.connect(lambda: choose_download_folder(app, parent))
    return group


def set_pictures(app: Heron, mode: str) -> None:
    app.settings.image_autoload = mode
    app.settings_store.save(app.settings)


def choose_download_folder(app: Heron, parent: QWidget) -> QFileDialog:
    """A non-modal folder dialog; the folder chosen is where Save puts files from now on."""
    dialog = QFileDialog(parent, QCoreApplication.translate("FileMenu", "Download folder"),
                         str(download_folder(app.settings)))
    dialog.setObjectName("downloadFolderDialog")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)

    def chosen(path: str) -> None:
        app.settings.download_dir = path
        app.settings_store.save(app.settings)

    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog
