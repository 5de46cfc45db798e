"""Start-up stays light: building and showing the main window imports none of the heavy parts
that only calls (aiortc, av) or encryption (omemo, slixmpp-omemo) need. Each would add a
noticeable part of a second before the first paint (DESIGN.md: slixmpp-omemo alone ~0.9 s,
aiortc ~0.36 s); they load on first use. Nor slixmpp (~0.05 s here), which the first
connection loads after the window shows. Checked in a fresh interpreter running Heron's real
start (``python -m heron --profile DIR``, offscreen) once its window shows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# slixmpp too: it loads when an account connects, after the first frame (ui/runner.py)
HEAVY = ("aiortc", "av", "omemo", "slixmpp_omemo", "twomemo", "oldmemo", "slixmpp")

CHILD = """
import json, os, signal, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from heron.__main__ import main

qt_app = QApplication(sys.argv)

def look():
    shown = [w for w in qt_app.topLevelWidgets()
             if type(w).__name__ == "MainWindow" and w.isVisible()]
    if not shown:
        QTimer.singleShot(20, look)
        return
    def report():  # after the first frame's own deferred work has run
        print("HEAVY " + json.dumps(sorted(m for m in sys.modules
                                           if m.split(".")[0] in HEAVY)), flush=True)
        os.kill(os.getpid(), signal.SIGTERM)
    QTimer.singleShot(500, report)

HEAVY = set(json.loads(sys.argv[2]))
QTimer.singleShot(0, look)
sys.exit(main(["--profile", sys.argv[1]]))
"""


def test_showing_the_main_window_imports_no_call_or_encryption_stack(tmp_path: Path) -> None:
    import json

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "profile"),
                           json.dumps(HEAVY)], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("HEAVY ")]
    assert lines, done.stdout + done.stderr
    assert json.loads(lines[0][len("HEAVY "):]) == []
