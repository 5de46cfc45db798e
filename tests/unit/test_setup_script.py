"""packaging/setup.sh decides honestly what to install: with everything in place it touches
neither apt nor pip (so Heron starts offline); a changed pyproject.toml or a missing package
installs again. apt, dpkg-query and pip are replaced by stubs that record their calls; the
script itself is the real one (the full install is proven on fresh Debian 12 and 13)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _script(path: Path, text: str) -> None:
    path.write_text("#!/bin/bash\n" + text)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the set-up script and pyproject.toml, with a venv whose python records pip
    calls, and stubs for apt-get, apt-cache, sudo and dpkg-query on PATH."""
    (tmp_path / "packaging").mkdir()
    shutil.copy(ROOT / "packaging" / "setup.sh", tmp_path / "packaging" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    calls = tmp_path / "calls.log"
    venv_bin = tmp_path / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    # (`-m compileall`, the byte-compile of Heron's own modules, is local: not recorded)
    _script(venv_bin / "python", 'if [ "$1 $2" = "-m compileall" ]; then exit 0; fi\n'
                                 f'if [ "$1" = -m ]; then echo "pip $*" >> {calls}\n'
                                 '  [[ "$* " == *" install -e "* ]] && exit "${PIP_STATUS:-0}"\n'
                                 '  exit 0; fi\n'
                                 f'exec {sys.executable} "$@"\n')
    _script(venv_bin / "heron", f'echo "heron started: $*" >> {calls}\n')
    for tool in ("ruff", "mypy"):
        _script(venv_bin / tool, "exit 0\n")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    for tool in ("apt-get", "sudo"):
        _script(stubs / tool, f'echo "{tool} $*" >> {calls}; echo "E: no network"; exit 1\n')
    _script(stubs / "apt-cache", 'echo "  Candidate: 1.0"\n')
    # Reports every package installed except those named in $MISSING.
    _script(stubs / "dpkg-query", 'for p in "$@"; do case "$p" in -*) continue;; esac\n'
                                  '  if [[ " $MISSING " == *" $p "* ]]; then\n'
                                  '    echo "$p unknown ok not-installed"\n'
                                  '  else echo "$p install ok installed"; fi; done\n')
    return tmp_path


def _run(checkout: Path, *args: str, missing: str = "",
         pip_status: int = 0) -> tuple[int, str, str]:
    env = {**os.environ, "PATH": f"{checkout / 'stubs'}:{os.environ['PATH']}",
           "HERON_PYTHON": sys.executable, "MISSING": missing, "PIP_STATUS": str(pip_status)}
    result = subprocess.run(["bash", str(checkout / "packaging" / "setup.sh"), *args],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    calls = checkout / "calls.log"
    log = calls.read_text() if calls.exists() else ""
    calls.unlink(missing_ok=True)
    return result.returncode, result.stdout + result.stderr, log


def test_second_run_touches_neither_apt_nor_pip(checkout: Path) -> None:
    code, out, calls = _run(checkout, "run", "--demo", "--screenshot", "x.png")
    assert code == 0, out
    assert "pip -m pip install" in calls and "apt-get" not in calls
    # The first run adds Heron to the application menu, then starts it.
    assert calls.endswith("heron started: desktop-entry\n"
                          "heron started: --demo --screenshot x.png\n")
    code, out, calls = _run(checkout, "run", "--demo", "--screenshot", "x.png")
    assert code == 0, out
    assert calls == "heron started: --demo --screenshot x.png\n"
    assert "installing" not in out


def test_a_changed_dependency_list_installs_again(checkout: Path) -> None:
    _run(checkout, "run")
    with (checkout / "pyproject.toml").open("a") as fh:
        fh.write("\n# a new dependency\n")
    code, out, calls = _run(checkout, "run")
    assert code == 0, out
    assert "installing Python packages" in out and "pip -m pip install" in calls


def test_the_test_install_also_serves_run(checkout: Path) -> None:
    code, out, calls = _run(checkout, "test", "--version")
    assert "-e .[test]" in calls, out
    code, out, calls = _run(checkout, "run")
    assert code == 0 and "pip" not in calls, out


def test_debian_13s_renamed_glib_counts_as_installed(checkout: Path) -> None:
    _run(checkout, "run")
    code, out, calls = _run(checkout, "run", missing="libglib2.0-0")
    assert code == 0 and "apt-get" not in calls, out
    code, out, calls = _run(checkout, "run", missing="libglib2.0-0 libglib2.0-0t64")
    assert "apt-get update" in calls, out


def test_a_missing_package_goes_to_apt_and_a_failure_names_the_log(checkout: Path) -> None:
    code, out, calls = _run(checkout, "run", "--demo", missing="prosody")
    assert code == 1
    assert "installing 1 system package(s) with apt: prosody" in out
    assert "  | E: no network" in out and f"full log: {checkout / '.setup.log'}" in out
    assert "heron started" not in calls


def test_prosody_is_only_wanted_for_the_demo_and_the_tests(checkout: Path) -> None:
    code, out, calls = _run(checkout, "run", missing="prosody")
    assert code == 0 and "apt-get" not in calls, out


def test_xvfb_is_only_wanted_for_the_tests(checkout: Path) -> None:
    code, out, calls = _run(checkout, "run", "--demo", missing="xvfb")
    assert code == 0 and "apt-get" not in calls, out
    code, out, calls = _run(checkout, "test", missing="xvfb")
    assert "with apt: xvfb" in out, out


def test_a_failed_pip_install_is_tried_again_next_time(checkout: Path) -> None:
    code, out, calls = _run(checkout, "run", pip_status=1)
    assert code == 1 and "pip could not install" in out and "heron started" not in calls
    code, out, calls = _run(checkout, "run")
    assert code == 0 and "pip -m pip install -e ." in calls, out


def _pytest_runs(calls: str) -> list[str]:
    """The pytest command lines the script ran (after ``-m pytest -q -p no:cacheprovider``)."""
    return [line.split("no:cacheprovider", 1)[1].strip() for line in calls.splitlines()
            if "-m pytest" in line]


def test_tests_run_on_prosody_then_those_with_a_server_on_ejabberd(checkout: Path) -> None:
    _run(checkout, "test")  # the first run installs
    code, out, calls = _run(checkout, "test")
    assert code == 0, out
    on_ejabberd = "--server=ejabberd tests/integration tests/adversarial tests/ui"
    assert _pytest_runs(calls) == ["", on_ejabberd]
    # Options go to both runs.
    code, out, calls = _run(checkout, "test", "-x", "-k", "chat")
    assert _pytest_runs(calls) == ["-x -k chat", f"{on_ejabberd} -x -k chat"]


def test_named_tests_or_a_chosen_server_run_once_as_asked(checkout: Path) -> None:
    (checkout / "tests" / "unit").mkdir(parents=True)
    (checkout / "tests" / "unit" / "test_x.py").touch()
    _run(checkout, "test")
    for args in (["tests/unit", "-q"], ["tests/unit/test_x.py::test_y"], ["--server=ejabberd"]):
        code, out, calls = _run(checkout, "test", *args)
        assert code == 0, out
        assert _pytest_runs(calls) == [" ".join(args)]
