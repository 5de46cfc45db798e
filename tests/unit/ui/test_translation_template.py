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


def test_the_template_holds_every_string_of_the_interface(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    files = sorted(str(p) for p in (ROOT / "app" / "heron").rglob("*.py"))
    subprocess.run([str(lupdate), *files, "-ts", str(fresh)], check=True, capture_output=True)
    missing = sorted(_sources(fresh) - _sources(TEMPLATE))
    assert missing == [], (
        f"{len(missing)} strings are not in {TEMPLATE.name}; regenerate it as "
        f"translations/README.md says. First: {missing[:5]}")
