"""Echo, the demo bot, says it takes calls, and its call code costs nothing until one comes:
aiortc and PyAV stay unloaded while the demo starts (they load with the first call)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CODE = """
import json, sys
from heron.demo.bot import DemoBot
bot = DemoBot("echo@localhost/bot", "secret")
features = set(bot.plugin["xep_0030"].static.get_node(None, None, "")["info"]["features"])
print(json.dumps({"features": sorted(features),
                  "heavy": sorted(m for m in ("aiortc", "av", "aioice") if m in sys.modules)}))
"""


def test_echo_advertises_calls_and_loads_no_media_library_until_a_call() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "app")}
    done = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True,
                          text=True, timeout=60, check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    # What enables Heron's call buttons for Echo (xmpp/services/jmi.py JmiService.reachable).
    assert {"urn:xmpp:jingle-message:0", "urn:xmpp:jingle:apps:rtp:1"} <= set(found["features"])
    assert found["heavy"] == []
