"""File names from the network, made safe to show and to save into the download folder.

A name a peer chose (from a URL path or metadata) is plain text that may try to escape the
folder (``../``, ``/etc/x``, ``C:\\x``), hide itself (a leading dot), lie about its type with
bidirectional controls (``invoice\\u202Efdp.exe`` shows as ``invoiceexe.pdf``), or be too long
for the file system. ``sanitise`` removes all of that; ``place`` moves a finished download to
a free name in the folder (``name (1).ext``) without ever replacing a file.
"""

from __future__ import annotations

import errno
import os
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_NAME_BYTES = 200  # under every common file system's 255, with room for " (99)" and ".part"
FALLBACK_NAME = "file"
# Characters Windows refuses in names, and both path separators.
_FORBIDDEN = set('/\\:*?"<>|')
# Unicode categories dropped: controls, formats (bidi overrides, zero-width), surrogates,
# private use, unassigned.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_WINDOWS_RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                               *(f"LPT{i}" for i in range(1, 10))})
MAX_COPIES = 9999


def sanitise(name: str) -> str:
    """A file name that is one plain, visible name in a folder; never empty."""
    name = unicodedata.normalize("NFC", name)
    kept = []
    for ch in name:
        if ch.isspace():
            kept.append(" ")
        elif unicodedata.category(ch) not in _DROPPED_CATEGORIES:
            kept.append("_" if ch in _FORBIDDEN else ch)
    clean = " ".join("".join(kept).split())  # no runs of blanks, none at the ends
    clean = clean.lstrip(". ").rstrip(". ")  # no hidden file; Windows drops trailing dots
    if clean.split(".", 1)[0].upper() in _WINDOWS_RESERVED:
        clean = "_" + clean
    clean = _limit(clean)
    return clean or FALLBACK_NAME


def _limit(name: str) -> str:
    """At most MAX_NAME_BYTES of UTF-8, keeping a short extension."""
    if len(name.encode()) <= MAX_NAME_BYTES:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext.encode()) > 16 or not stem:  # noqa: PLR2004  a real extension is short
        stem, ext = name, ""
    room = MAX_NAME_BYTES - len(ext.encode()) - (1 if ext else 0)
    cut = stem.encode()[:room].decode(errors="ignore").rstrip(". ")
    return f"{cut}.{ext}" if ext else cut


def name_from_url(url: str) -> str:
    """The sanitised last path segment of ``url`` (percent-decoded), or ``file``."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return FALLBACK_NAME
    segment = path.rstrip("/").rsplit("/", 1)[-1]
    return sanitise(unquote(segment, errors="replace"))


def candidates(name: str) -> list[str]:
    """``name``, then ``stem (1).ext``, ``stem (2).ext`` …"""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    return [name, *(f"{stem} ({i}){suffix}" for i in range(1, MAX_COPIES + 1))]


def inside(folder: Path, path: Path) -> bool:
    """``path`` is directly in ``folder`` (both resolved): nothing is written elsewhere."""
    return path.resolve().parent == folder.resolve()


def place(part: Path, folder: Path, name: str) -> Path:
    """Move the finished ``part`` file to ``folder/name`` or the first free ``name (n)``,
    never replacing an existing file; returns the final path."""
    for candidate in candidates(sanitise(name)):
        final = folder / candidate
        if not inside(folder, final):
            raise OSError(errno.EINVAL, "file name leaves the download folder", candidate)
        try:
            os.link(part, final)  # fails when the name is taken: no overwrite, no race
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EOPNOTSUPP):
                raise
            if final.exists():  # a file system without hard links
                continue
            os.rename(part, final)
            return final
        part.unlink()
        return final
    raise FileExistsError(errno.EEXIST, "no free file name", name)
