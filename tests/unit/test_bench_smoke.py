"""The bench runs and writes a complete report (a smoke run: sizes tiny, no timing asserted)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "startup_to_window_s", "rss_after_10s_mb", "live_ingest_ratio_vs_slixmpp",
    "offline_burst_msgs_per_s", "loop_lag_max_ms", "loop_lag_p99_ms",
    "open_conversation_first_paint_ms", "fts_first_page_ms", "roster_filter_keystroke_ms",
    "chats_burst_1000_ms",
}


@pytest.mark.integration
@pytest.mark.timeout(150)
def test_bench_smoke_run_writes_every_metric(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench", "--smoke", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=140,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(out.read_text())
    assert json.loads(result.stdout) == report  # one JSON report on stdout, the same as --out
    metrics = {m["metric"]: m for m in report["metrics"]}
    assert set(metrics) == EXPECTED
    for name, m in metrics.items():
        value = m["value"]
        assert isinstance(value, float | int) and not isinstance(value, bool), name
        assert not math.isnan(value), f"{name} is NaN"  # the measurement happened
        assert m["verdict"] in ("meets", "misses"), name
        assert isinstance(m["budget"], float | int), name
        assert m["unit"], name
    # relative budgets carry their baseline
    assert "baseline_bare_pyside6_s" in metrics["startup_to_window_s"]
    assert "bare_slixmpp_s" in metrics["live_ingest_ratio_vs_slixmpp"]
    assert "bare_slixmpp_msgs_per_s" in metrics["offline_burst_msgs_per_s"]
