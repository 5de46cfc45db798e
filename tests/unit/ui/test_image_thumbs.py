"""Thumbnails are decoded only from pictures of a sane size (no decompression bombs)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage

from heron.ui.image_thumbs import THUMB_SIDE, make_thumbnail


def _png(path: Path, width: int, height: int, fmt: QImage.Format) -> Path:
    image = QImage(width, height, fmt)
    image.fill(QColor("#3366cc") if fmt != QImage.Format.Format_Mono else 0)
    assert image.save(str(path))
    return path


def test_a_picture_is_scaled_and_cached(tmp_path: Path, qapp: object) -> None:
    source = _png(tmp_path / "a.png", 1200, 800, QImage.Format.Format_RGB32)
    thumb = make_thumbnail(source, tmp_path / "cache" / "1.png")
    assert thumb is not None and (thumb.width(), thumb.height()) == (THUMB_SIDE, 213)
    assert QImage(str(tmp_path / "cache" / "1.png")).size() == thumb.size()


def test_a_decompression_bomb_is_not_decoded(tmp_path: Path, qapp: object) -> None:
    # 42 megapixels in a file of a few kilobytes (Qt's own allocation limit would let this
    # one through: it decodes to 1 bit a pixel); and a picture absurdly wide.
    bomb = _png(tmp_path / "bomb.png", 7000, 6000, QImage.Format.Format_Mono)
    assert bomb.stat().st_size < 100_000
    assert make_thumbnail(bomb, tmp_path / "cache" / "2.png") is None
    wide = _png(tmp_path / "wide.png", 25_000, 400, QImage.Format.Format_Mono)
    assert make_thumbnail(wide, tmp_path / "cache" / "3.png") is None
    assert not (tmp_path / "cache").exists()


def test_not_a_picture(tmp_path: Path, qapp: object) -> None:
    fake = tmp_path / "x.png"
    fake.write_bytes(b"MZ\x90\x00 not a png")
    assert make_thumbnail(fake, tmp_path / "t.png") is None
