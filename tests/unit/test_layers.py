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


def _storage_reach(path: Path) -> list[str]:
    """Every way a module reaches storage: importing heron.storage (absolute or relative),
    or touching a ``repos`` attribute (``app.repos.messages...``), even without an import."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.startswith("heron.storage"))
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.startswith("heron.storage") or (node.level and (
                    module.startswith("storage") or any(a.name == "storage" for a in node.names))):
                found.append(f"from {'.' * node.level}{module} import ...")
        elif isinstance(node, ast.Attribute) and node.attr in ("repos", "db"):
            found.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id == "Repos":
            found.append(f"line {node.lineno}: Repos")
    return found


@pytest.mark.parametrize("layer", ABOVE_XMPP)
def test_ui_and_models_never_reach_storage(layer: str) -> None:
    """DESIGN.md: ui/ and models/ ask the application or a service, which answers off the GUI
    thread; they never hold a repository, not even through ``app.repos``."""
    offenders = [f"{path.relative_to(PACKAGE)}: {what}"
                 for path in _files(layer) for what in _storage_reach(path)]
    assert offenders == []


def test_the_storage_rule_is_really_checked(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("from heron.storage.db import Database\nfrom ..storage import repos\n"
                      "rows = self.app.repos.roster.load_blocking(jid)\n"
                      "await app.db.run(fn)\n")
    assert _storage_reach(sample) == [
        "from heron.storage.db import ...", "from ..storage import ...",
        "line 3: .repos", "line 4: .db"]
    clean = tmp_path / "y.py"
    clean.write_text("rows = await self.app.cached_roster(jid)\n")
    assert _storage_reach(clean) == []


def test_the_rule_is_really_checked(tmp_path: Path) -> None:
    """The walker sees both import forms, so a violation cannot hide."""
    sample = tmp_path / "x.py"
    sample.write_text("import slixmpp.stanza\nfrom PySide6.QtCore import Qt\n")
    assert _imports(sample) == ["slixmpp.stanza", "PySide6.QtCore"]
