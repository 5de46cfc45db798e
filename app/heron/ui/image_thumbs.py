"""Inline thumbnails of image files: decoded off the GUI thread, cached on disk and in memory.

A picture from the network is decoded by QImageReader in a worker thread, and only after its
header says how large it is: more than MAX_PIXELS (or a side above MAX_SIDE) is not decoded at
all, and Qt's own allocation limit stays low, so a small file that inflates to gigabytes (a
decompression bomb) costs nothing. The scaled copy is written once as a PNG in the profile's
thumbnail folder; painting only ever takes a pixmap from memory and, if it is not there yet,
asks for it and paints a placeholder (scrolling never waits for a disk or a decoder).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap

from heron.core.file_events import FileTransfer
from heron.core.tasks import spawn

log = logging.getLogger(__name__)

IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"})
THUMB_SIDE = 320  # the longest side of a thumbnail, in pixels
MAX_PIXELS = 40_000_000  # larger pictures are not decoded
MAX_SIDE = 20_000
ALLOCATION_LIMIT_MB = 192  # Qt refuses to allocate more for one decode
MEMORY_ITEMS = 120  # pixmaps kept in memory (~30 MB: several screens of pictures)
REPAINT_MS = 200  # thumbnails ready within this are announced together (one new layout)


def is_image(transfer: FileTransfer) -> bool:
    return transfer.mime in IMAGE_TYPES


def make_thumbnail(source: Path, target: Path) -> QImage | None:
    """Worker thread: decode ``source`` scaled to THUMB_SIDE (if it is a sane picture),
    save it as ``target`` (PNG) and return it; None when it is not a picture Heron decodes."""
    QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    reader = QImageReader(str(source))
    reader.setAutoTransform(True)
    size = reader.size()
    if not size.isValid() or size.width() <= 0 or size.height() <= 0:
        return None
    if size.width() > MAX_SIDE or size.height() > MAX_SIDE or \
            size.width() * size.height() > MAX_PIXELS:
        log.info("thumbnail: %s is %dx%d, too large to decode", source.name, size.width(),
                 size.height())
        return None
    if max(size.width(), size.height()) > THUMB_SIDE:
        reader.setScaledSize(size.scaled(THUMB_SIDE, THUMB_SIDE,
                                         Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(target))  # PNG: the name says so
    return image


def load_thumbnail(source: Path, target: Path) -> QImage | None:
    """Worker thread: the cached thumbnail, or a new one."""
    if target.exists():
        image = QImage(str(target))
        if not image.isNull():
            return image
    return make_thumbnail(source, target)


class Thumbnails(QObject):
    #: a message's thumbnail is back in memory, same size (its row id): repaint that row
    ready = Signal(int)

    #: pictures that could not be decoded: their rows lose the picture box
    resized = Signal(int)

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._pixmaps: OrderedDict[int, QPixmap] = OrderedDict()
        self._sizes: dict[int, QSize] = {}  # never forgotten: a few bytes each
        self._pending: set[int] = set()
        self._failed: set[int] = set()
        self._ready: list[int] = []
        self._announce = QTimer(self)
        self._announce.setSingleShot(True)
        self._announce.setInterval(REPAINT_MS)
        self._announce.timeout.connect(self._flush)

    def pixmap(self, transfer: FileTransfer) -> QPixmap | None:
        """The thumbnail if it is in memory (never loads: see ``request``)."""
        found = self._pixmaps.get(transfer.message_pk)
        if found is not None:
            self._pixmaps.move_to_end(transfer.message_pk)
        return found

    def request(self, transfer: FileTransfer) -> None:
        """Decode (or read from the disk cache) off the GUI thread; ``ready`` follows."""
        pk = transfer.message_pk
        if transfer.local_path and pk not in self._pending and pk not in self._failed \
                and pk not in self._pixmaps:
            self._pending.add(pk)
            spawn(self._load(pk, Path(transfer.local_path)), "thumbnail")

    def failed(self, transfer: FileTransfer) -> bool:
        return transfer.message_pk in self._failed

    def size_of(self, transfer: FileTransfer) -> QSize | None:
        return self._sizes.get(transfer.message_pk)

    async def _load(self, pk: int, source: Path) -> None:
        target = self.folder / f"{pk}.png"
        loop = asyncio.get_running_loop()
        try:
            image = await loop.run_in_executor(None, load_thumbnail, source, target)
        finally:
            self._pending.discard(pk)
        known = image is not None  # a failed one loses its picture box: the row shrinks
        if image is None:
            self._failed.add(pk)
        else:
            self._pixmaps[pk] = QPixmap.fromImage(image)  # on the GUI thread
            self._sizes[pk] = image.size()
            while len(self._pixmaps) > MEMORY_ITEMS:
                self._pixmaps.popitem(last=False)
        self._ready.append(pk if known else -pk)
        if not self._announce.isActive():
            self._announce.start()

    def _flush(self) -> None:
        """One announcement per batch: ``ready`` (repaint) for thumbnails decoded,
        ``resized`` (measure again) for pictures Heron could not decode."""
        batch, self._ready = self._ready, []
        for signed in batch:
            if signed > 0:
                self.ready.emit(signed)
            else:
                self.resized.emit(-signed)
