"""File names from the network: one plain, visible name in the download folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heron.core.filenames import MAX_NAME_BYTES, name_from_url, place, sanitise


@pytest.mark.parametrize(("raw", "clean"), [
    ("report.pdf", "report.pdf"),
    ("../../etc/passwd", "_.._etc_passwd"),
    ("..\\..\\boot.ini", "_.._boot.ini"),
    ("C:\\Windows\\x.dll", "C__Windows_x.dll"),
    (".bashrc", "bashrc"),
    ("...", "file"),
    ("", "file"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),  # shows it is an .exe
    ("a\u2066b\u2069c\u200fd\u200b.txt", "abcd.txt"),
    ("tab\there\nnew\x00line\x7f.txt", "tab here newline.txt"),
    ("CON.txt", "_CON.txt"),
    ("trailing. . ", "trailing"),
    ("Straße – café.png", "Straße – café.png"),
])
def test_sanitise(raw: str, clean: str) -> None:
    assert sanitise(raw) == clean


def test_long_names_keep_their_extension() -> None:
    name = sanitise("é" * 300 + ".jpeg")
    assert name.endswith(".jpeg") and len(name.encode()) <= MAX_NAME_BYTES


@given(st.text())
def test_any_text_becomes_one_safe_name(raw: str) -> None:
    name = sanitise(raw)
    assert name and "/" not in name and "\\" not in name and not name.startswith(".")
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert all(ord(ch) >= 0x20 and ch not in "\u202e\u2066\u200f" for ch in name)


def test_name_from_url() -> None:
    assert name_from_url("https://h/share/ab12/My%20Photo.jpg?x=1#f") == "My Photo.jpg"
    assert name_from_url("https://h/a/%2e%2e%2f%2e%2e%2fetc%2fpasswd") == "_.._etc_passwd"
    assert name_from_url("https://h/") == "file"


def test_place_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "dl"
    folder.mkdir()
    (folder / "a.txt").write_text("old")
    for text in ("one", "two"):
        part = folder / "x.part"
        part.write_text(text)
        place(part, folder, "a.txt")
    assert {p.name: p.read_text() for p in folder.iterdir()} == {
        "a.txt": "old", "a (1).txt": "one", "a (2).txt": "two"}
