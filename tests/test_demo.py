"""`make demo` ends with one line that, pasted into a shell anywhere, points tracker at the demo
database: the README promises it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_demo_says_how_to_reach_its_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_DEMO_DIR=str(tmp_path / "demo"),
               TRACKER_DEMO_BIN=str(Path(sys.executable).parent / "tracker"))
    demo = subprocess.run(["bash", str(ROOT / "contrib" / "demo.sh")], env=env,
                          capture_output=True, text=True, check=True).stdout
    *_, hint, line = demo.rstrip("\n").split("\n")
    assert hint.startswith("To go on with the demo database, paste this line into your shell")
    assert line.startswith("export PATH=")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    clean = {k: v for k, v in env.items() if not k.startswith("TRACKER_")}
    shell = subprocess.run(["bash", "-c", f"{line}\ntracker open --limit 1\ntracker show 2"],
                           cwd=elsewhere, env=clean, capture_output=True, text=True, check=True)
    assert "15 open, " in shell.stdout and "#2  De volgende bijeenkomst" in shell.stdout
    readme = (ROOT / "README.md").read_text()
    assert 'export PATH="$PWD/.venv/bin:$PATH" TRACKER_CONFIG="$PWD/config.toml"' in readme
