"""Translators work from translations/heron_en.ts: every string Heron shows must be in it."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "translations" / "heron_en.ts"


def _sources(ts_file: Path) -> set[tuple[str, str]]:
    tree = ET.parse(ts_file)
    return {(context.findtext("name") or "", message.findtext("source") or "")
            for context in tree.iter("context") for message in context.iter("message")}


def _extract(tmp_path: Path) -> set[tuple[str, str]]:
    """What lupdate finds in the package today."""
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    files = sorted(str(p) for p in (ROOT / "app" / "heron").rglob("*.py"))
    subprocess.run([str(lupdate), *files, "-ts", str(fresh)], check=True, capture_output=True)
    return _sources(fresh)


def test_the_template_holds_every_string_of_the_interface(tmp_path: Path) -> None:
    missing = sorted(_extract(tmp_path) - _sources(TEMPLATE))
    assert missing == [], (
        f"{len(missing)} strings are not in {TEMPLATE.name}; regenerate it as "
        f"translations/README.md says. First: {missing[:5]}")


def test_every_string_is_found_under_the_context_it_is_shown_with(tmp_path: Path) -> None:
    """``tr("x")`` outside a class, or ``menu.tr("x")``, is filed by lupdate under "" or "menu",
    while Qt looks it up under a class name at run time: its translation would never show."""
    wrong = sorted((context, text) for context, text in _extract(tmp_path)
                   if not context or not context[0].isupper())
    assert wrong == []
