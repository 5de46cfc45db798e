"""Checks that used to be ``assert``s: they must hold under ``python -O`` too, where asserts
vanish, so each one raises a real error with a message a developer can act on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from heron.application import Heron
from heron.core.jid import resource
from heron.core.paths import ProfilePaths
from heron.demo.prosody import _executable

APP = Path(__file__).resolve().parents[2] / "app"


def test_pipeline_before_open_says_what_to_do(tmp_path: Path) -> None:
    app = Heron(ProfilePaths(tmp_path))
    with pytest.raises(RuntimeError, match=r"Heron\.open\(\) first"):
        _ = app.pipeline


def test_pipeline_check_survives_optimised_python(tmp_path: Path) -> None:
    code = (
        "from heron.application import Heron\n"
        "from heron.core.paths import ProfilePaths\n"
        "from pathlib import Path\n"
        f"app = Heron(ProfilePaths(Path({str(tmp_path)!r})))\n"
        "try:\n"
        "    app.pipeline\n"
        "except RuntimeError as exc:\n"
        "    print('refused:', exc)\n"
    )
    out = subprocess.run([sys.executable, "-O", "-c", code], capture_output=True, text=True,
                         timeout=60, check=True, env={**os.environ, "PYTHONPATH": str(APP)}).stdout
    assert "refused: Heron.open() first" in out


def test_a_missing_tool_is_named_not_looked_up_in_the_cwd() -> None:
    with pytest.raises(FileNotFoundError, match="no-such-heron-tool is not installed"):
        _executable("no-such-heron-tool")
    assert Path(_executable("sh")).is_absolute()


@pytest.mark.parametrize(("jid", "expected"), [
    ("juliet@example.org/balcony", "balcony"),
    ("juliet@example.org/a/b", "a/b"),  # a resource may itself contain "/"
    ("juliet@example.org", ""),
    ("juliet@example.org/", ""),
])
def test_resource_is_everything_after_the_first_slash(jid: str, expected: str) -> None:
    assert resource(jid) == expected
