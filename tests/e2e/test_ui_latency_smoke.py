"""A short run of the browser latency bench (bench/ui_latency.py) against the suite's running app.

No timing assertions: the figures live in docs/benchmarks.md. This only proves that the bench still drives
the page (every press measured) and that the page ends showing what the server stored.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.e2e.harness import ROOT


def test_ui_latency_bench_runs_and_the_page_matches_the_database(app):
    proc = subprocess.run(
        [sys.executable, "-m", "bench.ui_latency", "--url", app.base_url, "--db-url", app.db_url,
         "--presses", "6", "--interval", "0.2", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    detail = f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    lines = proc.stdout.strip().splitlines()
    assert lines and lines[-1].startswith("{"), detail
    summary = json.loads(lines[-1])
    assert proc.returncode == 0, detail
    assert summary["mismatches"] == 0 and summary["unmeasured"] == 0, detail
    for name in ("home", "grid"):
        result = summary[name]
        assert result["checked"] > 0 and result["mismatches"] == 0, detail
        assert result["click_dom_ms"]["n"] == 6 and result["ws_rt_ms"]["n"] == 6, detail
        assert result["delta_bytes"]["n"] == 6, detail
