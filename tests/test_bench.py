"""The benchmark runs (tiny sizes), so it cannot rot. Timing is reported, never asserted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
def test_bench_smoke(tmp_path):
    out = tmp_path / "results.json"
    env = {**os.environ, "TRACKER_BENCH_POSTGRES_URL": ""}
    done = subprocess.run([sys.executable, str(ROOT / "bench/run.py"), "--smoke", "--out",
                           str(out), "--work", str(tmp_path / "work")],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text())
    listing = results["listings"]["300"]
    for key in ("floor_sqlite3", "tracker_open_owner", "orm_click_script", "tracker_open_overdue",
                "floor_overdue", "tracker_open_all", "floor_all"):
        assert listing[key]["min"] <= listing[key]["median"] <= listing[key]["max"]
    # The plans name the indexes the listing relies on.
    plans = json.dumps(listing["plans"])
    assert "ix_actions_owner_status_due" in plans and "ix_actions_status_due" in plans
    assert results["ingest"]["cli_sqlite_reports_per_s"] > 0
    digest = results["digest"]["20"]
    assert digest["mails_received"] == 21  # 20 owners and the coordinator
    assert results["startup"]["importtime_open"]
    verbs = results["verbs"]
    for key in ("tracker_open_owner", "tracker_show", "tracker_close", "tracker_reports"):
        assert verbs[key]["min"] <= verbs[key]["median"] <= verbs[key]["max"]
    assert "Listing the ~30 open actions of one owner" in done.stdout
