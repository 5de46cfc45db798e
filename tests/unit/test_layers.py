"""The layer rule of DESIGN.md, checked on every import statement of app/heron."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "app" / "heron"
BELOW_QT = ("xmpp", "storage", "crypto", "calls", "core", "demo")
ABOVE_XMPP = ("ui", "models")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _files(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py")) if (PACKAGE / layer).exists() else []


@pytest.mark.parametrize("layer", BELOW_QT)
def test_nothing_below_the_qt_boundary_imports_qt(layer: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _files(layer)
        for name in _imports(path)
        if name.split(".")[0] in ("PySide6", "qasync", "shiboken6")
    ]
    assert offenders == []


@pytest.mark.parametrize("layer", ABOVE_XMPP)
def test_ui_and_models_never_import_slixmpp(layer: str) -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _files(layer)
        for name in _imports(path)
        if name.split(".")[0] == "slixmpp" or name.startswith(("heron.xmpp.plugins",))
    ]
    assert offenders == []


def test_models_do_not_import_ui() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in _files("models")
        for name in _imports(path)
        if name.startswith("heron.ui")
    ]
    assert offenders == []


def test_the_rule_is_really_checked(tmp_path: Path) -> None:
    """The walker sees both import forms, so a violation cannot hide."""
    sample = tmp_path / "x.py"
    sample.write_text("import slixmpp.stanza\nfrom PySide6.QtCore import Qt\n")
    assert _imports(sample) == ["slixmpp.stanza", "PySide6.QtCore"]
