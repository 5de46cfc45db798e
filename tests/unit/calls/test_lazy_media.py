"""aiortc and PyAV load with the first call, not with the call window's modules (start-up
stays within its budget: aiortc alone costs ~0.36 s)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_call_window_and_settings_load_without_aiortc_or_av() -> None:
    code = ("import sys; import heron.ui.call_window, heron.ui.call_settings, heron.calls.api; "
            "print(sorted(m for m in ('aiortc', 'av', 'aioice') if m in sys.modules))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT / "app")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
