"""A file message's bubble: type badge, name, size and state, a progress bar while it moves,
and its actions (Cancel, Retry, Save, Open folder). Painted, not a widget per row.

The file's name came from the network or the disk: it is drawn as plain text (drawText never
reads markup) after core/filenames.py sanitised it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap

from heron.core.events import Direction
from heron.core.file_errors import human_size
from heron.core.file_events import FAILED, FileState, FileTransfer
from heron.ui import direct_file_card, theme
from heron.ui.i18n import QT_TRANSLATE_NOOP

WIDTH = 320
PADDING = 12
BADGE = 40
BAR = 6
ACTION_HEIGHT = 22
META_HEIGHT = 16  # the time and ticks under the card (MessageDelegate._paint_meta)
GAP = 8
MAX_ERROR_LINES = 3

# Actions by state, in the order they show.
ACTIONS: dict[FileState, tuple[str, ...]] = {
    FileState.UPLOADING: ("cancel",),
    FileState.UPLOAD_FAILED: ("retry",),
    FileState.SENT: (),
    FileState.REMOTE: ("save",),
    FileState.DOWNLOADING: ("cancel",),
    FileState.SAVED: ("open-folder",),
    FileState.DOWNLOAD_FAILED: ("retry",),
    **direct_file_card.ACTIONS,
}
LABELS = {**direct_file_card.LABELS,
          "cancel": QT_TRANSLATE_NOOP("FileCard", "Cancel"),
          "retry": QT_TRANSLATE_NOOP("FileCard", "Retry"),
          "save": QT_TRANSLATE_NOOP("FileCard", "Save"),
          "open-folder": QT_TRANSLATE_NOOP("FileCard", "Open folder"),
          "load": QT_TRANSLATE_NOOP("FileCard", "Load picture")}
PICTURE_HEIGHT = 200  # the box a picture is shown in
HEIGHT_CACHE_SIZE = 20_000
_HEIGHTS: dict[tuple[object, ...], int] = {}
# Badge colours by kind of file (hue, so they read in light and dark alike).
KINDS = {"image": 200, "video": 280, "audio": 330, "text": 30, "application/pdf": 0}
ARCHIVES = ("zip", "gzip", "x-tar", "x-7z", "x-rar", "x-xz", "x-bzip")

translate = QCoreApplication.translate  # lupdate reads translate("Context", "text")



@dataclass(frozen=True)
class Picture:
    """An image file's inline thumbnail (ui/image_thumbs.py): its pixmap once decoded."""

    pixmap: QPixmap | None
    failed: bool = False  # not a picture Heron decodes: the card shows the file only
    #: the thumbnail's size once known (kept when the pixmap leaves memory: the row keeps
    #: its height and the list is not laid out again)
    size: QSize | None = None
    #: asks for the pixmap (called when the card is painted without one, never to measure)
    request: Callable[[], None] | None = None


@dataclass(frozen=True)
class CardLayout:
    card: QRect  # the bubble
    picture: QRect | None
    badge: QRect
    name: QRect
    status: QRect
    bar: QRect | None
    error: QRect | None
    actions: dict[str, QRect]


def _small(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.88)
    return small


def _error_height(transfer: FileTransfer, width: int, font: QFont) -> int:
    if transfer.state not in FAILED or not transfer.error:
        return 0
    fm = QFontMetrics(_small(font))
    rect = fm.boundingRect(QRect(0, 0, width, fm.height() * MAX_ERROR_LINES),
                           Qt.TextFlag.TextWordWrap, transfer.error)
    return min(rect.height(), fm.height() * MAX_ERROR_LINES) + 4


def card_width(available: int) -> int:
    return max(200, min(WIDTH, available))


def _actions(transfer: FileTransfer, picture: Picture | None) -> tuple[str, ...]:
    if transfer.state in direct_file_card.ACTIONS:
        return direct_file_card.actions(transfer)
    names = ACTIONS[transfer.state]
    if picture is not None and not picture.failed and transfer.state is FileState.REMOTE:
        return ("load",)  # a picture that was not fetched: click to load
    return names


def _picture_rect(x: int, y: int, inner: int, _picture: Picture) -> QRect:
    # One box for every picture, whatever its shape and whether it is decoded yet: a row never
    # changes height when its thumbnail arrives, so the list is never laid out again for it.
    return QRect(x, y, inner, PICTURE_HEIGHT)


def _fitted(box: QRect, size: QSize) -> QRect:
    """``size`` scaled into ``box`` keeping its shape, centred."""
    shown = size.scaled(box.size(), Qt.AspectRatioMode.KeepAspectRatio)
    return QRect(box.center().x() - shown.width() // 2 + 1,
                 box.center().y() - shown.height() // 2 + 1, shown.width(), shown.height())


def layout(transfer: FileTransfer, top_left: QPoint, width: int, font: QFont,
           picture: Picture | None = None) -> CardLayout:
    inner = width - 2 * PADDING
    x, y = top_left.x() + PADDING, top_left.y() + PADDING
    picture_rect = None
    if picture is not None and not picture.failed:
        picture_rect = _picture_rect(x, y, inner, picture)
        y = picture_rect.bottom() + 1 + GAP
    badge = QRect(x, y, BADGE, BADGE)
    fm = QFontMetrics(font)
    # One button sits at the right of the name, centred on the badge; two or more (an offer's
    # Decline / Accept) get a row of their own under it, so the name keeps its room.
    names = _actions(transfer, picture)
    below = len(names) > 1
    row_y = badge.bottom() + 1 + GAP if below else badge.center().y() - ACTION_HEIGHT // 2 + 1
    actions: dict[str, QRect] = {}
    right = x + inner
    for action in reversed(names):
        w = fm.horizontalAdvance(translate("FileCard", LABELS[action])) + 20
        actions[action] = QRect(right - w, row_y, w, ACTION_HEIGHT)
        right -= w + 6
    right = x + inner if below else right
    text_left = badge.right() + 1 + 10
    text_width = right - text_left - (4 if actions and not below else 0)
    name = QRect(text_left, y + 1, text_width, fm.height())
    status = QRect(text_left, name.bottom() + 3, text_width, QFontMetrics(_small(font)).height())
    y = (row_y + ACTION_HEIGHT if below else badge.bottom() + 1) + GAP // 2
    bar = None
    if transfer.state in (FileState.UPLOADING, FileState.DOWNLOADING) or \
            transfer.state in direct_file_card.MOVING:
        bar = QRect(x, y, inner, BAR)
        y += BAR + GAP
    error = None
    error_height = _error_height(transfer, inner, font)
    if error_height:
        error = QRect(x, y, inner, error_height)
        y += error_height
    height = y - top_left.y() + META_HEIGHT + 4
    return CardLayout(QRect(top_left.x(), top_left.y(), width, height), picture_rect, badge,
                      name, status, bar, error, actions)


def height(transfer: FileTransfer, width: int, font: QFont,
           picture: Picture | None = None) -> int:
    """The card's height, cached: the list measures every row at each new layout."""
    key = (transfer, width, font.key(), picture is not None, picture is not None
           and picture.failed)
    found = _HEIGHTS.get(key)
    if found is None:
        if len(_HEIGHTS) > HEIGHT_CACHE_SIZE:
            _HEIGHTS.clear()
        found = _HEIGHTS[key] = layout(transfer, QPoint(0, 0), width, font, picture).card.height()
    return found


def status_text(transfer: FileTransfer) -> str:
    if transfer.state in direct_file_card.ACTIONS:
        return direct_file_card.status_text(transfer)
    size = human_size(transfer.size)
    if transfer.state in (FileState.UPLOADING, FileState.DOWNLOADING):
        verb = (translate("FileCard", "Uploading") if transfer.state is FileState.UPLOADING
                else translate("FileCard", "Downloading"))
        if transfer.size:
            percent = min(100, transfer.done * 100 // transfer.size)
            return f"{verb} {percent}% · {size}"
        return f"{verb} · {human_size(transfer.done)}"
    words = {FileState.UPLOAD_FAILED: translate("FileCard", "Not sent"),
             FileState.DOWNLOAD_FAILED: translate("FileCard", "Not saved"),
             FileState.SAVED: translate("FileCard", "Saved"),
             FileState.SENT: translate("FileCard", "Sent")}.get(transfer.state, "")
    return " · ".join(part for part in (size, words) if part) or translate("FileCard", "File")


def _badge_color(transfer: FileTransfer) -> QColor:
    mime = transfer.mime
    hue = KINDS.get(mime, KINDS.get(mime.split("/", 1)[0], -1))
    if hue < 0 and mime.split("/")[-1] in ARCHIVES:
        hue = 50
    if hue < 0:
        return QColor(theme.MUTED)
    return QColor.fromHsl(hue, 140, 105 if hue == 50 else 115)  # noqa: PLR2004  yellow is light


def _extension(transfer: FileTransfer) -> str:
    stem, dot, ext = transfer.name.rpartition(".")
    return ext[:4].upper() if dot and stem and ext else translate("FileCard", "FILE")


def paint(painter: QPainter, transfer: FileTransfer, top_left: QPoint, width: int,  # noqa: PLR0917  a card's inputs
          font: QFont, picture: Picture | None = None, *,
          selected: bool = False) -> CardLayout:
    """Paint the whole bubble (not its time and ticks); returns where everything is."""
    geometry = layout(transfer, top_left, width, font, picture)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    path = QPainterPath()
    path.addRoundedRect(QRectF(geometry.card), 14, 14)
    outgoing = transfer.direction is Direction.OUTGOING
    painter.setPen(QPen(theme.ACCENT, 2) if selected else Qt.PenStyle.NoPen)
    painter.setBrush(theme.OUT_BUBBLE if outgoing else theme.IN_BUBBLE)
    painter.drawPath(path)

    if geometry.picture is not None and picture is not None:
        _paint_picture(painter, geometry.picture, picture, transfer, font)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_badge_color(transfer))
    painter.drawRoundedRect(geometry.badge, 8, 8)
    badge_font = QFont(font)
    badge_font.setBold(True)
    badge_font.setPointSizeF(font.pointSizeF() * 0.72)
    painter.setFont(badge_font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(geometry.badge, Qt.AlignmentFlag.AlignCenter, _extension(transfer))

    name_font = QFont(font)
    name_font.setBold(True)
    painter.setFont(name_font)
    painter.setPen(theme.TEXT)
    fm = QFontMetrics(name_font)
    painter.drawText(geometry.name, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     fm.elidedText(transfer.name, Qt.TextElideMode.ElideMiddle,
                                   geometry.name.width()))
    small = _small(font)
    painter.setFont(small)
    painter.setPen(theme.MUTED)
    painter.drawText(geometry.status, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                     QFontMetrics(small).elidedText(status_text(transfer),
                                                    Qt.TextElideMode.ElideRight,
                                                    geometry.status.width()))
    if geometry.bar is not None:
        _paint_bar(painter, geometry.bar, transfer)
    if geometry.error is not None:
        painter.setPen(QColor(theme.SCHEME.danger))
        painter.drawText(geometry.error, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft,
                         transfer.error)
    painter.setFont(font)
    for action, rect in geometry.actions.items():
        painter.setPen(QPen(theme.ACCENT, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 11, 11)
        painter.setPen(theme.ACCENT)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, translate("FileCard", LABELS[action]))
    painter.restore()
    return geometry


def _paint_picture(painter: QPainter, rect: QRect, picture: Picture, transfer: FileTransfer,
                   font: QFont) -> None:
    clip = QPainterPath()
    clip.addRoundedRect(QRectF(rect), 8, 8)
    painter.save()
    painter.setClipPath(clip)
    if picture.pixmap is not None and not picture.pixmap.isNull():
        painter.fillRect(rect, theme.RAISED)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(_fitted(rect, picture.pixmap.size()), picture.pixmap)
    else:
        if picture.request is not None:
            picture.request()  # painted, so on screen: now it is worth decoding
        painter.fillRect(rect, theme.RAISED)
        painter.setFont(_small(font))
        painter.setPen(theme.MUTED)
        waiting = transfer.state is FileState.REMOTE
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                         translate("FileCard", "Picture not loaded") if waiting
                         else translate("FileCard", "Loading picture…"))
    painter.restore()


def _paint_bar(painter: QPainter, bar: QRect, transfer: FileTransfer) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(theme.BORDER)
    painter.drawRoundedRect(QRectF(bar), BAR / 2, BAR / 2)
    if transfer.size:
        done = QRectF(bar)
        done.setWidth(max(float(BAR), bar.width() * min(1.0, transfer.done / transfer.size)))
        painter.setBrush(theme.ACCENT)
        painter.drawRoundedRect(done, BAR / 2, BAR / 2)


def action_at(geometry: CardLayout, pos: QPoint) -> str:
    found = next((a for a, rect in geometry.actions.items() if rect.contains(pos)), "")
    if not found and "load" in geometry.actions and geometry.picture is not None \
            and geometry.picture.contains(pos):
        return "load"  # the placeholder itself: click to load
    return found
