"""Jingle signalling is part of every session, but aiortc and PyAV load only with the first
call: importing the session (with its Jingle service and plugins) must not pull them in."""

from __future__ import annotations

import subprocess
import sys


def test_the_session_with_jingle_loads_neither_aiortc_nor_av() -> None:
    code = ("import sys, heron.xmpp.session, heron.xmpp.services.jingle_rtp, "
            "heron.calls.sdp_jingle; "
            "print(sorted(m for m in ('aiortc', 'av', 'aioice') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "[]"
