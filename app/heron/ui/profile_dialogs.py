"""A contact's profile (their vCard) and the editor of one's own: name, nickname, contact
details, picture. Everything a contact wrote is shown as plain text."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from heron.core.errors import HeronError
from heron.core.profile import Profile
from heron.core.tasks import spawn
from heron.ui.avatars import MAX_SIDE, paint_avatar
from heron.ui.omemo_profile import add_keys_button
from heron.ui.picture_crop import CropDialog
from heron.ui.widgets import plain_label

if TYPE_CHECKING:
    from heron.application import Heron

PICTURE_SIDE = 192  # what other clients show at most; small enough for every server's limit
PREVIEW = 88


def _labels() -> dict[str, str]:
    translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")
    return {"full_name": translate("Profile", "Name"),
            "nickname": translate("Profile", "Nickname"),
            "email": translate("Profile", "Email"),
            "phone": translate("Profile", "Phone"),
            "organisation": translate("Profile", "Organisation"),
            "url": translate("Profile", "Website"),
            "birthday": translate("Profile", "Birthday"),
            "note": translate("Profile", "About")}


def read_picture(path: str) -> QImage | None:
    """The image at ``path``, or None when Heron cannot read it (or it is absurdly large)."""
    reader = QImageReader(path)
    size = reader.size()
    if not size.isValid() or size.width() > MAX_SIDE * 4 or size.height() > MAX_SIDE * 4:
        return None
    image = reader.read()
    return None if image.isNull() else image


def middle_square(image: QImage) -> QImage:
    edge = min(image.width(), image.height())
    return image.copy(QRect((image.width() - edge) // 2, (image.height() - edge) // 2,
                            edge, edge))


def picture_bytes(square: QImage, side: int = PICTURE_SIDE) -> bytes:
    """A square image scaled to ``side`` pixels, as PNG bytes."""
    scaled = square.scaled(QSize(side, side), Qt.AspectRatioMode.IgnoreAspectRatio,
                           Qt.TransformationMode.SmoothTransformation)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    scaled.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes, Qt a str
    return bytes(buffer.data().data())


def _avatar_label(jid: str, name: str, path: str) -> QLabel:
    pixmap = QPixmap(PREVIEW, PREVIEW)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = painter.font()
    font.setPixelSize(PREVIEW // 2)
    paint_avatar(painter, QRect(0, 0, PREVIEW, PREVIEW), jid, name, path, font)
    painter.end()
    label = QLabel()
    label.setObjectName("profilePicture")
    label.setPixmap(pixmap)
    label.setFixedSize(PREVIEW, PREVIEW)
    return label


class ProfileDialog(QDialog):
    """A contact's vCard, read when the dialog opens."""

    def __init__(self, app: Heron, account: str, jid: str, name: str, avatar: str,  # noqa: PLR0917  what the dialog shows
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.account, self.jid = app, account, jid
        self.setObjectName("profileDialog")
        self.setWindowTitle(self.tr("Profile of {name}").format(name=name))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(14)
        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(_avatar_label(jid, name, avatar))
        titles = QVBoxLayout()
        self.title = plain_label(name, "dialogTitle")
        titles.addWidget(self.title)
        titles.addWidget(plain_label(jid, "conversationSubtitle"))
        titles.addStretch(1)
        header.addLayout(titles, 1)
        layout.addLayout(header)
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        layout.addLayout(self.form)
        self.state = plain_label(self.tr("Reading the profile…"), "conversationSubtitle")
        layout.addWidget(self.state)
        row = QHBoxLayout()
        row.addStretch(1)
        close = QPushButton(self.tr("Close"))
        close.setDefault(True)
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.keys = add_keys_button(row, app, account, jid, self)  # ui/omemo_profile.py
        self.profile: Profile | None = None
        spawn(self._load())

    async def _load(self) -> None:
        session = self.app.sessions.get(self.account)
        if session is None:
            self.state.setText(self.tr("Connect the account to read the profile."))
            return
        try:
            profile = await session.profile.fetch(self.jid)
        except HeronError as exc:  # shown in the dialog; the window stays up
            self.state.setText(str(exc))
            return
        self.show_profile(profile)

    def show_profile(self, profile: Profile) -> None:
        self.profile = profile
        labels = _labels()
        for field in fields(profile):
            value = getattr(profile, field.name)
            if value:
                shown = plain_label(value, f"profile:{field.name}")
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.form.addRow(labels[field.name], shown)
        if profile.full_name:
            self.title.setText(profile.full_name)
        self.state.setText(self.tr("No profile published.") if profile.empty else "")
        self.state.setVisible(profile.empty)


class EditProfileDialog(QDialog):
    """The user's own profile and picture, published to their server."""

    def __init__(self, app: Heron, account: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app, self.account = app, account
        self.picture: bytes | None = None
        self.crop: CropDialog | None = None
        self.setObjectName("editProfileDialog")
        self.setWindowTitle(self.tr("My profile"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(plain_label(self.windowTitle(), "dialogTitle"))
        header = QHBoxLayout()
        self.preview = _avatar_label(account, account, "")
        header.addWidget(self.preview)
        choose = QPushButton(self.tr("Choose picture…"))
        choose.setObjectName("choosePictureButton")
        choose.clicked.connect(self._choose_picture)
        header.addWidget(choose, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addStretch(1)
        layout.addLayout(header)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edits: dict[str, QLineEdit | QPlainTextEdit] = {}
        for name, label in _labels().items():
            edit: QLineEdit | QPlainTextEdit = QPlainTextEdit() if name == "note" \
                else QLineEdit()
            edit.setObjectName(f"profileEdit:{name}")
            edit.setAccessibleName(label)
            if isinstance(edit, QPlainTextEdit):
                edit.setFixedHeight(72)
            self.edits[name] = edit
            form.addRow(label, edit)
        layout.addLayout(form)
        self.error = plain_label("", "formError")
        self.error.hide()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        self.save = QPushButton(self.tr("Save"))
        self.save.setObjectName("okButton")
        self.save.setDefault(True)
        self.save.clicked.connect(lambda: spawn(self.publish()))
        row.addWidget(cancel)
        row.addWidget(self.save)
        layout.addLayout(row)
        spawn(self._load())

    async def _load(self) -> None:
        session = self.app.sessions.get(self.account)
        if session is None:
            return
        try:
            self.fill(await session.profile.fetch(self.account))
        except HeronError:  # an unreadable old profile: start from empty fields
            return

    def fill(self, profile: Profile) -> None:
        for name, edit in self.edits.items():
            value = getattr(profile, name)
            if isinstance(edit, QPlainTextEdit):
                edit.setPlainText(value)
            elif not edit.text():
                edit.setText(value)

    def entered(self) -> Profile:
        values = {name: (edit.toPlainText() if isinstance(edit, QPlainTextEdit)
                         else edit.text()).strip() for name, edit in self.edits.items()}
        return replace(Profile(), **values)

    def set_picture_file(self, path: str, choose_part: bool = False) -> bool:
        """The picture from the file at ``path``: its middle square, or (``choose_part``) the
        square the user picks in the crop dialog."""
        image = read_picture(path)
        if image is None:
            self._show_error(self.tr("{file} is not a picture Heron can read.").format(
                file=Path(path).name))
            return False
        if not choose_part:
            self.set_picture(middle_square(image))
            return True
        self.crop = CropDialog(image, self)
        self.crop.accepted.connect(lambda: self.set_picture(self.crop.area.cropped()))
        self.crop.open()
        return True

    def set_picture(self, square: QImage) -> None:
        picture = picture_bytes(square)
        self.picture = picture
        image = QImage.fromData(picture).scaled(
            PREVIEW, PREVIEW, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)
        round_picture = QPixmap(PREVIEW, PREVIEW)  # shown as every client shows it: a circle
        round_picture.fill(Qt.GlobalColor.transparent)
        painter = QPainter(round_picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        clip = QPainterPath()
        clip.addEllipse(0, 0, PREVIEW, PREVIEW)
        painter.setClipPath(clip)
        painter.drawImage(0, 0, image)
        painter.end()
        self.preview.setPixmap(round_picture)
        self.error.hide()

    def _choose_picture(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a picture"), str(Path.home()),
            self.tr("Images (*.png *.jpg *.jpeg *.gif *.webp)"))
        if path:
            self.set_picture_file(path, choose_part=True)

    async def publish(self) -> None:
        session = self.app.sessions.get(self.account)
        if session is None:
            self._show_error(self.tr("This account is not connected."))
            return
        self.save.setEnabled(False)
        try:
            await session.profile.publish(self.entered(), self.picture)
        except HeronError as exc:  # shown in the dialog; nothing is lost, the fields stay
            self._show_error(str(exc))
            self.save.setEnabled(True)
            return
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
