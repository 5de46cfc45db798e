"""The test-server switch: ``--server`` or ``HERON_TEST_SERVER`` picks Prosody or ejabberd (the
option wins), and a test marked for one server is left out on the other with its reason shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RIG_TESTS = ["tests/integration/test_prosody_rig.py", "tests/integration/test_ejabberd_rig.py"]


def _collect(*args: str, env_server: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HERON_TEST_SERVER"}
    if env_server is not None:
        env["HERON_TEST_SERVER"] = env_server
    return subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                           "-p", "no:cacheprovider", *args, *RIG_TESTS],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _collected(result: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line
            and ": " not in line}


def test_prosody_is_the_default_and_ejabberd_only_tests_are_listed_with_a_reason() -> None:
    result = _collect()
    assert result.returncode == 0, result.stdout + result.stderr
    assert _collected(result) == {RIG_TESTS[0]}
    assert "not run on prosody (pytest.mark.server)" in result.stdout
    assert ("test_ejabberd_rig.py::test_direct_tls_port_gives_a_session: ejabberd only: "
            "tests LocalEjabberd, the rig itself") in result.stdout


def test_the_variable_picks_ejabberd_and_the_option_wins_over_it() -> None:
    assert _collected(_collect(env_server="ejabberd")) == {RIG_TESTS[1]}
    assert _collected(_collect("--server=ejabberd", env_server="prosody")) == {RIG_TESTS[1]}
    assert _collected(_collect("--server=prosody", env_server="ejabberd")) == {RIG_TESTS[0]}


def test_an_unknown_server_is_a_usage_error() -> None:
    result = _collect(env_server="openfire")
    assert result.returncode != 0
    assert "HERON_TEST_SERVER='openfire'" in result.stdout + result.stderr
